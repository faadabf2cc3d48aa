"""Optional login through an OpenID Connect provider (e.g. ProConnect for public agents), off by default.

Only existing, active accounts log in this way, matched by e-mail: the provider proves who the person is,
Prevex still decides what they may see (their membership), and still asks for its own second factor.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from prevex.accounts.backends import demo_account_refused


class ExistingAccountsBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(email__iexact=email, is_active=True)
        return users if settings.DEMO_MODE else users.exclude(is_demo=True)

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return None if user is None or demo_account_refused(user) else user

    def create_user(self, claims):  # accounts are opened by the team's administrator, never by a login
        return None


urlpatterns = [
    path(
        "callback/", login_not_required(OIDCAuthenticationCallbackView.as_view()), name="oidc_authentication_callback"
    ),
    path("connexion/", login_not_required(OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
]
