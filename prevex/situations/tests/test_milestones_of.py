"""The milestones read in Python from events not yet stored (`milestones_of`, the bulk creation's cached state)
are the milestones SQL reads from the same events once stored, for any events (hypothesis draws them)."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.core.bulk import insert_rows
from prevex.situations.enums import Channel, ClosureReason, EventKind, HearingPresence, Recipient, VisitOutcome
from prevex.situations.models import Event, Situation
from prevex.situations.state import MILESTONES, Milestone, derive_state, milestones_of
from prevex.situations.tests.factories import SituationFactory

FIRST_DAY = dt.date(2024, 2, 1)
days = st.integers(0, 60).map(lambda offset: FIRST_DAY + dt.timedelta(days=offset))
maybe_days = st.one_of(st.none(), days)
events = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from([kind for kind in EventKind if kind != EventKind.PROCEDURE_ACT]),
            "occurred_on": days,
            "hearing_on": maybe_days,
            "recipient": st.sampled_from(["", *Recipient]),
            "channel": st.sampled_from(["", *Channel]),
            "visit_outcome": st.sampled_from(["", *VisitOutcome]),
            "is_joint": st.booleans(),
            "hearing_presence": st.sampled_from(["", *HearingPresence]),
            "closure_reason": st.sampled_from(["", *ClosureReason]),
        },
        # Some fields left out, as the imports leave them: the event's defaults then apply.
        optional={"note": st.just("")},
    ).map(lambda event: _valid({key: value for key, value in event.items() if value != ""})),
    max_size=8,
)


def _valid(event: dict) -> dict:
    """What the table's constraints require of a closure, a visit and a hearing."""
    required = {
        EventKind.CLOSURE: ("closure_reason", ClosureReason.SANS_CONTACT),
        EventKind.VISIT: ("visit_outcome", VisitOutcome.ABSENT),
        EventKind.HEARING: ("hearing_presence", HearingPresence.ABSENT),
    }
    if event["kind"] in required:
        name, default = required[event["kind"]]
        event.setdefault(name, default)
    return event


class _Rollback(Exception):
    pass


def _without_ids(milestone: Milestone, value):
    """An ordering key's id part is the event's pk once stored, its position before: compare the rest."""
    if isinstance(value, str) and milestone.value[0] == "key":
        day, _order, *rest = value.split("|")
        return (day, *rest)
    return value


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(timeline=events, hearing_date=maybe_days)
def test_milestones_in_python_are_the_milestones_in_sql(timeline, hearing_date):
    try:
        with transaction.atomic():
            situation = SituationFactory(hearing_date=hearing_date)
            insert_rows(Event, [{**event, "situation_id": situation.pk} for event in timeline])
            stored = Situation.objects.with_milestones().get(pk=situation.pk)
            before = milestones_of({"hearing_date": hearing_date}, timeline)
            for milestone in MILESTONES:
                sql, python = getattr(stored, milestone.name), getattr(before, milestone.name)
                if milestone.name == "m_last_event_on" and isinstance(sql, str):
                    sql = dt.date.fromisoformat(sql)
                assert _without_ids(milestone, sql) == _without_ids(milestone, python), milestone.name
            assert derive_state(stored) == derive_state(before)
            raise _Rollback
    except _Rollback:
        pass
