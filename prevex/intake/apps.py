from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "prevex.intake"
    verbose_name = _("Identification")

    def ready(self):
        # A new team gets the shipped social landlords.
        from prevex.intake import signals  # noqa: F401
