from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from prevex.accounts.second_factor import has_second_factor, session_device_is_usable

# What a logged-in user may reach before passing the second factor.
OPEN_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "second_factor_enrol",
        "second_factor_verify",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


class SecondFactorMiddleware:
    """Every authenticated session passes the second factor before any other page (enrolment the first time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        if user.is_verified():
            if session_device_is_usable(request):
                return None
            user.otp_device = None  # a demo key, refused since demo mode was turned off
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
        match = request.resolver_match
        if match and match.namespace == "accounts" and match.url_name in OPEN_URL_NAMES:
            return None
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return None
        target = "accounts:second_factor_verify" if has_second_factor(user) else "accounts:second_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
