from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "prevex.imports"
    verbose_name = _("Imports")

    def ready(self):
        from prevex.imports import journal_labels  # noqa: F401 (how the journal names this app's objects)
