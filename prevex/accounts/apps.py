from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "prevex.accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from prevex.accounts import checks  # noqa: F401 (registers the deploy checks)
