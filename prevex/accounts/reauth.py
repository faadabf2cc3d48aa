"""Re-authentication before exports and deletions: password and second factor again if the last proof is old."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "prevex_reauthenticated_at"


def mark_authenticated(request) -> None:
    request.session[SESSION_KEY] = time.time()


def recently_authenticated(request) -> bool:
    proven_at = request.session.get(SESSION_KEY)
    return proven_at is not None and time.time() - proven_at < settings.PREVEX_REAUTH_SECONDS


def _return_url(request) -> str:
    """Where to come back after re-authenticating: this page for a GET; the page the form was on for a POST."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return resolve_url(settings.LOGIN_REDIRECT_URL)  # the home page is decided by the settings, not by accounts


def reauth_redirect(request):
    """To the re-authentication page, then back here (a GET) or to the page the form was on (a POST)."""
    url = f"{reverse('accounts:reauth')}?{urlencode({'next': _return_url(request)})}"
    response = redirect(url)
    if getattr(request, "htmx", False):
        response["HX-Redirect"] = url
    return response


def reauth_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if recently_authenticated(request):
            return view(request, *args, **kwargs)
        return reauth_redirect(request)

    return wrapper
