from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_account_refused(user) -> bool:
    """A demo account's password is published: it opens nothing once demo mode is off."""
    return getattr(user, "is_demo", False) and not settings.DEMO_MODE


class AccountsBackend(ModelBackend):
    """Django's password backend, refusing demo accounts outside demo mode (at login, at re-authentication
    and for a session opened before demo mode was turned off)."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not demo_account_refused(user)
