from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "prevex.accounts"
    verbose_name = _("Comptes")

    def ready(self):
        # The deploy checks, how the journal names accounts, and the journal of logouts and failed logins.
        from prevex.accounts import checks, journal_labels, login_journal  # noqa: F401
