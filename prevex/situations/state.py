"""The state of a situation, derived from its timeline.

The timeline of events is the source of truth. `milestone_annotations` reduces the events of each
situation dated on or before a day to a few aggregates in SQL (the milestones: first letter, visits, contact,
adhesion, closure…); `derive_state` turns those into a `SituationState`: the stage, closure and outcome. The
bilan (any as-of date) and the cached columns of `Situation` (today) both go through these two functions, so
they cannot disagree.

The state is declared once, by `SituationState`: its fields are the columns of `Situation` that cache it
(`STATE_COLUMNS`, under the same names), and all of them but its dates are the facts the bilan counts
(`FACT_COLUMNS`, prevex/reports/bilan.py). No table renames one into the other.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django.db.models import CharField, Count, F, Max, Min, Q, Value
from django.db.models.functions import Cast, Concat, LPad

from prevex.situations.enums import (
    LEFT_OR_NOT_AT_ADDRESS_REASONS,
    Channel,
    EventKind,
    HearingPresence,
    Outcome,
    Recipient,
    Stage,
    VisitOutcome,
)

_SEP = "|"


ATTENDED_PRESENCES = [HearingPresence.ALONE, HearingPresence.WITH_JURISTE]


@dataclass(frozen=True)
class Milestone:
    """One aggregate of a situation's events: `aggregate` (Min, Max or Count) of `value` — an event field, or
    `KEY` and extra fields for the ordering key "date|id[|extra…]" — over the events `where` holds (a Q on the
    event's own fields; an F names a field of the situation). Read in SQL (`milestone_annotations`) and in
    Python over events not yet stored (`milestones_of`), from this one declaration."""

    name: str
    aggregate: type
    where: Q = Q()
    value: tuple = ("occurred_on",)


KEY = "key"

MILESTONES = (
    Milestone("m_first_letter_on", Min, Q(kind=EventKind.LETTER, recipient=Recipient.TENANT)),
    Milestone("m_visits", Count, Q(kind=EventKind.VISIT)),
    Milestone("m_joint_visits", Count, Q(kind=EventKind.VISIT, is_joint=True)),
    Milestone("m_reminder_on", Min, Q(kind=EventKind.REMINDER)),
    # The first contact ("date|id|kind|channel"): its day and the way the household got in touch. Adhesion implies
    # contact (domain-corrections.md), even without a contact event of its own.
    Milestone(
        "m_first_contact",
        Min,
        Q(kind__in=[EventKind.TENANT_CONTACT, EventKind.ADHESION])
        | Q(kind=EventKind.VISIT, visit_outcome=VisitOutcome.MET),
        (KEY, "kind", "channel"),
    ),
    Milestone("m_landlord_contact_on", Min, Q(kind=EventKind.LANDLORD_CONTACT)),
    Milestone("m_adhesion_on", Min, Q(kind=EventKind.ADHESION)),
    Milestone("m_hearings_attended", Count, Q(kind=EventKind.HEARING, hearing_presence__in=ATTENDED_PRESENCES)),
    Milestone(
        "m_hearings_with_juriste", Count, Q(kind=EventKind.HEARING, hearing_presence=HearingPresence.WITH_JURISTE)
    ),
    # A presence recorded for the hearing the situation now has (one held before a renvoi does not count).
    Milestone(
        "m_current_hearing_recorded",
        Count,
        Q(kind=EventKind.HEARING)
        & (Q(hearing_on=F("hearing_date")) | Q(hearing_on__isnull=True, occurred_on=F("hearing_date"))),
    ),
    Milestone("m_last_closure", Max, Q(kind=EventKind.CLOSURE), (KEY, "closure_reason")),
    Milestone("m_last_reopening", Max, Q(kind=EventKind.REOPENING), (KEY,)),
    Milestone("m_last_event_on", Max),
)


def _on_events(where: Q) -> Q:
    """The same condition through the situation's `events` relation (an F stays the situation's field)."""
    q = Q(
        *[_on_events(child) if isinstance(child, Q) else (f"events__{child[0]}", child[1]) for child in where.children]
    )
    q.connector, q.negated = where.connector, where.negated
    return q


def _sql_value(milestone: Milestone):
    if milestone.value[0] != KEY:
        return "events" if milestone.aggregate is Count else f"events__{milestone.value[0]}"
    parts = [
        Cast("events__occurred_on", CharField()),
        Value(_SEP),
        LPad(Cast("events__id", CharField()), 12, Value("0")),
    ]
    for name in milestone.value[1:]:
        parts += [Value(_SEP), F(f"events__{name}")]
    return Concat(*parts, output_field=CharField())


def milestone_annotations(as_of: dt.date | None = None) -> dict:
    """Aggregates of each situation's events dated on or before `as_of` (all events if None)."""
    dated = Q() if as_of is None else Q(events__occurred_on__lte=as_of)
    return {
        milestone.name: milestone.aggregate(_sql_value(milestone), filter=_on_events(milestone.where) & dated)
        for milestone in MILESTONES
    }


