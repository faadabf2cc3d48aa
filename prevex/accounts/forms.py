from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from prevex.accounts.journal import team_of
from prevex.accounts.throttle import password_reset_allowed
from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.clientip import client_ip


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Identifiant ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
        "demo_off": _("Les comptes de démonstration sont désactivés sur cette instance."),
    }

    def clean(self):
        """A demo account is refused by the authentication backend outside demo mode (the failure is counted and
        journaled as any other); the message says why, which tells nothing: these accounts are published."""
        try:
            return super().clean()
        except forms.ValidationError:
            if not settings.DEMO_MODE and self._is_demo_account(self.cleaned_data.get("username")):
                raise forms.ValidationError(self.error_messages["demo_off"], code="demo_off") from None
            raise

    @staticmethod
    def _is_demo_account(username) -> bool:
        return bool(username) and get_user_model().objects.filter(username=username, is_demo=True).exists()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code à 6 chiffres ou code de secours"),
        max_length=24,  # a recovery code is 19 characters with its dashes
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ReauthForm(TokenForm):
    password = forms.CharField(
        label=_("Mot de passe"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    field_order = ["password", "token"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["token"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        """Checked through the authentication backends, so that django-axes counts a wrong password here as at
        the login form (and locks the account after too many), and the journal records the failure."""
        password = self.cleaned_data["password"]
        username = self.request.user.get_username()
        user = authenticate(self.request, username=username, password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


class QuietPasswordResetForm(PasswordResetForm):
    """Django's form, which already says nothing about whether the address exists; e-mails in French.

    Throttled per address and per client address: beyond the limit nothing is sent, and the page is the same."""

    email = forms.EmailField(
        label=_("Adresse e-mail du compte"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, request=None, **kwargs):
        if not password_reset_allowed(request, self.cleaned_data["email"]):
            return
        self.request = request
        super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        user = context["user"]
        AuditEntry.log(
            actor=None,
            action=AuditAction.PASSWORD_RESET,
            target=user,
            team=team_of(user),
            details={"ip": client_ip(getattr(self, "request", None))},
        )
