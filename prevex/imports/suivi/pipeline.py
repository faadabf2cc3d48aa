from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.imports.models import ImportBatch, ImportKind
from prevex.imports.pipeline import Pipeline
from prevex.imports.suivi import services
from prevex.imports.suivi.fields import CATALOGUE
from prevex.imports.suivi.sheet import CODED_COLUMNS, DECISIONS


class TrackingSheet(Pipeline):
    kind = ImportKind.SUIVI
    namespace = "imports"
    prefix = "suivi_"
    route = "suivi/"
    title = gettext_lazy("Importer le tableau de suivi")
    decisions = DECISIONS
    has_mapping = True
    can_undo = True
    undo_help = gettext_lazy(
        "Retire les situations créées et les événements ajoutés aux situations déjà suivies, tant que personne "
        "n'y a touché."
    )

    def field_choices(self) -> list:
        return CATALOGUE.choices()

    def after_upload(self, batch: ImportBatch) -> str:
        """Straight to the preview when the file uses the format's headers and codes, or a saved profile's."""
        summary = batch.summary
        unmapped = summary["problems"] or summary["unknown_codes"]
        return "mapping" if unmapped or not (summary["exact"] or summary["profile"]) else "preview"

    def remap(self, *, batch: ImportBatch, mapping: list[str], codes: dict, save_as: str, user) -> list[str]:
        return services.batch_remap(batch=batch, mapping=mapping, codes=codes, save_as=save_as, user=user).problems

    def undo(self, *, batch: ImportBatch, user) -> dict:
        return services.batch_undo(batch=batch, user=user)

    def undo_blocker(self, batch: ImportBatch) -> str:
        return services.undo_blocker(batch)

    def code_questions(self, batch: ImportBatch) -> list:
        codes = batch.summary.get("codes", {})
        return [
            (column, CATALOGUE.label(column), found, CODED_COLUMNS[column][1], codes.get(column, {}))
            for column, found in batch.summary.get("unknown_codes", {}).items()
        ]

    def upload(self, *, team, data: bytes, filename: str, user, **options) -> ImportBatch:
        return services.batch_upload(team=team, data=data, filename=filename, user=user)[0]

    def commit(self, *, batch: ImportBatch, user) -> dict:
        return services.batch_commit(batch=batch, user=user)

    def result_message(self, written: dict) -> str:
        return (
            _("Situations créées : %(created)s ; mises à jour : %(updated)s ; événements ajoutés : %(events)s.")
            % written
        )

    def written_message(self, written: dict) -> str:
        return (
            _(
                "Import terminé. Situations créées : %(created)s ; mises à jour : %(updated)s ; "
                "événements ajoutés : %(events)s."
            )
            % written
        )


tracking_sheet = TrackingSheet()
