from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.spreadsheets import formula_message, is_formula
from prevex.core.text import normalize
from prevex.imports.forms import UploadForm
from prevex.intake.models import EligibilityRules, SocialLandlord
from prevex.situations.forms import SocialServicesCheckForm  # noqa: F401 (the check of one situation is theirs)


class ListUploadForm(UploadForm):
    received_on = forms.DateField(
        label=gettext_lazy("Liste reçue le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Le jour où la préfecture l'a envoyée (pas celui du dépôt) : il compte pour le bilan, et une liste "
            "n'écrase jamais ce qui est plus récent qu'elle."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Liste de la préfecture (.xlsx, .xls ou .csv)")
        self.fields["file"].help_text = _(
            "Le fichier tel que la préfecture l'envoie : Prevex trouve la ligne d'en-tête et vous propose la "
            "correspondance des colonnes. Rien n'est importé avant votre confirmation."
        )
        self.fields["file"].allow_empty_file = True  # the reader's message names the file

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return received_on

    def options(self) -> dict:
        return {"received_on": self.cleaned_data["received_on"]}


class AnswerUploadForm(UploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Réponse des services sociaux (.xlsx ou .csv)")
        self.fields["file"].help_text = _(
            "Le fichier exporté ici, complété des colonnes « Connu MDS » (OUI / NON) et « MDS de suivi »."
        )


class EligibilityForm(forms.ModelForm):
    """The team's rules and its list of social landlords' names, one per line."""

    social_landlords = forms.CharField(
        label=gettext_lazy("Bailleurs sociaux (un nom par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Un logement dont le bailleur porte l'un de ces noms n'est pas retenu."),
    )

    class Meta:
        model = EligibilityRules
        fields = [
            "private_landlords_only",
            "assignation_stage_only",
            "exclude_known_to_social_services",
            "wait_for_social_services_check",
        ]

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, instance=EligibilityRules.for_team(team), **kwargs)
        self.team = team
        names = team.social_landlords.values_list("name", flat=True)
        self.fields["social_landlords"].initial = "\n".join(names)

    def clean_social_landlords(self):
        value = self.cleaned_data["social_landlords"]
        if any(is_formula(line.strip()) for line in value.splitlines()):
            raise forms.ValidationError(formula_message(_("Bailleurs sociaux")))
        return value

    def landlord_names(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["social_landlords"].splitlines())
        unique = {}
        for name in lines:
            if name and not name.startswith("#"):
                unique.setdefault(normalize(name), name[:200])
        return list(unique.values())

    @transaction.atomic
    def save(self, *, user):
        rules = super().save()
        SocialLandlord.objects.filter(team=self.team).delete()
        for name in self.landlord_names():
            SocialLandlord(team=self.team, name=name).save()
        details = {"eligibility": self.cleaned_data | {"social_landlords": self.landlord_names()}}
        AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=self.team, team=self.team, details=details)
        return rules
