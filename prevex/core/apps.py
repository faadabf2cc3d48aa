from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "prevex.core"
    verbose_name = _("Socle")

    def ready(self):
        from prevex.core import lookups  # noqa: F401  (registers `__any` on every field)
