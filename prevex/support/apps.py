from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The social and legal support of a household (issue 12): the legal deadline engine, the repayment-plan
    calculator and the rights check (pure engines, docs/procedure.md and docs/support-calculations.md)."""

    name = "prevex.support"
    verbose_name = _("Accompagnement")
