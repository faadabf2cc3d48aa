from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.imports.models import ImportBatch, ImportKind
from prevex.imports.pipeline import Decision, Pipeline
from prevex.intake import social_services
from prevex.intake.forms import AnswerUploadForm
from prevex.intake.mds import services
from prevex.organisations.permissions import Action


class SocialServicesAnswer(Pipeline):
    kind = ImportKind.SOCIAL_SERVICES
    namespace = "intake"
    prefix = "social_services_"
    route = "services-sociaux/"
    param = "answer_id"
    view_names = {"upload": "social_services", "preview": "social_services_answer"}
    nav = "dashboard"
    action = Action.CHECK_SOCIAL_SERVICES
    upload_form = AnswerUploadForm
    upload_template = "intake/social_services.html"
    title = gettext_lazy("Vérification auprès des services sociaux")
    upload_button = gettext_lazy("Lire la réponse")
    decisions = (services.KNOWN, services.NOT_KNOWN, Decision.ERROR)
    written_decisions = (services.KNOWN, services.NOT_KNOWN)
    labels = {
        services.KNOWN: gettext_lazy("Déjà suivis (sortent du public de l'équipe)"),
        services.NOT_KNOWN: gettext_lazy("Inconnus des services sociaux"),
        Decision.ERROR: gettext_lazy("Lignes en erreur"),
    }

    def upload_context(self, team) -> dict:
        return {
            "to_check": social_services.to_check(team).count(),
            "unchecked": social_services.to_check(team, include_unchecked=True).count(),
        }

    def shown(self, row: dict) -> dict:
        if "decision" in row:
            return row
        decision = Decision.ERROR if row["errors"] else services.KNOWN if row["known"] else services.NOT_KNOWN
        return {**row, "decision": decision, "reason": services.describe(row["known"], row.get("service", ""))}

    def upload(self, *, team, data: bytes, filename: str, user, **options) -> ImportBatch:
        return services.answer_upload(team=team, data=data, filename=filename, user=user)

    def commit(self, *, batch: ImportBatch, user) -> dict:
        return services.answer_commit(batch=batch, user=user)

    def confirm_label(self, count: int) -> str:
        return _("Enregistrer la réponse")

    def result_message(self, written: dict) -> str:
        return _("%(known)s ménages déjà suivis, %(not_known)s inconnus.") % written

    def written_message(self, written: dict) -> str:
        return _("Réponse enregistrée : %(known)s ménages déjà suivis, %(not_known)s inconnus.") % written


social_services_answer = SocialServicesAnswer()
