import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from prevex.core.widgets import DateInput
from prevex.reports.bilan import BilanScope, default_period, validate_period
from prevex.situations.models import Situation
from prevex.territories.models import Commune

_WHOLE_MONTHS_HELP = {
    "start": gettext_lazy("Le premier jour d'un mois."),
    "end": gettext_lazy("Le dernier jour d'un mois."),
    "as_of": gettext_lazy("Le dernier jour d'un mois terminé ; ce qui s'est passé après n'est pas compté."),
}
FILTERS_REFUSED_TO_FUNDERS = ("sector", "commune", "organisation")
# Which field shows each error of `validate_period`.
_ERROR_FIELDS = {
    "start": "start",
    "end": "end",
    "as_of_future": "as_of",
    "as_of_early": "as_of",
    "as_of_month": "as_of",
}


def _with_defaults(data, defaults: dict):
    """A blank date of a submitted form means the default one."""
    if data is None:
        return None
    data = data.copy()
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = value.isoformat()
    return data


class BilanForm(forms.Form):
    """The scope of a bilan (GET). Unbound, it stands for the default scope; the team is always the user's.

    For a funder (`whole_months`), the whole team and whole months only: with one commune and one day, a bilan
    is one household's, and the team minus a sector (a sector may be one commune) or minus an organisation gives
    back what masking hid (`secrecy.py` masks the small figures of the one bilan asked for)."""

    start = forms.DateField(label=gettext_lazy("Situations reçues du"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("au"), widget=DateInput())
    as_of = forms.DateField(
        label=gettext_lazy("Situation arrêtée au"),
        widget=DateInput(),
        help_text=gettext_lazy("Ce qui s'est passé après n'est pas compté."),
    )
    sector = forms.ModelChoiceField(
        label=gettext_lazy("Secteur"), queryset=None, required=False, empty_label=gettext_lazy("Tous")
    )
    commune = forms.ModelChoiceField(
        label=gettext_lazy("Commune"), queryset=None, required=False, empty_label=gettext_lazy("Toutes")
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Toutes"),
    )

    def __init__(self, data=None, *, team, today: dt.date, whole_months: bool = False):
        start, end, as_of = default_period(team, today, whole_months=whole_months)
        defaults = {"start": start, "end": end, "as_of": as_of}
        super().__init__(_with_defaults(data, defaults), initial=defaults)
        self.team = team
        self.today = today
        self.whole_months = whole_months
        self.fields["sector"].queryset = team.sectors.order_by("name")
        self.fields["commune"].queryset = Commune.objects.filter(
            insee_code__in=Situation.objects.for_team(team).values("commune")
        ).order_by("name")
        self.fields["organisation"].queryset = team.organisations.order_by("name")
        if whole_months:
            for name in FILTERS_REFUSED_TO_FUNDERS:
                del self.fields[name]
            for name in ("start", "end", "as_of"):
                self.fields[name].help_text = _WHOLE_MONTHS_HELP[name]

    def clean(self):
        cleaned = super().clean()
        if not all(cleaned.get(name) for name in ("start", "end", "as_of")):
            return cleaned
        try:
            validate_period(
                cleaned["start"], cleaned["end"], cleaned["as_of"], today=self.today, whole_months=self.whole_months
            )
        except ValidationError as errors:
            for error in errors.error_list:
                self.add_error(_ERROR_FIELDS.get(error.code), error)
        return cleaned

    def scope(self) -> BilanScope | None:
        """The scope asked for (the default one if the form is unbound), or None if the form has errors."""
        if not self.is_bound:
            return BilanScope(team=self.team, **self.initial)
        if not self.is_valid():
            return None
        return BilanScope(team=self.team, **self.cleaned_data)


def scope_query(scope: BilanScope) -> str:
    """The GET parameters of a scope, so that a link (the Excel download) asks for exactly the same bilan."""
    params = {"start": scope.start.isoformat(), "end": scope.end.isoformat(), "as_of": scope.as_of.isoformat()}
    for name in ("sector", "commune", "organisation"):
        value = getattr(scope, name)
        if value is not None:
            params[name] = value.pk
    return urlencode(params)
