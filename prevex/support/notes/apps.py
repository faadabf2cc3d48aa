from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "prevex.support.notes"
    label = "notes"
    verbose_name = _("Notes à savoir")

    def ready(self):
        from prevex.support.notes import journal_labels  # noqa: F401 (how the journal names this app's objects)
