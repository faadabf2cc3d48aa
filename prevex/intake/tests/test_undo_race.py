"""An import undone while an event is recorded on one of its situations, in two real transactions at once
(PostgreSQL only: SQLite serialises writers). Whichever comes first, neither deadlocks: the undo refuses
because the situation was touched, or the event waits for the undo."""

import datetime as dt
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from prevex.imports.models import ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.intake.prefecture import services
from prevex.intake.tests.conftest import csv_list
from prevex.situations import services as situation_services
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.services import events as situation_events

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="two concurrent transactions need PostgreSQL",
    ),
]

FIRST = ";".join(["EXP-1", "DUPONT", "Marie", "2 rue Pasteur", "91100", "Corbeil-Essonnes", "01/03/24", "20/05/24", ""])
POSTPONED = FIRST.replace("20/05/24", "14/06/24")
NEW = ";".join(["EXP-2", "MARTIN", "Paul", "8 rue Foch", "91100", "Corbeil-Essonnes", "01/03/24", "21/05/24", ""])


def import_list(team, user, *rows):
    batch = services.batch_upload(
        team=team, data=csv_list(*rows), filename="liste.csv", user=user, received_on=dt.date(2024, 3, 18)
    )
    services.batch_commit(batch=batch, user=user)
    batch.refresh_from_db()
    return batch


@pytest.fixture
def second_list(essonne, coordinator):
    """EXP-1 imported, then a second list that postpones its hearing and brings EXP-2: the one to undo."""
    import_list(essonne, coordinator, FIRST)
    return import_list(essonne, coordinator, POSTPONED, NEW)


def in_thread(results: dict, name: str, work) -> threading.Thread:
    def run():
        try:
            results[name] = work()
        except Exception as error:  # reported to the test
            results[name] = error
        finally:
            connections.close_all()  # this thread's connection

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def paused(function, reached: threading.Event, release: threading.Event):
    """`function`, which first says it was reached and waits to be released (its transaction's locks held)."""

    def wrapper(*args, **kwargs):
        reached.set()
        assert release.wait(10)
        return function(*args, **kwargs)

    return wrapper


def wait_for_a_lock_wait() -> None:
    """Until another connection waits for a lock held by the paused transaction."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("no transaction ever waited for the other one")


def record_note(situation, user):
    event = Event(situation=situation, kind=EventKind.NOTE, occurred_on=dt.date(2024, 3, 20), note="Appel")
    return situation_services.event_record(event=event, author=user)


def test_an_event_recorded_first_makes_the_undo_refuse(monkeypatch, second_list, coordinator, social_worker):
    created = Situation.objects.get(reference="EXP-2")
    reached, release, results = threading.Event(), threading.Event(), {}
    monkeypatch.setattr(
        situation_events, "timeline_rule_error", paused(situation_events.timeline_rule_error, reached, release)
    )
    event = in_thread(results, "event", lambda: record_note(created, social_worker))
    assert reached.wait(10)  # the event's transaction holds its situation
    undo = in_thread(results, "undo", lambda: services.batch_undo(batch=second_list, user=coordinator))
    wait_for_a_lock_wait()
    release.set()
    event.join(20), undo.join(20)

    assert isinstance(results["event"], Event), results["event"]
    assert isinstance(results["undo"], ImportFileError), results["undo"]
    assert "modifiée" in str(results["undo"])
    second_list.refresh_from_db()
    assert second_list.status == ImportStatus.COMMITTED and created.events.count() == 1


def test_an_event_recorded_during_the_undo_waits_for_it(monkeypatch, second_list, coordinator, social_worker):
    updated = Situation.objects.get(reference="EXP-1")
    reached, release, results = threading.Event(), threading.Event(), {}
    monkeypatch.setattr(services, "undo_blocker", paused(services.undo_blocker, reached, release))
    undo = in_thread(results, "undo", lambda: services.batch_undo(batch=second_list, user=coordinator))
    assert reached.wait(10)  # the undo holds the team, the batch and its situations
    event = in_thread(results, "event", lambda: record_note(updated, social_worker))
    wait_for_a_lock_wait()
    assert "event" not in results  # waiting
    release.set()
    event.join(20), undo.join(20)

    assert results["undo"] == {"removed": 1, "reverted": 1}, results["undo"]
    assert isinstance(results["event"], Event), results["event"]
    updated.refresh_from_db()
    assert updated.hearing_date == dt.date(2024, 5, 20) and list(updated.events.values_list("note", flat=True)) == [
        "Appel"
    ]
    assert not Situation.objects.filter(reference="EXP-2").exists()
