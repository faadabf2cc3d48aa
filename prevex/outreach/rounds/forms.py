"""The round's planning form (day, territory, workers, joint) and the outcome of a stop."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prevex.core.widgets import DateInput
from prevex.organisations.models import Sector
from prevex.organisations.permissions import Action, roles_allowed
from prevex.outreach.rounds.services import NOTE_MAX_LENGTH
from prevex.situations.enums import VisitOutcome
from prevex.situations.models import Situation
from prevex.territories.models import Commune

# The outcome buttons, in the order a worker meets them at the door, in words that say what to tap.
OUTCOME_BUTTONS = (
    (VisitOutcome.ABSENT, _("Absent — avis de passage déposé")),
    (VisitOutcome.MET, _("Rencontré")),
    (VisitOutcome.REFUSED, _("Refus à la porte")),
    (VisitOutcome.LEFT, _("Parti du logement")),
    (VisitOutcome.NPAI, _("N'habite pas à l'adresse")),
    (VisitOutcome.INDECENT, _("Logement indécent suspecté")),
)


class WorkerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        organisation = user.membership.organisation
        return f"{user} ({organisation})" if organisation else str(user)


class PlanForm(forms.Form):
    day = forms.DateField(label=_("Jour de la tournée"), widget=DateInput())
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.none(), required=False)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"), queryset=Commune.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    workers = WorkerChoiceField(
        label=_("Qui fait la tournée (une ou deux personnes)"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_joint = forms.BooleanField(
        label=_("Visite commune des deux partenaires (compte comme visite commune)"), required=False
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(team=team).order_by("name")
        self.fields["sector"].empty_label = _("— Aucun —")
        # The communes where the team has open situations (the territory of France is not a list to scroll).
        open_situations = Situation.objects.for_team(team).open().values("commune_id")
        self.fields["communes"].queryset = Commune.objects.filter(insee_code__in=open_situations).order_by("name")
        self.fields["workers"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, membership__team=team, membership__role__in=roles_allowed(Action.PLAN_ROUNDS)
            )
            .select_related("membership__organisation")
            .order_by("last_name", "first_name", "pk")
        )
        if not self.is_bound:
            self.initial.setdefault("day", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("sector") and not data.get("communes"):
            raise forms.ValidationError(_("Choisissez un secteur ou au moins une commune."))
        workers = list(data.get("workers") or [])
        if len(workers) > 2:
            self.add_error("workers", _("Une tournée se fait à une ou deux personnes."))
        if data.get("is_joint"):
            organisations = {worker.membership.organisation_id for worker in workers}
            if len(workers) != 2 or len(organisations) != 2:
                self.add_error(
                    "is_joint",
                    _("Une visite commune se fait à deux : une personne de chacun des deux partenaires."),
                )
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Résultat de la visite"), choices=VisitOutcome.choices)
    note = forms.CharField(
        label=_("Note (facultative)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
