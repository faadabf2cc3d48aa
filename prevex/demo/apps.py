from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py demo_data`): the top layer, built on every domain app, with no model."""

    name = "prevex.demo"
    verbose_name = _("Démonstration")
