from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tableau de suivi (.xlsx ou .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        help_text=_("Une ligne par situation, colonnes du format Prevex. Rien n'est importé avant votre confirmation."),
    )
