from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "prevex.outreach.rounds"
    label = "rounds"
    verbose_name = _("Tournées de visites")

    def ready(self):
        from prevex.outreach.rounds import journal_labels  # noqa: F401 (how the journal names this app's objects)
