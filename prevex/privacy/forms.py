from django import forms
from django.utils.translation import gettext_lazy as _

from prevex.organisations.models import Team


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["retention_months"]

    def clean_retention_months(self):
        months = self.cleaned_data["retention_months"]
        if not 6 <= months <= 120:
            raise forms.ValidationError(_("Entre 6 et 120 mois (la CNIL recommande 2 ans après le dernier événement)."))
        return months
