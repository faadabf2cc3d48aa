"""The funders' bilan (definitions in docs/bilan.md), computed from the timeline as of any date."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.situations.enums import STAGES_IN_ORDER, ClosureReason, Outcome
from prevex.situations.models import Situation
from prevex.situations.state import (
    MILESTONE_FIELDS,
    STATE_COLUMNS,
    SituationState,
    derive_state,
    state_from_columns,
)

# A bilan covers the current month and the 17 before it by default: the Essonne team's 18 months.
DEFAULT_PERIOD_MONTHS = 18


@dataclass(frozen=True)
class BilanScope:
    team: object
    start: dt.date
    end: dt.date
    as_of: dt.date
    sector: object | None = None
    commune: object | None = None
    organisation: object | None = None

    def situations(self):
        """Situations of the team received in the period, on or before the as-of date."""
        queryset = Situation.objects.for_team(self.team).filter(
            received_on__gte=self.start, received_on__lte=min(self.end, self.as_of)
        )
        if self.sector is not None:
            queryset = queryset.filter(sector=self.sector)
        if self.commune is not None:
            queryset = queryset.filter(commune=self.commune)
        if self.organisation is not None:
            queryset = queryset.filter(referents__organisation=self.organisation)
        return queryset

    def as_dict(self) -> dict:
        scope = {
            "team": self.team.slug,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
        }
        if self.sector is not None:
            scope["sector"] = self.sector.name
        if self.commune is not None:
            scope["commune"] = self.commune.insee_code
        if self.organisation is not None:
            scope["organisation"] = self.organisation.name
        return scope


def states_from_timeline(scope: BilanScope) -> list[SituationState]:
    """Each situation's state derived from its events dated on or before the as-of date."""
    rows = scope.situations().with_milestones(scope.as_of).order_by().values_list(*MILESTONE_FIELDS, named=True)
    return [derive_state(row) for row in rows]


def states_from_cache(scope: BilanScope) -> list[SituationState]:
    """Each situation's state as cached from its whole timeline: its state as of today."""
    rows = scope.situations().order_by().values_list(*STATE_COLUMNS.values(), named=True)
    return [state_from_columns(row) for row in rows]


def scope_states(scope: BilanScope) -> list[SituationState]:
    # No event is ever dated after the day it is recorded, so as of today or later the cached state
    # (tested equal to the timeline's) is the state as of the as-of date, without reading the events.
    if scope.as_of >= timezone.localdate():
        return states_from_cache(scope)
    return states_from_timeline(scope)


def compute_bilan(scope: BilanScope) -> dict:
    """Every figure of the bilan, keys always present, in the shape of `manage.py bilan --format json`."""
    states = scope_states(scope)
    opened = [state for state in states if not state.closed]
    closed = [state for state in states if state.closed]
    situations = len(states)
    landlord_contacts = sum(state.landlord_contact for state in states)
    stages = Counter(state.stage for state in opened)
    reasons = Counter(state.closure_reason for state in closed)
    outcomes = Counter(state.outcome for state in closed)
    hearings = [state for state in states if state.hearing_attended]
    return {
        "scope": scope.as_dict(),
        "situations": situations,
        "accompanied": sum(state.accompanied for state in states),
        "open": {
            "total": len(opened),
            "accompanied": sum(state.accompanied for state in opened),
            "joint_visits": sum(state.joint_visits for state in opened),
            "by_stage": {stage.value: stages[stage] for stage in STAGES_IN_ORDER},
        },
        "closed": {
            "total": len(closed),
            "accompanied": sum(state.accompanied for state in closed),
            "joint_visits": sum(state.joint_visits for state in closed),
            "by_reason": {reason.value: reasons[reason.value] for reason in ClosureReason},
            "by_outcome": {outcome.value: outcomes[outcome] for outcome in Outcome},
        },
        "landlord_contact": {
            "count": landlord_contacts,
            "rate": round(landlord_contacts / situations, 4) if situations else 0.0,
        },
        "hearings": {
            "tenant_present": len(hearings),
            "with_legal_advisor": sum(state.hearing_with_juriste for state in hearings),
        },
    }


def default_period(team, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(start, end, as_of) of the default bilan: the last 18 months, or since the team's first situation if later."""
    months_back = today.year * 12 + today.month - DEFAULT_PERIOD_MONTHS
    start = dt.date(months_back // 12, months_back % 12 + 1, 1)
    first_received = Situation.objects.for_team(team).aggregate(first=Min("received_on"))["first"]
    if first_received is not None and start < first_received <= today:
        start = first_received
    return start, today, today


def validate_period(start: dt.date, end: dt.date, as_of: dt.date, *, today: dt.date) -> None:
    """Refuse a period that cannot give a bilan, with the reasons in French."""
    errors = []
    if end < start:
        errors.append(ValidationError(_("La date de fin doit être postérieure ou égale à la date de début."), "end"))
    if as_of > today:
        errors.append(ValidationError(_("La date d'arrêté ne peut pas être dans le futur."), "as_of_future"))
    if as_of < start:
        errors.append(
            ValidationError(_("La date d'arrêté doit être postérieure ou égale à la date de début."), "as_of_early")
        )
    if errors:
        raise ValidationError(errors)
