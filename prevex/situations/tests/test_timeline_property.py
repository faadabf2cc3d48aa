"""Whatever a team does through the writer, in whatever order, what it accepts leaves a valid timeline whose
cached state is the state rebuilt from its events (hypothesis draws the sequences of operations)."""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.situations import services
from prevex.situations.enums import ClosureReason, EventKind, HearingPresence, Recipient, VisitOutcome
from prevex.situations.models import Event, Situation
from prevex.situations.state import derive_state, state_from_columns
from prevex.situations.tests.factories import SituationFactory
from prevex.situations.timeline import TimelineFacts, timeline_errors

TODAY = dt.date(2024, 5, 2)
FIRST_DAY = dt.date(2024, 2, 10)  # before the assignation (15/02): some dates are refused as implausible
HEARINGS = [dt.date(2024, 3, 20), dt.date(2024, 4, 10)]
EXTRA = {
    EventKind.LETTER: {"recipient": Recipient.TENANT, "channel": "post"},
    EventKind.VISIT: {"visit_outcome": VisitOutcome.ABSENT},
    EventKind.CLOSURE: {"closure_reason": ClosureReason.SANS_CONTACT},
    EventKind.HEARING: {"hearing_presence": HearingPresence.ALONE},
    EventKind.NOTE: {"note": "Appel"},
}

days = st.integers(0, 95).map(lambda offset: FIRST_DAY + dt.timedelta(days=offset))  # up to 15/05: the future
kinds = st.sampled_from(
    [EventKind.CLOSURE, EventKind.REOPENING, EventKind.HEARING, EventKind.VISIT, EventKind.LETTER, EventKind.NOTE]
)
hearing_days = st.one_of(st.sampled_from(HEARINGS), days)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), kinds, days, hearing_days),
        st.tuples(st.just("bulk"), kinds, days, hearing_days),
        st.tuples(st.just("edit"), st.integers(0, 20), days, hearing_days),
        st.tuples(st.just("delete"), st.integers(0, 20), st.just(None), st.just(None)),
        st.tuples(st.just("postpone"), st.just(None), days, st.just(None)),
    ),
    max_size=14,
)


def _fields(kind, day, hearing_on) -> dict:
    if kind == EventKind.HEARING:
        return {"kind": kind, "occurred_on": max(day, hearing_on), "hearing_on": hearing_on, **EXTRA[kind]}
    return {"kind": kind, "occurred_on": day, **EXTRA.get(kind, {})}


def _apply(operation, situation, user) -> None:
    name, what, day, hearing_on = operation
    events = list(situation.events.order_by("pk"))
    if name == "add":
        services.event_record(event=Event(situation=situation, **_fields(what, day, hearing_on)), author=user)
    elif name == "bulk":
        services.events_record_many(
            team=situation.team,
            events={situation.pk: [_fields(what, day, hearing_on)]},
            author=user,
            details={situation.pk: {}},
        )
    elif name == "edit" and events:
        event = events[what % len(events)]
        event.occurred_on = max(day, hearing_on) if event.kind == EventKind.HEARING else day
        event.hearing_on = hearing_on if event.kind == EventKind.HEARING else None
        services.event_update(event=event, author=user, before={})
    elif name == "delete" and events:
        services.event_delete(event=events[what % len(events)], author=user)
    elif name == "postpone":
        fresh = Situation.objects.get(pk=situation.pk)
        changed = {"hearing_date": fresh.hearing_date}
        fresh.hearing_date = day
        services.situation_update(situation=fresh, author=user, changed=changed, version=fresh.version)


def _assert_valid(situation) -> None:
    situation = Situation.objects.with_milestones().get(pk=situation.pk)
    assert timeline_errors(list(situation.events.all()), TimelineFacts.of(situation)) == []
    assert state_from_columns(situation) == derive_state(situation)


@pytest.mark.django_db
@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_any_sequence_of_accepted_operations_leaves_a_valid_timeline_and_its_state_cached(
    operations, team, coordinator
):
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False), transaction.atomic():
        situation = SituationFactory(
            team=team, hearing_date=HEARINGS[1], earlier_hearing_dates=[HEARINGS[0].isoformat()]
        )
        for operation in operations:
            with contextlib.suppress(ValidationError):  # refused: the timeline must be as it was, still valid
                _apply(operation, situation, coordinator)
            _assert_valid(situation)
        transaction.set_rollback(True)
