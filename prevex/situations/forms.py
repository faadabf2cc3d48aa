import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.spreadsheets import NoFormulaMixin
from prevex.core.text import normalize
from prevex.core.validators import normalize_french_phone, validate_not_in_future
from prevex.core.widgets import DateInput
from prevex.organisations.permissions import Action, can, roles_allowed
from prevex.situations.enums import (
    JEX_DELAY_MONTHS,
    PLAN_DECISIONS,
    CdpRegime,
    ClosureReason,
    Decision,
    EventKind,
    HearingOutcome,
    LandlordKind,
    ProcedureAct,
    Stage,
)
from prevex.situations.models import Event, Situation
from prevex.situations.services import change_errors, dates_change_errors
from prevex.territories.matching import find_commune
from prevex.territories.models import Commune


class SituationForm(NoFormulaMixin, forms.ModelForm):
    """A situation typed by hand. The commune is given as a name and checked with the postal code."""

    commune_name = forms.CharField(label=gettext_lazy("Commune"), max_length=100)

    class Meta:
        model = Situation
        fields = [
            "reference",
            "received_on",
            "tenant_last_name",
            "tenant_first_name",
            "other_tenants",
            "phone",
            "email",
            "address",
            "postal_code",
            "landlord_name",
            "landlord_kind",
            "assignation_date",
            "court",
            "hearing_date",
            "debt_amount",
        ]
        widgets = {
            "received_on": DateInput(),
            "assignation_date": DateInput(),
            "hearing_date": DateInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }
        help_texts = {"reference": gettext_lazy("Laisser vide pour une référence automatique.")}

    field_order = [
        "reference",
        "received_on",
        "tenant_last_name",
        "tenant_first_name",
        "other_tenants",
        "phone",
        "email",
        "address",
        "postal_code",
        "commune_name",
    ]

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["reference"].required = False
        self.fields["received_on"].initial = timezone.localdate()
        if self.instance.pk:
            self.fields["commune_name"].initial = self.instance.commune.name

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        validate_not_in_future(value)
        return value

    def clean_assignation_date(self):
        value = self.cleaned_data["assignation_date"]
        validate_not_in_future(value)
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalize_french_phone(value) if value else ""

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        duplicates = Situation.objects.for_team(self.team).filter(reference=reference).exclude(pk=self.instance.pk)
        if reference and duplicates.exists():
            raise forms.ValidationError(_("Cette référence est déjà utilisée par une autre situation."))
        return reference

    def clean(self):
        cleaned = super().clean()
        assignation, hearing = cleaned.get("assignation_date"), cleaned.get("hearing_date")
        if assignation and hearing and hearing < assignation:
            self.add_error("hearing_date", _("L'audience ne peut pas précéder l'assignation."))
        postal_code, name = cleaned.get("postal_code"), cleaned.get("commune_name")
        if postal_code and name:
            self._clean_commune(postal_code, name)
        if self.instance.pk and not self.errors:
            self._check_timeline(cleaned)
        return cleaned

    TIMELINE_DATES = ("assignation_date", "received_on", "hearing_date")

    def _check_timeline(self, cleaned: dict) -> None:
        """New dates must fit the timeline (its events after the assignation, its presences at its hearings):
        what they would newly break is refused on the first date changed."""
        changed = [name for name in self.TIMELINE_DATES if name in self.changed_data]
        if changed:
            values = {name: cleaned.get(name) for name in changed}
            for error in dates_change_errors(self.instance, values):
                self.add_error(changed[0], error.message)

    def _clean_commune(self, postal_code: str, name: str) -> None:
        communes = Commune.objects.in_departement(self.team.departement)
        commune = find_commune(self.team.departement, name=name, postal_code=postal_code)  # a former name too
        if commune is None:
            if not communes.filter(postal_codes__contains=postal_code).exists():
                self.add_error(
                    "postal_code",
                    _("Ce code postal n'existe pas dans le département %(dep)s.") % {"dep": self.team.departement},
                )
            else:
                self.add_error(
                    "commune_name", _("Cette commune ne correspond pas au code postal %(cp)s.") % {"cp": postal_code}
                )
            return
        self.instance.commune = commune

    def changed_values_before(self) -> dict:
        """The edited fields with their values before the edit (for the journal)."""
        return {field: self.initial.get(field) for field in self.changed_data if field in self.Meta.fields}


