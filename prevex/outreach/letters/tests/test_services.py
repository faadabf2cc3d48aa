"""Confirming the letters of the day (events through the writer, tasks done by its hook, idempotent) and a
returned letter (a note, a task to check the address, the journal)."""

import datetime as dt

import pytest

from prevex.audit.models import AuditEntry
from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.services import confirm_sent, find_by_reference, letters_of_the_day, returned_letter
from prevex.outreach.letters.tests.support import due_situation, task_of
from prevex.outreach.models import Task
from prevex.situations.enums import Channel, EventKind, Recipient, VisitOutcome
from prevex.situations.models import Event
from prevex.situations.tests.factories import EventFactory

pytestmark = pytest.mark.usefixtures("frozen_today")
TODAY = dt.date(2024, 5, 2)


def letter_events(situation):
    return list(
        Event.objects.filter(situation=situation, kind__in=[EventKind.LETTER, EventKind.REMINDER]).values_list(
            "kind", "recipient", "channel", "occurred_on"
        )
    )


def test_confirming_records_one_event_per_letter_and_the_hook_marks_the_tasks_done(team, coordinator):
    first, second = due_situation(team, reference="A-1"), due_situation(team, reference="A-2")
    ready = [letter.task.pk for letter in letters_of_the_day(team, TODAY).ready]
    result = confirm_sent(team, ready, coordinator, TODAY)
    assert (result.recorded, result.already, result.blocked) == (2, 0, 0)
    for situation in (first, second):
        assert letter_events(situation) == [(EventKind.LETTER, Recipient.TENANT, Channel.POST, TODAY)]
        done = Task.objects.get(situation=situation, step="premier_courrier")
        assert (done.done_on, done.is_open) == (TODAY, False)
        assert done.done_event.kind == EventKind.LETTER
        # The landlord letter was blocked (no landlord address): still open, nothing recorded for it.
        assert task_of(situation, "courrier_bailleur").is_open
    assert letters_of_the_day(team, TODAY).ready == []
    entry = AuditEntry.objects.filter(details__outreach="letters_sent").get(target_id=str(first.public_id))
    assert entry.details["letters"] == ["premier_courrier"]


def test_confirming_twice_records_nothing_more(team, coordinator):
    situation = due_situation(team)
    ids = [task_of(situation).pk]
    confirm_sent(team, ids, coordinator, TODAY)
    again = confirm_sent(team, ids, coordinator, TODAY)
    assert (again.recorded, again.already) == (0, 1)
    assert len(letter_events(situation)) == 1


def test_a_reminder_is_recorded_as_a_reminder(team, coordinator):
    situation = due_situation(team)
    EventFactory(
        situation=situation, kind=EventKind.LETTER, recipient=Recipient.TENANT, occurred_on=dt.date(2024, 3, 4)
    )
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=dt.date(2024, 3, 14)
    )
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=dt.date(2024, 3, 24)
    )
    from prevex.outreach.services import tasks_sync

    tasks_sync([situation.pk])
    reminder = task_of(situation, "relance")
    result = confirm_sent(team, [reminder.pk], coordinator, TODAY)
    assert result.recorded == 1
    assert letter_events(situation)[-1] == (EventKind.REMINDER, Recipient.TENANT, Channel.POST, TODAY)
    reminder.refresh_from_db()
    assert reminder.done_on == TODAY


def test_a_blocked_letter_is_never_recorded_sent(team, coordinator):
    situation = due_situation(team, address="")
    result = confirm_sent(team, [task_of(situation).pk], coordinator, TODAY)
    assert (result.recorded, result.blocked) == (0, 1)
    assert letter_events(situation) == [] and task_of(situation).is_open


def test_another_teams_tasks_are_ignored(team, coordinator, other_team_member):
    other = due_situation(other_team_member.membership.team)
    result = confirm_sent(team, [task_of(other).pk], coordinator, TODAY)
    assert result.recorded == 0 and letter_events(other) == [] and task_of(other).is_open


def test_a_returned_letter_notes_it_and_proposes_a_check_visit(team, coordinator):
    situation = due_situation(team, reference="EM91-00042")
    assert find_by_reference(team, " em91-00042 ") == situation
    task = returned_letter(situation, coordinator, TODAY)
    assert (task.step, task.planned, task.due_on, task.is_open) == (AdHocTask.CHECK_ADDRESS, False, TODAY, True)
    note = Event.objects.get(situation=situation, kind=EventKind.NOTE)
    assert "NPAI" in note.note and note.author == coordinator
    assert AuditEntry.objects.filter(target_id=str(situation.public_id), details__outreach="letter_returned").exists()
    # Twice: a second note, but the one open task is kept.
    assert returned_letter(situation, coordinator, TODAY).pk == task.pk


def test_a_reference_of_another_team_is_not_found(team, other_team_member):
    other = due_situation(other_team_member.membership.team, reference="B-1")
    assert find_by_reference(team, other.reference) is None
