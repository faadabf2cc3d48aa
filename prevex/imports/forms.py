from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.text import normalize


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tableau de suivi (.xlsx ou .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        help_text=gettext_lazy(
            "Une ligne par situation, avec les en-têtes du format Prevex ou les vôtres : Prevex vous propose alors "
            "la correspondance des colonnes et de vos codes. Rien n'est importé avant votre confirmation."
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

    def options(self) -> dict:
        """What the pipeline's upload needs besides the file (a reception date…)."""
        return {}


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

    def __init__(
        self, *args, headers: list[str], samples: list[list[str]], mapping: list[str], choices, codes=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            examples = [row[index] for row in samples if index < len(row) and row[index]]
            self.fields[name] = forms.ChoiceField(
                label=header or _("Colonne %(number)s (sans titre)") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
                help_text=_("Exemples : %(values)s") % {"values": " · ".join(examples)} if examples else "",
            )
            self.columns.append(self[name])
        self.code_groups = [self._code_group(*question) for question in codes]

    def _code_group(self, column: str, label: str, found: list[str], choices: list, current: dict) -> dict:
        """One select per code of the file that the format does not know: what the team means by it."""
        fields = []
        for index, code in enumerate(found):
            name = f"code_{column}_{index}"
            self.fields[name] = forms.ChoiceField(
                label=_("« %(code)s »") % {"code": code},
                choices=[("", _("— Inconnu (la ligne reste en erreur) —")), *choices],
                required=False,
                initial=current.get(normalize(code), ""),
            )
            fields.append((code, self[name]))
        return {"column": column, "label": label, "fields": fields}

    def mapping(self) -> list[str]:
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.columns))]

    def codes(self) -> dict:
        """{column: {normalised code: Prevex value}} for the codes the user gave a meaning."""
        chosen = {}
        for group in self.code_groups:
            for code, bound in group["fields"]:
                if value := self.cleaned_data.get(bound.name):
                    chosen.setdefault(group["column"], {})[normalize(code)] = value
        return chosen
