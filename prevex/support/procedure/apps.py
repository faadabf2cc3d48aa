from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    """The procedure of a situation: its acts (events of the timeline, written by the situations' writer) read
    into the deadline engine (`prevex.support.deadlines`)."""

    name = "prevex.support.procedure"
    label = "procedure"
    verbose_name = _("Procédure")

    def ready(self):
        from prevex.situations.services.hooks import on_timeline_change
        from prevex.support.procedure.followups import decision_followups

        on_timeline_change(decision_followups)  # in the writer's transaction, after the outreach tasks
