"""The two requests of the tenant's page, and the team's contact its coordinator edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from prevex.core.validators import normalize_french_phone
from prevex.outreach.tenant.models import TeamContact

SLOTS = [
    ("morning", _("le matin (9 h – 12 h)")),
    ("afternoon", _("l'après-midi (14 h – 17 h)")),
    ("any", _("n'importe quand")),
]


class CallbackForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="callback")
    phone = forms.CharField(
        label=_("Votre numéro de téléphone"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Par exemple : 06 01 02 03 04"),
    )
    slot = forms.ChoiceField(label=_("Quand préférez-vous être appelé ?"), choices=SLOTS, widget=forms.RadioSelect)

    def clean_phone(self) -> str:
        return normalize_french_phone(self.cleaned_data["phone"])

    def slot_label(self) -> str:
        return str(dict(SLOTS)[self.cleaned_data["slot"]])


class LeftForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="left")
    confirm = forms.BooleanField(
        label=_("Je confirme que je n'habite plus dans ce logement."),
        error_messages={"required": _("Cochez la case pour confirmer que vous avez quitté ce logement.")},
    )


class TeamContactForm(forms.ModelForm):
    class Meta:
        model = TeamContact
        fields = ["phone", "hours"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def clean_phone(self) -> str:
        return normalize_french_phone(self.cleaned_data["phone"])
