from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationsConfig(AppConfig):
    name = "prevex.situations"
    verbose_name = _("Situations")

    def ready(self):
        from prevex.situations import journal_labels  # noqa: F401 (how the journal names this app's objects)
