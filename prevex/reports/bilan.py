"""The funders' bilan (definitions in docs/bilan.md), computed from the timeline as of any date."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, DurationField, ExpressionWrapper, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.situations.enums import STAGES_IN_ORDER, Channel, ClosureReason, Outcome, SocialServicesCheck
from prevex.situations.models import Situation
from prevex.situations.state import FACT_COLUMNS, MILESTONE_FIELDS, SituationState, derive_state, outcome_of
from prevex.support.actions.counts import actions_counts

# A bilan covers the current month and the 17 before it by default: the Essonne team's 18 months.
DEFAULT_PERIOD_MONTHS = 18
# The first contact's channels; "non_renseigne" for a contact recorded without one (an adhesion, an old contact).
UNRECORDED = "non_renseigne"
FIRST_CONTACT_CHANNELS = (*Channel.values, UNRECORDED)


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
        """Situations of the team received in the period, on or before the as-of date (the caseload)."""
        return self.received().exclude(self.known_to_social_services())

    def social_services_known(self):
        """The households of the scope already followed by the social services: outside the caseload."""
        return self.received().filter(self.known_to_social_services())

    def known_to_social_services(self) -> Q:
        """Found followed by the social services on or before the as-of date: a household found so later is
        still in the caseload of a bilan as of before (an answer recorded before its day was kept counts from
        the household's reception)."""
        answered_by_then = Q(social_services_checked_on__isnull=True) | Q(social_services_checked_on__lte=self.as_of)
        return Q(social_services=SocialServicesCheck.KNOWN) & answered_by_then

    def received(self):
        """Everything the lists brought in the scope, the households already followed included."""
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


@dataclass(frozen=True)
class BilanFacts:
    """What the bilan needs of one situation's state; situations with the same facts are counted together. Its
    fields but the first and the last two are the state's `FACT_COLUMNS`, under their names (state.py)."""

    closed: bool
    closure_reason: str
    stage: str
    is_accompanied: bool
    has_tenant_contact: bool
    first_contact_channel: str
    has_landlord_contact: bool
    joint_visit_count: int
    hearing_attended: bool
    hearing_with_juriste: bool
    # Followed by the social services as of the bilan's date: outside the caseload, counted on its own line.
    social_services_known: bool = False
    # Whole days from the reception to the first contact (0 for a contact before the reception), None without one.
    days_to_first_contact: int | None = None

    @classmethod
    def of(cls, state: SituationState, *, received_on: dt.date, social_services_known: bool = False) -> "BilanFacts":
        facts = {name: getattr(state, name) for name in FACT_COLUMNS}
        days = None if state.first_contact_on is None else (state.first_contact_on - received_on).days
        return cls(
            closed=state.closed,
            social_services_known=social_services_known,
            days_to_first_contact=_days(days),
            **facts,
        )

    @property
    def outcome(self) -> Outcome | None:
        return outcome_of(self.has_tenant_contact, self.closure_reason) if self.closed else None


def facts_from_timeline(scope: BilanScope) -> Counter:
    """Each situation's state derived from its events dated on or before the as-of date (of every situation
    received: whether it was known to the social services by then comes in the same query)."""
    known = ExpressionWrapper(scope.known_to_social_services(), output_field=BooleanField())
    rows = (
        scope.received()
        .with_milestones(scope.as_of)
        .annotate(known_by_then=known)
        .order_by()
        .values_list(*MILESTONE_FIELDS, "received_on", "known_by_then", named=True)
    )
    return Counter(
        BilanFacts.of(derive_state(row), received_on=row.received_on, social_services_known=bool(row.known_by_then))
        for row in rows
    )


def facts_from_cache(scope: BilanScope) -> Counter:
    """The cached state (the timeline's as of today), grouped and counted in SQL, in one query."""
    closed = ExpressionWrapper(Q(closed_on__isnull=False), output_field=BooleanField())
    known = ExpressionWrapper(scope.known_to_social_services(), output_field=BooleanField())
    delay = ExpressionWrapper(F("first_contact_on") - F("received_on"), output_field=DurationField())
    groups = (
        scope.received()
        .order_by()
        .values(*FACT_COLUMNS, closed=closed, known_by_then=known, delay=delay)
        .annotate(count=Count("id"))
    )
    return Counter(
        {
            BilanFacts(
                closed=bool(group["closed"]),
                social_services_known=bool(group["known_by_then"]),
                days_to_first_contact=_days(None if group["delay"] is None else group["delay"].days),
                **{name: group[name] for name in FACT_COLUMNS},
            ): group["count"]
            for group in groups
        }
    )


def _days(days: int | None) -> int | None:
    return None if days is None else max(days, 0)


def scope_facts(scope: BilanScope) -> Counter:
    # No event is ever dated after the day it is recorded, so as of today or later the cached state
    # (tested equal to the timeline's) is the state as of the as-of date, without reading the events.
    if scope.as_of >= timezone.localdate():
        return facts_from_cache(scope)
    return facts_from_timeline(scope)


def compute_bilan(scope: BilanScope) -> dict:
    """Every figure of the bilan, keys always present, in the shape of `manage.py bilan --format json`."""
    facts = scope_facts(scope)
    known = sum(number for f, number in facts.items() if f.social_services_known)
    facts = Counter({f: number for f, number in facts.items() if not f.social_services_known})

    def count(where=lambda f: True, value=lambda f: 1) -> int:
        return sum(value(f) * number for f, number in facts.items() if where(f))

    situations = count()
    landlord_contacts = count(lambda f: f.has_landlord_contact)
    return {
        "scope": scope.as_dict(),
        "situations": situations,
        "social_services_known": known,
        "accompanied": count(lambda f: f.is_accompanied),
        "open": {
            "total": count(lambda f: not f.closed),
            "accompanied": count(lambda f: not f.closed and f.is_accompanied),
            "joint_visits": count(lambda f: not f.closed, lambda f: f.joint_visit_count),
            "by_stage": {
                stage.value: count(lambda f, s=stage: not f.closed and f.stage == s) for stage in STAGES_IN_ORDER
            },
        },
        "closed": {
            "total": count(lambda f: f.closed),
            "accompanied": count(lambda f: f.closed and f.is_accompanied),
            "joint_visits": count(lambda f: f.closed, lambda f: f.joint_visit_count),
            "by_reason": {r.value: count(lambda f, r=r: f.closed and f.closure_reason == r) for r in ClosureReason},
            "by_outcome": {o.value: count(lambda f, o=o: f.outcome == o) for o in Outcome},
        },
        "landlord_contact": {
            "count": landlord_contacts,
            "rate": _rate(landlord_contacts, situations),
        },
        "hearings": {
            "tenant_present": count(lambda f: f.hearing_attended),
            "with_legal_advisor": count(lambda f: f.hearing_attended and f.hearing_with_juriste),
        },
        "first_contact": {
            "total": count(lambda f: f.has_tenant_contact),
            "by_channel": {
                code: count(
                    lambda f, code=code: f.has_tenant_contact and (f.first_contact_channel or UNRECORDED) == code
                )
                for code in FIRST_CONTACT_CHANNELS
            },
            "median_days": median_days(_days_counts(facts)),
        },
        # Préconisations and actions of the caseload, by kind and by status as they stood on the as-of date.
        "actions": actions_counts(team=scope.team, situations=scope.situations(), as_of=scope.as_of),
    }


def _days_counts(facts: Counter) -> Counter:
    """How many situations made their first contact so many days after their reception."""
    days = Counter()
    for f, number in facts.items():
        if f.has_tenant_contact:
            days[f.days_to_first_contact] += number
    return days


def median_days(numbers_by_days: Counter) -> int | None:
    """The median of the days (each with its number of situations); of an even count, the mean of the two middle
    values rounded half up (3 and 4 days: 4). None without any."""
    total = sum(numbers_by_days.values())
    if not total:
        return None
    ordered = sorted(numbers_by_days.items())

    def nth(index: int) -> int:  # the index-th smallest value, from 0
        seen = 0
        for days, number in ordered:
            seen += number
            if index < seen:
                return days
        raise IndexError(index)

    low, high = nth((total - 1) // 2), nth(total // 2)
    return int((Decimal(low + high) / 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _rate(count: int, total: int) -> float:
    """count / total to 4 decimals, rounded half up as a person would (1/32 -> 0.0313)."""
    if not total:
        return 0.0
    return float((Decimal(count) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def default_period(team, today: dt.date, *, whole_months: bool = False) -> tuple[dt.date, dt.date, dt.date]:
    """(start, end, as_of) of the default bilan: the last 18 months, or since the team's first situation if later.

    In whole months (funders): up to the end of the last month ended."""
    months_back = today.year * 12 + today.month - DEFAULT_PERIOD_MONTHS
    start = dt.date(months_back // 12, months_back % 12 + 1, 1)
    first_received = Situation.objects.for_team(team).aggregate(first=Min("received_on"))["first"]
    if first_received is not None and start < first_received <= today:
        start = first_received
    if not whole_months:
        return start, today, today
    end = today.replace(day=1) - dt.timedelta(days=1)
    return min(start.replace(day=1), end.replace(day=1)), end, end


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def validate_period(start: dt.date, end: dt.date, as_of: dt.date, *, today: dt.date, whole_months=False) -> None:
    """Refuse a period that cannot give a bilan, with the reasons in French.

    `whole_months` (funders): the period and the as-of date in whole months, so that two bilans never differ
    by the situations of a few days (one day's households, read by subtraction)."""
    errors = _whole_month_errors(start, end, as_of, today) if whole_months else []
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


def _whole_month_errors(start: dt.date, end: dt.date, as_of: dt.date, today: dt.date) -> list[ValidationError]:
    errors = []
    if start.day != 1:
        errors.append(ValidationError(_("Pour un financeur, la période commence le premier jour d'un mois."), "start"))
    if not is_month_end(end):
        errors.append(ValidationError(_("Pour un financeur, la période se termine le dernier jour d'un mois."), "end"))
    if not is_month_end(as_of) or as_of == today:
        errors.append(
            ValidationError(
                _("Pour un financeur, le bilan est arrêté au dernier jour d'un mois terminé."), "as_of_month"
            )
        )
    return errors
