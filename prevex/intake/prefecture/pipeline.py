from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prevex.imports.models import ImportBatch, ImportKind
from prevex.imports.pipeline import Pipeline
from prevex.intake.forms import ListUploadForm
from prevex.intake.prefecture import services
from prevex.intake.prefecture.decisions import DECISIONS
from prevex.intake.prefecture.fields import CATALOGUE


class PrefectureList(Pipeline):
    kind = ImportKind.PREFECTURE
    namespace = "intake"
    param = "list_id"
    nav = "intake"
    upload_form = ListUploadForm
    title = gettext_lazy("Importer une liste de la préfecture")
    upload_button = gettext_lazy("Lire le fichier")
    decisions = DECISIONS
    has_mapping = True
    can_undo = True

    def field_choices(self) -> list:
        return CATALOGUE.choices()

    def upload(self, *, team, data: bytes, filename: str, user, received_on=None, **options) -> ImportBatch:
        return services.batch_upload(team=team, data=data, filename=filename, user=user, received_on=received_on)

    def remap(self, *, batch: ImportBatch, mapping: list[str], codes: dict, save_as: str, user) -> list[str]:
        return services.batch_remap(batch=batch, mapping=mapping, save_as=save_as, user=user).problems

    def commit(self, *, batch: ImportBatch, user) -> dict:
        return services.batch_commit(batch=batch, user=user)

    def undo(self, *, batch: ImportBatch, user) -> dict:
        return services.batch_undo(batch=batch, user=user)

    def undo_blocker(self, batch: ImportBatch) -> str:
        return services.undo_blocker(batch)

    def confirm_label(self, count: int) -> str:
        return ngettext(
            "Confirmer : %(count)s situation créée ou mise à jour",
            "Confirmer : %(count)s situations créées ou mises à jour",
            count,
        ) % {"count": count}

    def written_message(self, written: dict) -> str:
        return _("Import terminé. Situations créées : %(created)s ; mises à jour : %(updated)s.") % written


prefecture_list = PrefectureList()