# Which fields a user fills for each kind of event.
EVENT_FIELDS_BY_KIND = {
    EventKind.LETTER: ["occurred_on", "recipient", "channel", "note"],
    EventKind.VISIT: ["occurred_on", "visit_outcome", "is_joint", "note"],
    EventKind.REMINDER: ["occurred_on", "channel", "note"],
    EventKind.TENANT_CONTACT: ["occurred_on", "channel", "note"],
    EventKind.LANDLORD_CONTACT: ["occurred_on", "channel", "note"],
    EventKind.ADHESION: ["occurred_on", "note"],
    EventKind.HEARING: [
        "hearing_on",
        "hearing_presence",
        "social_worker_present",
        "hearing_outcome",
        "postponed_to",
        "note",
    ],  # dated by its hearing
    EventKind.CLOSURE: ["occurred_on", "closure_reason", "note"],
    EventKind.REOPENING: ["occurred_on", "note"],
    EventKind.NOTE: ["occurred_on", "note"],
    EventKind.PROCEDURE_ACT: [
        "occurred_on",
        "act",
        "cdp_regime",
        "decision",
        "decision_months",
        "decision_instalment",
        "occupation_indemnity",
        "note",
    ],
}
REQUIRED_BY_KIND = {
    EventKind.LETTER: ["recipient", "channel"],
    EventKind.VISIT: ["visit_outcome"],
    EventKind.TENANT_CONTACT: ["channel"],  # the bilan counts the first contacts by channel
    EventKind.HEARING: ["hearing_on", "hearing_presence"],
    EventKind.CLOSURE: ["closure_reason"],
    EventKind.NOTE: ["note"],
    EventKind.PROCEDURE_ACT: ["act"],
}