@cache
def _event_defaults() -> dict:
    """What a stored event holds in the fields an event's dict may leave out (models import this module: read
    lazily)."""
    from prevex.situations.models import Event

    return {field.attname: field.get_default() for field in Event._meta.concrete_fields if not field.primary_key}


def _leaf(lookup: str, wanted):
    name, _, operator = lookup.partition("__")
    if isinstance(wanted, F):  # SQL's comparison with a column of the situation: nothing equals NULL
        column = wanted.name
        return lambda event, situation: event[name] is not None and event[name] == situation.get(column)
    if operator == "in":
        wanted = frozenset(wanted)
        return lambda event, situation: event[name] in wanted
    if operator == "isnull":
        return lambda event, situation: (event[name] is None) == wanted
    return lambda event, situation: event[name] == wanted


def _predicate(where: Q):
    """`where` as a function of (event, situation), an event being a dict of the fields the milestones read; only
    the lookups they use (exact, in, isnull, a comparison with a field of the situation)."""
    parts = [_predicate(child) if isinstance(child, Q) else _leaf(*child) for child in where.children]
    if not parts:
        held = lambda event, situation: True  # noqa: E731
    else:
        held = _both(parts) if where.connector == Q.AND else _either(parts)
    return (lambda event, situation: not held(event, situation)) if where.negated else held


def _both(parts: list):
    if len(parts) == 1:
        return parts[0]
    first, rest = parts[0], _both(parts[1:])
    return lambda event, situation: first(event, situation) and rest(event, situation)


def _either(parts: list):
    if len(parts) == 1:
        return parts[0]
    first, rest = parts[0], _either(parts[1:])
    return lambda event, situation: first(event, situation) or rest(event, situation)


def _read_fields(where: Q) -> set[str]:
    return {
        name
        for child in where.children
        for name in (_read_fields(child) if isinstance(child, Q) else [child[0].partition("__")[0]])
    }


def _python_value(milestone: Milestone):
    if milestone.value[0] != KEY:
        name = milestone.value[0]
        return lambda event, order: event[name]
    extra = milestone.value[1:]
    return lambda event, order: _SEP.join(
        [event["occurred_on"].isoformat(), f"{order:012d}", *(str(event[name] or "") for name in extra)]
    )


@cache
def _readers() -> tuple[dict, list]:
    """The fields the milestones read with their defaults, and (name, aggregate, predicate, value) of each
    milestone: made once."""
    read = {"occurred_on"}
    for milestone in MILESTONES:
        read |= _read_fields(milestone.where) | {name for name in milestone.value if name != KEY}
    defaults = {name: value for name, value in _event_defaults().items() if name in read}
    return defaults, [(m.name, m.aggregate, _predicate(m.where), _python_value(m)) for m in MILESTONES]


def milestones_of(situation: dict, events: list[dict]) -> SimpleNamespace:
    """The milestones of a situation from its events (dicts of Event fields, in the order they will be stored,
    which is the order of their ids), as `milestone_annotations` gives them once stored: a new situation's
    state without a query. `situation` gives the fields an F names (its hearing date)."""
    defaults, readers = _readers()
    stored = [{name: event.get(name, default) for name, default in defaults.items()} for event in events]
    found = {}
    for name, aggregate, holds, value in readers:
        values = [value(event, order) for order, event in enumerate(stored) if holds(event, situation)]
        if aggregate is Count:
            found[name] = len(values)
        else:
            found[name] = (min if aggregate is Min else max)(values, default=None)
    return SimpleNamespace(**found)


MILESTONE_FIELDS = list(milestone_annotations())


