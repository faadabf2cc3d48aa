from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.imports.forms import UploadForm
from prevex.intake.fields import CHOICES


class ListUploadForm(UploadForm):
    received_on = forms.DateField(
        label=gettext_lazy("Liste reçue le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("La date de réception compte pour le bilan (situations reçues dans la période)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Liste de la préfecture (.xlsx, .xls ou .csv)")
        self.fields["file"].help_text = _(
            "Le fichier tel que la préfecture l'envoie : Prevex trouve la ligne d'en-tête et vous propose la "
            "correspondance des colonnes. Rien n'est importé avant votre confirmation."
        )
        self.fields["file"].allow_empty_file = True  # the reader's message names the file
        self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return received_on


class MappingForm(forms.Form):
    """A Prevex field for each column of the file, and an optional profile name to remember it."""

    save_as = forms.CharField(
        label=gettext_lazy("Enregistrer comme profil (facultatif)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Par exemple « Préfecture 91 – export mensuel » : le prochain fichier de même format sera associé "
            "automatiquement."
        ),
    )

    def __init__(self, *args, headers: list[str], samples: list[list[str]], mapping: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            examples = [row[index] for row in samples if index < len(row) and row[index]]
            self.fields[name] = forms.ChoiceField(
                label=header or _("Colonne %(number)s (sans titre)") % {"number": index + 1},
                choices=CHOICES,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
                help_text=_("Exemples : %(values)s") % {"values": " · ".join(examples)} if examples else "",
            )
            self.columns.append(self[name])

    def mapping(self) -> list[str]:
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.columns))]