class EventForm(NoFormulaMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = Event.DATA_FIELDS
        widgets = {"occurred_on": DateInput(), "postponed_to": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, situation: Situation, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.instance.situation = situation
        self.instance.kind = kind
        for name in list(self.fields):
            if name not in EVENT_FIELDS_BY_KIND[kind]:
                del self.fields[name]
        for name in REQUIRED_BY_KIND.get(kind, []):
            self.fields[name].required = True
        if "closure_reason" in self.fields:
            self.fields["closure_reason"].choices = [("", "---------"), *ClosureReason.choices]
        if "occurred_on" in self.fields:
            self.fields["occurred_on"].initial = timezone.localdate()
        if "hearing_on" in self.fields:
            self.fields["hearing_on"] = self._hearing_field()
        if "cdp_regime" in self.fields:
            self.fields["cdp_regime"].choices = [("", gettext_lazy("Selon la date du bail")), *CdpRegime.choices]
            self.fields["cdp_regime"].help_text = gettext_lazy(
                "Avec le commandement de payer : à forcer quand la date du bail ne suffit pas (bail inconnu, bail "
                "en cours au 29/07/2023 puis reconduit)."
            )
        if "decision_months" in self.fields:
            self.fields["decision_months"].help_text = gettext_lazy(
                "Délais de paiement accordés par le jugement (jusqu'à 36 mois), ou délai pour quitter les lieux "
                "accordé par le juge de l'exécution, avec sa décision (de 1 à 12 mois)."
            )
        self.before = model_to_dict(self.instance, self.fields) if self.instance.pk else {}

    def _hearing_field(self) -> forms.TypedChoiceField:
        """The procedure's hearings held so far (initial and postponed ones), the last one first."""
        hearings = self.situation.hearings(until=timezone.localdate())
        if self.instance.pk and self.instance.hearing_day not in hearings:
            hearings = sorted({*hearings, self.instance.hearing_day})
        earlier = set(self.situation.earlier_hearing_dates)
        choices = [
            (
                day.isoformat(),
                _("%(date)s (reportée)") % {"date": f"{day:%d/%m/%Y}"}
                if day.isoformat() in earlier
                else f"{day:%d/%m/%Y}",
            )
            for day in reversed(hearings)
        ]
        initial = self.instance.hearing_day.isoformat() if self.instance.pk else (choices[0][0] if choices else None)
        return forms.TypedChoiceField(
            label=gettext_lazy("Audience"),
            choices=choices,
            coerce=dt.date.fromisoformat,
            initial=initial,
            error_messages={"required": gettext_lazy("Choisissez l'audience (aucune audience passée n'est connue ?).")},
        )

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        validate_not_in_future(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.kind == EventKind.HEARING and cleaned.get("hearing_on"):
            # A presence happens at its hearing: the event is dated by it.
            cleaned["occurred_on"] = self.instance.occurred_on = cleaned["hearing_on"]
        outcome, postponed_to = cleaned.get("hearing_outcome"), cleaned.get("postponed_to")
        if outcome == HearingOutcome.POSTPONED and not postponed_to:
            self.add_error("postponed_to", _("Indiquez la date de l'audience de renvoi."))
        elif postponed_to and outcome != HearingOutcome.POSTPONED:
            self.add_error("postponed_to", _("Une date de renvoi ne va qu'avec un renvoi."))
        elif postponed_to and cleaned.get("hearing_on") and postponed_to <= cleaned["hearing_on"]:
            self.add_error("postponed_to", _("L'audience de renvoi doit suivre l'audience renvoyée."))
        self._check_decision(cleaned)
        if cleaned.get("occurred_on"):
            self._check_timeline(cleaned["occurred_on"], cleaned.get("hearing_on"))
        return cleaned

    def _check_decision(self, cleaned) -> None:
        """A decision belongs to a judgment; a plan's months and instalment to a plan, an indemnity to an
        expulsion."""
        decision, act = cleaned.get("decision"), cleaned.get("act")
        if decision and act != ProcedureAct.JUDGMENT:
            self.add_error("decision", _("Une décision ne s'enregistre qu'avec un jugement."))
        if decision in PLAN_DECISIONS and not cleaned.get("decision_months"):
            self.add_error("decision_months", _("Indiquez le nombre de mois de délais accordés."))
        if act == ProcedureAct.JEX_DECIDED:
            self._check_jex_delay(cleaned.get("decision_months"))
        if cleaned.get("cdp_regime") and act != ProcedureAct.CDP_SERVED:
            self.add_error(
                "cdp_regime",
                _("Délai du commandement de payer : il ne s'enregistre qu'avec l'acte « Commandement de payer »."),
            )
        for name in ("decision_months", "decision_instalment"):
            jex_delay = name == "decision_months" and act == ProcedureAct.JEX_DECIDED
            if cleaned.get(name) is not None and decision not in PLAN_DECISIONS and not jex_delay:
                self.add_error(name, _("Des délais ne vont qu'avec une décision qui les accorde."))
        if cleaned.get("occupation_indemnity") is not None and decision != Decision.EVICTION_ORDERED:
            self.add_error("occupation_indemnity", _("L'indemnité d'occupation va avec une expulsion ordonnée."))

    def _check_jex_delay(self, months) -> None:
        """The delay the JEX grants (`decision_months` of its decision; none when it refuses): 1 to 12 months."""
        shortest, longest = JEX_DELAY_MONTHS
        if months is not None and not shortest <= months <= longest:
            self.add_error(
                "decision_months",
                _(
                    "Délais accordés (mois) : le juge de l'exécution accorde un délai de %(shortest)s à %(longest)s "
                    "mois (1 an), CPCE art. L412-4 ; %(months)s mois n'est pas possible."
                )
                % {"shortest": shortest, "longest": longest, "months": months},
            )

    def _check_timeline(self, day, hearing_on) -> None:
        """The whole timeline with this event recorded or corrected: what it would newly break is refused, on
        the event's date (a reopening moved before its closure, a second presence for one hearing…)."""
        candidate = Event(
            pk=self.instance.pk,
            kind=self.instance.kind,
            occurred_on=day,
            hearing_on=hearing_on,
            act=self.cleaned_data.get("act", ""),
        )
        if self.instance.pk is None:
            errors = change_errors(self.situation, add=[candidate])
        else:
            errors = change_errors(self.situation, replace=candidate)
        for error in errors:
            self.add_error("hearing_on" if "hearing_on" in self.fields else "occurred_on", error.message)

    @property
    def title(self) -> str:
        return EventKind(self.instance.kind).label


def recordable_kinds(user) -> list[str]:
    """The kinds of events the user may record: procedure acts are the juriste's (`record_procedure_acts`)."""
    return [
        kind
        for kind in EVENT_FIELDS_BY_KIND
        if kind != EventKind.PROCEDURE_ACT or can(user, Action.RECORD_PROCEDURE_ACTS)
    ]


class SituationFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("open", gettext_lazy("En cours")),
        ("closed", gettext_lazy("Clôturées")),
        ("all", gettext_lazy("Toutes")),
    ]
    YES_NO = [("", gettext_lazy("Tous")), ("yes", gettext_lazy("Oui")), ("no", gettext_lazy("Non"))]

    q = forms.CharField(
        label=gettext_lazy("Rechercher"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Nom, adresse, référence")}),
    )
    status = forms.ChoiceField(label=gettext_lazy("Statut"), choices=STATUS_CHOICES, required=False)
    stage = forms.ChoiceField(
        label=gettext_lazy("Étape"), choices=[("", gettext_lazy("Toutes")), *Stage.choices], required=False
    )
    sector = forms.ModelChoiceField(
        label=gettext_lazy("Secteur"), queryset=None, required=False, empty_label=gettext_lazy("Tous")
    )
    commune = forms.CharField(label=gettext_lazy("Commune"), required=False, max_length=100)
    referent = forms.ModelChoiceField(
        label=gettext_lazy("Référent"), queryset=None, required=False, empty_label=gettext_lazy("Tous")
    )
    accompanied = forms.ChoiceField(label=gettext_lazy("Accompagnés"), choices=YES_NO, required=False)
    landlord_kind = forms.ChoiceField(
        label=gettext_lazy("Type de bailleur"),
        choices=[("", gettext_lazy("Tous")), *LandlordKind.choices],
        required=False,
    )
    hearing_from = forms.DateField(label=gettext_lazy("Audience à partir du"), required=False, widget=DateInput())
    hearing_to = forms.DateField(label=gettext_lazy("Audience jusqu'au"), required=False, widget=DateInput())

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = team.sectors.all()
        self.fields["referent"].queryset = (
            get_user_model()
            .objects.filter(membership__team=team, membership__role__in=roles_allowed(Action.WORK_ON_SITUATIONS))
            .order_by("last_name", "first_name")
        )

    def filter(self, queryset):
        """The situations matching the filters; open ones when nothing is chosen."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or "open"
        if status == "open":
            queryset = queryset.open()
        elif status == "closed":
            queryset = queryset.closed()
        if data.get("q"):
            queryset = queryset.search(data["q"])
        lookups = {
            "stage": "stage",
            "sector": "sector",
            "landlord_kind": "landlord_kind",
            "referent": "referents__user",
            "hearing_from": "hearing_date__gte",
            "hearing_to": "hearing_date__lte",
        }
        queryset = queryset.filter(**{lookup: data[name] for name, lookup in lookups.items() if data.get(name)})
        if data.get("commune"):
            queryset = queryset.filter(commune__search_name__startswith=normalize(data["commune"]))
        if data.get("accompanied"):
            queryset = queryset.filter(is_accompanied=data["accompanied"] == "yes")
        return queryset


class SocialServicesCheckForm(NoFormulaMixin, forms.Form):
    ANSWERS = {"to_check": None, "not_known": False, "known": True}
    answer = forms.ChoiceField(
        label=gettext_lazy("Suivi par les services sociaux"),
        choices=[
            ("to_check", gettext_lazy("À vérifier")),
            ("not_known", gettext_lazy("Inconnu des services sociaux")),
            ("known", gettext_lazy("Déjà suivi (hors du public de l'équipe)")),
        ],
    )
    service = forms.CharField(label=gettext_lazy("Service (facultatif)"), max_length=100, required=False)

    def known(self) -> bool | None:
        return self.ANSWERS[self.cleaned_data["answer"]]