@dataclass(frozen=True)
class SituationState:
    """A situation's state; each field is the `Situation` column caching it, under the same name."""

    stage: str  # a Stage while open, "" once closed
    is_accompanied: bool
    closed_on: dt.date | None
    closure_reason: str
    has_tenant_contact: bool
    first_contact_on: dt.date | None
    first_contact_channel: str  # a Channel ("in_person" for a visit where the tenant was met), "" if unrecorded
    has_landlord_contact: bool
    joint_visit_count: int
    hearing_attended: bool
    hearing_with_juriste: bool
    current_hearing_recorded: bool  # a presence is recorded for the situation's hearing date
    last_event_on: dt.date | None

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def outcome(self) -> Outcome | None:
        """Only for closed situations."""
        return outcome_of(self.has_tenant_contact, self.closure_reason) if self.closed else None


# The columns of `Situation` that cache the state as of today, and those the bilan counts (the dates aside, and
# what only the worklist reads: whether the hearing the situation has now is recorded).
STATE_COLUMNS = tuple(field.name for field in dataclasses.fields(SituationState))
DATE_COLUMNS = ("closed_on", "first_contact_on", "last_event_on")
WORKLIST_COLUMNS = ("current_hearing_recorded",)
FACT_COLUMNS = tuple(name for name in STATE_COLUMNS if name not in (*DATE_COLUMNS, *WORKLIST_COLUMNS))


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _closure(last_closure: str | None, last_reopening: str | None) -> tuple[dt.date | None, str]:
    if not last_closure or (last_reopening and last_reopening > last_closure):
        return None, ""
    closed_on, _order, reason = last_closure.split(_SEP, 2)
    return dt.date.fromisoformat(closed_on), reason


def _first_contact(first_contact: str | None) -> tuple[dt.date | None, str]:
    """(day, channel) of the first contact; a visit where the tenant was met is a contact in person."""
    if not first_contact:
        return None, ""
    day, _order, kind, channel = first_contact.split(_SEP, 3)
    return dt.date.fromisoformat(day), Channel.IN_PERSON.value if kind == EventKind.VISIT else channel


def _open_stage(row) -> Stage:
    if row.m_adhesion_on:
        return Stage.ACCOMPANIED
    if row.m_first_contact:
        return Stage.CONTACT
    if row.m_reminder_on:
        return Stage.REMINDER
    if row.m_visits >= 2:
        return Stage.VISIT_2
    if row.m_visits == 1:
        return Stage.VISIT_1
    if row.m_first_letter_on:
        return Stage.FIRST_LETTER
    return Stage.TO_CONTACT


def outcome_of(tenant_contact: bool, closure_reason: str) -> Outcome:
    if tenant_contact:
        return Outcome.TENANT_CONTACT
    if closure_reason in LEFT_OR_NOT_AT_ADDRESS_REASONS:
        return Outcome.LEFT_OR_NOT_AT_ADDRESS
    return Outcome.NO_CONTACT


def state_columns(state: SituationState) -> dict:
    """The cache columns' values for a state (its fields are flat: `dataclasses.asdict`'s deep copy is not needed,
    and costs more than deriving the state for an import's 10,000 rows)."""
    return {column: getattr(state, column) for column in STATE_COLUMNS}


def state_from_columns(row) -> SituationState:
    """The state held in the cache columns of a situation (a model instance or a named row)."""
    return SituationState(**{column: getattr(row, column) for column in STATE_COLUMNS})


def derive_state(row) -> SituationState:
    """The state of one situation from the `m_*` attributes set by `milestone_annotations`."""
    closed_on, reason = _closure(row.m_last_closure, row.m_last_reopening)
    first_contact_on, first_contact_channel = _first_contact(row.m_first_contact)
    return SituationState(
        stage="" if closed_on else _open_stage(row),
        is_accompanied=row.m_adhesion_on is not None,
        closed_on=closed_on,
        closure_reason=reason,
        has_tenant_contact=first_contact_on is not None,
        first_contact_on=first_contact_on,
        first_contact_channel=first_contact_channel,
        has_landlord_contact=row.m_landlord_contact_on is not None,
        joint_visit_count=row.m_joint_visits,
        hearing_attended=row.m_hearings_attended > 0,
        hearing_with_juriste=row.m_hearings_with_juriste > 0,
        current_hearing_recorded=row.m_current_hearing_recorded > 0,
        last_event_on=_as_date(row.m_last_event_on),
    )
