from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The social and legal support of a household (issue 12): for now, the legal deadline engine."""

    name = "prevex.support"
    verbose_name = _("Accompagnement")
