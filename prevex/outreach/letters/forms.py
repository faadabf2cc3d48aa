from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.validators import format_phone, normalize_french_phone
from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.images import reencoded
from prevex.outreach.letters.models import LandlordAddress, Letterhead, LetterTemplate
from prevex.outreach.letters.placeholders import NAMES, NOTICE_NAMES
from prevex.outreach.letters.sandbox import check_text

IMAGE_HELP = gettext_lazy("PNG ou JPEG, 2 Mo au plus. L'image est vérifiée puis réenregistrée.")


class LetterTemplateForm(forms.ModelForm):
    """A template's texts, each checked by the sandbox: an unknown placeholder or a tag is named, in French."""

    class Meta:
        model = LetterTemplate
        fields = ["subject", "body", "notice"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "notice": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != LetterKind.TENANT_FIRST:
            del self.fields["notice"]
        else:
            self.fields["notice"].required = True
            self.fields["notice"].help_text = _(
                "Obligatoire (RGPD, article 14) : responsable, finalités, base légale, source (liste de la "
                "préfecture), destinataires, durée de conservation, droits, contact. Imprimée au verso. "
                "Seuls les champs de l'équipe ({{ equipe }}, {{ equipe_telephone }}, {{ equipe_adresse }}, "
                "{{ equipe_email }}…) y sont permis : la page est la même pour tous les ménages."
            )

    def _checked(self, name: str, allowed=NAMES) -> str:
        value = self.cleaned_data[name]
        problems = check_text(value, allowed)
        if problems:
            raise ValidationError(problems)
        return value

    def clean_subject(self):
        return self._checked("subject")

    def clean_body(self):
        return self._checked("body")

    def clean_notice(self):
        return self._checked("notice", NOTICE_NAMES)


class LetterheadForm(forms.ModelForm):
    logo_upload = forms.FileField(label=gettext_lazy("Nouveau logo"), required=False, help_text=IMAGE_HELP)
    signature_upload = forms.FileField(
        label=gettext_lazy("Nouvelle image de la signature"), required=False, help_text=IMAGE_HELP
    )
    logo_remove = forms.BooleanField(label=gettext_lazy("Retirer le logo"), required=False)
    signature_remove = forms.BooleanField(label=gettext_lazy("Retirer la signature"), required=False)

    class Meta:
        model = Letterhead
        fields = ["sender_name", "address", "phone", "email", "signatory"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return format_phone(normalize_french_phone(phone)) if phone else ""

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return reencoded(upload) if upload else None

    def clean_signature_upload(self):
        upload = self.cleaned_data.get("signature_upload")
        return reencoded(upload) if upload else None


class PreviewForm(forms.Form):
    """The situation a preview is shown on (its reference), else the sample household."""

    reference = forms.CharField(
        label=gettext_lazy("Aperçu sur la situation (référence)"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Vide : un ménage d'exemple."),
    )


class ReturnedLetterForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Référence imprimée sur le courrier"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("Tapez-la ou scannez-la (« Nos références », en bas de chaque page)."),
    )
    name = forms.CharField(label=gettext_lazy("Ou nom du locataire"), required=False, max_length=150)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("reference", "").strip() or cleaned.get("name", "").strip()):
            raise ValidationError(_("Indiquez la référence du courrier ou le nom du locataire."))
        return cleaned


class LandlordAddressForm(forms.ModelForm):
    class Meta:
        model = LandlordAddress
        fields = ["recipient", "address", "postal_code", "city"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"recipient": gettext_lazy("Le nom du bailleur, ou son service contentieux, son mandataire…")}

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if not code.isdigit() or len(code) != 5:
            raise ValidationError(_("Un code postal a 5 chiffres."))
        return code
