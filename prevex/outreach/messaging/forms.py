from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prevex.outreach.messaging import compose
from prevex.outreach.messaging.enums import PERSON_DISCARD_REASONS, MessageChannel
from prevex.outreach.messaging.models import MessageTemplate


class MessageTemplateForm(forms.ModelForm):
    """An SMS or e-mail text, checked by the letters' sandbox: an unknown placeholder or a tag is named."""

    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        if channel == MessageChannel.SMS:
            del self.fields["subject"]
        else:
            self.fields["subject"].required = True

    def _checked(self, name: str) -> str:
        value = self.cleaned_data[name]
        problems = compose.problems(value)
        if problems:
            raise ValidationError(problems)
        return value

    def clean_subject(self):
        return self._checked("subject")

    def clean_body(self):
        return self._checked("body")


class DiscardForm(forms.Form):
    """Why a reply is set aside: a code only (no free text: nothing personal is written about it)."""

    reason = forms.ChoiceField(label=_("Raison"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(reason.value, reason.label) for reason in PERSON_DISCARD_REASONS]


class SituationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher une situation de l'équipe (nom, référence, adresse, téléphone)"), max_length=100
    )
