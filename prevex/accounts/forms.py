from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Identifiant ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code à 6 chiffres ou code de secours"),
        max_length=16,
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
    """Django's form, which already says nothing about whether the address exists; e-mails in French."""

    email = forms.EmailField(label=_("Adresse e-mail du compte"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))  # fmt: skip
