"""A tracking sheet confirmed while someone records the same visit on one of its situations, in two real
transactions at once (PostgreSQL only: SQLite serialises writers): the import waits for the visit, sees it,
and does not add it a second time."""

import datetime as dt
import threading

import pytest
from django.conf import settings

from prevex.imports.suivi import services
from prevex.imports.tests.conftest import GOOD_ROW, good_row_situation, sheet
from prevex.intake.tests.test_undo_race import in_thread, paused, wait_for_a_lock_wait
from prevex.situations import services as writer
from prevex.situations.enums import EventKind, VisitOutcome
from prevex.situations.models import Event
from prevex.situations.services import events as situation_events

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("essonne_communes"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="two concurrent transactions need PostgreSQL",
    ),
]


def test_a_visit_recorded_while_the_sheet_is_confirmed_is_not_added_twice(monkeypatch, team, coordinator):
    situation = good_row_situation(team, received_on=dt.date(2024, 3, 1))
    batch, _preview = services.batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    reached, release, results = threading.Event(), threading.Event(), {}
    monkeypatch.setattr(
        situation_events, "timeline_rule_error", paused(situation_events.timeline_rule_error, reached, release)
    )
    visit = Event(
        situation=situation, kind=EventKind.VISIT, occurred_on=dt.date(2024, 3, 10), visit_outcome=VisitOutcome.ABSENT
    )
    recording = in_thread(results, "visit", lambda: writer.event_record(event=visit, author=coordinator))
    assert reached.wait(10)  # the visit's transaction holds its situation
    confirming = in_thread(results, "import", lambda: services.batch_commit(batch=batch, user=coordinator))
    wait_for_a_lock_wait()
    release.set()
    recording.join(20), confirming.join(20)

    assert isinstance(results["visit"], Event), results["visit"]
    assert results["import"] == {"created": 0, "updated": 1, "events": 1}, results["import"]  # the letter only
    assert situation.events.filter(kind=EventKind.VISIT).count() == 1
