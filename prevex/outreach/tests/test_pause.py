"""Pausing and resuming one household's sequence: the tasks wait, the journal says who and why (its reason kept
apart, as free text is), and anonymisation blanks the reason. The clock is stopped on 2 May 2024."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach import privacy
from prevex.outreach.models import Pause, Task
from prevex.outreach.services import pause_sequence, resume_sequence, tasks_sync
from prevex.situations.enums import ClosureReason, EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory

D = dt.date
TODAY = D(2024, 5, 2)
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def situation(team):
    situation = SituationFactory(team=team, reference="EM91-00001")
    tasks_sync([situation.pk])
    return situation


def open_dues(situation) -> set:
    return set(Task.objects.filter(situation=situation).open().values_list("step", "due_on", "late"))


def test_a_pause_moves_the_open_tasks_to_the_day_after_it_and_is_journaled(situation, coordinator):
    assert open_dues(situation) == {
        ("premier_courrier", D(2024, 3, 1), False),
        ("courrier_bailleur", D(2024, 3, 1), False),
    }
    pause = pause_sequence(situation, D(2024, 5, 10), "Hospitalisation de Mme", coordinator)
    assert (pause.starts_on, pause.ends_on, pause.created_by) == (TODAY, D(2024, 5, 10), coordinator)
    # 11 May is less than 7 days before the 14 May hearing: late.
    assert open_dues(situation) == {
        ("premier_courrier", D(2024, 5, 11), True),
        ("courrier_bailleur", D(2024, 5, 11), True),
    }
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(situation.public_id))
    assert entry.details == {
        "outreach": "pause",
        "starts_on": "2024-05-02",
        "ends_on": "2024-05-10",
        "personal_fields": ["note"],
    }
    assert entry.full_details()["note"] == "Hospitalisation de Mme"


def test_resuming_makes_what_the_pause_held_due_today(situation, coordinator):
    pause_sequence(situation, D(2024, 5, 10), "Hospitalisation", coordinator)
    with time_machine.travel(dt.datetime(2024, 5, 6, 10, tzinfo=dt.UTC), tick=False):
        pause = resume_sequence(situation, coordinator)
        assert (pause.resumed_on, pause.resumed_by) == (D(2024, 5, 6), coordinator)
        assert {due for _step, due, _late in open_dues(situation)} == {D(2024, 5, 6)}
        with pytest.raises(ValidationError, match="n'est pas en pause"):
            resume_sequence(situation, coordinator)
    entries = AuditEntry.objects.filter(target_id=str(situation.public_id)).order_by("pk")
    assert [entry.details["outreach"] for entry in entries] == ["pause", "resume"]


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (D(2024, 5, 1), "Hospitalisation", "au plus tôt aujourd'hui"),
        (D(2024, 5, 10), "  ", "Indiquez le motif"),
    ],
)
def test_a_pause_needs_a_reason_and_an_end_not_in_the_past(situation, coordinator, until, reason, message):
    with pytest.raises(ValidationError, match=message):
        pause_sequence(situation, until, reason, coordinator)
    assert not Pause.objects.exists()


def test_a_sequence_is_paused_once_at_a_time_and_never_once_closed(situation, coordinator):
    pause_sequence(situation, D(2024, 5, 10), "Hospitalisation", coordinator)
    with pytest.raises(ValidationError, match="déjà en pause"):
        pause_sequence(situation, D(2024, 5, 20), "Autre", coordinator)
    EventFactory(situation=situation, kind=EventKind.CLOSURE, closure_reason=ClosureReason.AUTRE, occurred_on=TODAY)
    with pytest.raises(ValidationError, match="clôturée"):
        pause_sequence(situation, D(2024, 5, 20), "Autre", coordinator)
    assert Pause.objects.count() == 1


def test_anonymisation_blanks_the_pause_reasons_and_the_export_lists_them(situation, coordinator):
    pause_sequence(situation, D(2024, 5, 10), "Hospitalisation de Mme Dupont", coordinator)
    data = privacy.personal_data(situation)
    assert [pause["reason"] for pause in data["outreach_pauses"]] == ["Hospitalisation de Mme Dupont"]
    assert {task["step"] for task in data["outreach_tasks"]} == {
        "Premier courrier au locataire (courrier, SMS, e-mail)",
        "Courrier au bailleur",
    }
    privacy.anonymise(situation)
    assert list(Pause.objects.values_list("reason", flat=True)) == [""]
