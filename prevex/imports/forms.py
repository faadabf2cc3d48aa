from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tableau de suivi (.xlsx ou .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        help_text=gettext_lazy(
            "Une ligne par situation, colonnes du format Prevex. Rien n'est importé avant votre confirmation."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PREVEX_IMPORT_MAX_BYTES
        if upload.size > limit:  # refused before being read into memory
            raise forms.ValidationError(
                _("« %(name)s » dépasse la taille maximale de %(limit)s Mo.")
                % {"name": upload.name, "limit": limit // (1024 * 1024)}
            )
        return upload
