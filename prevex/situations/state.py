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


def _event(*conditions: Q, as_of: dt.date | None) -> Q:
    q = Q(*conditions)
    if as_of is not None:
        q &= Q(events__occurred_on__lte=as_of)
    return q


def _ordering_key(*extra):
    """'YYYY-MM-DD|000000000042[|extra]': sorts events by date, then by recording order."""
    parts = [
        Cast("events__occurred_on", CharField()),
        Value(_SEP),
        LPad(Cast("events__id", CharField()), 12, Value("0")),
    ]
    for field in extra:
        parts += [Value(_SEP), field]
    return Concat(*parts, output_field=CharField())


def milestone_annotations(as_of: dt.date | None = None) -> dict:
    """Aggregates of each situation's events dated on or before `as_of` (all events if None)."""
    kind = "events__kind"
    kind__in = "events__kind__in"
    return {
        "m_first_letter_on": Min(
            "events__occurred_on",
            filter=_event(Q(**{kind: EventKind.LETTER}, events__recipient=Recipient.TENANT), as_of=as_of),
        ),
        "m_visits": Count("events", filter=_event(Q(**{kind: EventKind.VISIT}), as_of=as_of)),
        "m_joint_visits": Count(
            "events", filter=_event(Q(**{kind: EventKind.VISIT}, events__is_joint=True), as_of=as_of)
        ),
        "m_reminder_on": Min("events__occurred_on", filter=_event(Q(**{kind: EventKind.REMINDER}), as_of=as_of)),
        # The first contact ("date|id|kind|channel"): its day and the way the household got in touch.
        "m_first_contact": Min(
            _ordering_key("events__kind", "events__channel"),
            filter=_event(
                # Adhesion implies contact (domain-corrections.md), even without a contact event of its own.
                Q(**{kind__in: [EventKind.TENANT_CONTACT, EventKind.ADHESION]})
                | Q(**{kind: EventKind.VISIT}, events__visit_outcome=VisitOutcome.MET),
                as_of=as_of,
            ),
        ),
        "m_landlord_contact_on": Min(
            "events__occurred_on", filter=_event(Q(**{kind: EventKind.LANDLORD_CONTACT}), as_of=as_of)
        ),
        "m_adhesion_on": Min("events__occurred_on", filter=_event(Q(**{kind: EventKind.ADHESION}), as_of=as_of)),
        "m_hearings_attended": Count(
            "events",
            filter=_event(Q(**{kind: EventKind.HEARING}, events__hearing_presence__in=ATTENDED_PRESENCES), as_of=as_of),
        ),
        "m_hearings_with_juriste": Count(
            "events",
            filter=_event(
                Q(**{kind: EventKind.HEARING}, events__hearing_presence=HearingPresence.WITH_JURISTE), as_of=as_of
            ),
        ),
        # A presence recorded for the hearing the situation now has (one held before a renvoi does not count).
        "m_current_hearing_recorded": Count(
            "events",
            filter=_event(
                Q(**{kind: EventKind.HEARING})
                & (
                    Q(events__hearing_on=F("hearing_date"))
                    | Q(events__hearing_on__isnull=True, events__occurred_on=F("hearing_date"))
                ),
                as_of=as_of,
            ),
        ),
        "m_last_closure": Max(
            _ordering_key("events__closure_reason"), filter=_event(Q(**{kind: EventKind.CLOSURE}), as_of=as_of)
        ),
        "m_last_reopening": Max(_ordering_key(), filter=_event(Q(**{kind: EventKind.REOPENING}), as_of=as_of)),
        "m_last_event_on": Max("events__occurred_on", filter=_event(as_of=as_of)),
    }


ATTENDED_PRESENCES = [HearingPresence.ALONE, HearingPresence.WITH_JURISTE]
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
    """The cache columns' values for a state."""
    return dataclasses.asdict(state)


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


@cache
def empty_timeline_state() -> SituationState:
    """The state of a situation without any event (the milestones' aggregates over no row): what a new
    situation's cache holds without a query."""
    nothing = {name: 0 if isinstance(aggregate, Count) else None for name, aggregate in milestone_annotations().items()}
    return derive_state(SimpleNamespace(**nothing))
