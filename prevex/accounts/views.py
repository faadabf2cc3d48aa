from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.accounts import journal, second_factor
from prevex.accounts.forms import ReauthForm, TokenForm
from prevex.accounts.reauth import mark_authenticated, reauth_redirect, recently_authenticated

RECOVERY_SESSION_KEY = "prevex_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), then confirm with a first code."""
    if second_factor.has_second_factor(request.user):  # replacing the phone: the current one, recently
        if not request.user.is_verified():
            return redirect("accounts:second_factor_verify")
        if not recently_authenticated(request):
            return reauth_redirect(request)
    device = second_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["token"])
        if codes is not None:
            mark_authenticated(request)
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect(_with_next(reverse("accounts:recovery_codes"), request))
        form.add_error("token", _("Ce code ne correspond pas : vérifiez l'heure de votre téléphone et réessayez."))
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_of(device),
        "next": _next_url(request),
        "replacing": second_factor.has_second_factor(request.user),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


def _with_next(url: str, request: HttpRequest) -> str:
    next_url = _next_url(request)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["token"]):
            mark_authenticated(request)
            return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _token_error(request.user))
    context = {"form": form, "next": _next_url(request), "demo_code": second_factor.demo_code(request.user)}
    return render(request, "accounts/second_factor_verify.html", context)


def _token_error(user) -> str:
    wait = second_factor.retry_after(user)
    if wait > 2:  # after a few wrong codes in a row (1, 2, 4… s): say why even the right code is refused for now
        return _("Trop de codes incorrects à la suite : réessayez dans %(seconds)s secondes.") % {"seconds": wait}
    return _("Code incorrect ou expiré.")


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once; a POST generates new ones (the old ones stop working)."""
    if request.method == "POST":
        if not recently_authenticated(request):
            return reauth_redirect(request)
        request.session[RECOVERY_SESSION_KEY] = second_factor.new_recovery_codes(request.user)
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    next_url = _next_url(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
def reauth(request: HttpRequest) -> HttpResponse:
    """Password and code again, before an export or a deletion."""
    form = ReauthForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["token"]):
            mark_authenticated(request)
            messages.info(request, _("Identité confirmée : vous pouvez poursuivre pendant quelques minutes."))
            return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _token_error(request.user))
    context = {"form": form, "next": _next_url(request), "demo_code": second_factor.demo_code(request.user)}
    return render(request, "accounts/reauth.html", context)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The account page: password, second factor, recovery codes."""
    return render(request, "accounts/security.html", {"nav": "account"})


@require_POST
@login_required
def second_factor_restart(request: HttpRequest) -> HttpResponse:
    """Enrol a new phone: a new secret; the current one keeps working until the new one is confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    return redirect("accounts:second_factor_enrol")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once an account or address has failed too often (AXES_LOCKOUT_CALLABLE)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        journal.password_changed(self.request, form.user, actor=form.user, how="own")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        journal.password_changed(self.request, form.user, actor=form.user, how="reset")
        return response
