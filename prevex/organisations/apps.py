from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "prevex.organisations"
    verbose_name = _("Équipes et organisations")

    def ready(self):
        from prevex.organisations import journal_labels  # noqa: F401 (how the journal names this app's objects)
