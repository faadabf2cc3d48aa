from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prevex.core.spreadsheets import NoFormulaMixin
from prevex.core.widgets import DateInput
from prevex.outreach.models import SequenceStep
from prevex.outreach.worklist import Scope


class PauseForm(NoFormulaMixin, forms.Form):
    until = forms.DateField(label=_("En pause jusqu'au (inclus)"), widget=DateInput())
    reason = forms.CharField(
        label=_("Motif"),
        max_length=300,
        help_text=_("Visible de l'équipe ; ne notez que ce qui est utile (hospitalisation, démarche en cours…)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("La pause se termine au plus tôt aujourd'hui."))
        return until


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=_("Tâches de"), choices=Scope.choices, required=False)


class SequenceStepForm(NoFormulaMixin, forms.ModelForm):
    class Meta:
        model = SequenceStep
        fields = ["label", "delay_days", "organisation_kind", "role", "is_active"]


SequenceFormSet = forms.modelformset_factory(SequenceStep, form=SequenceStepForm, extra=0)
