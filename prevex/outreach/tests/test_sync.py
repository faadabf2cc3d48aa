"""`tasks_sync`: the stored tasks brought to the plans, in bulk and idempotently (the clock stopped on 2 May 2024;
the factories' situation was received on 1 March 2024, its hearing on 14 May 2024)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.organisations.tests.factories import TeamFactory
from prevex.outreach.enums import EndReason
from prevex.outreach.models import SequenceStep, Task
from prevex.outreach.services import TASK_FIELDS, sequence_install_default, tasks_sync, tasks_sync_team
from prevex.situations import services
from prevex.situations.enums import ClosureReason, EventKind, Recipient, VisitOutcome
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.territories.tests.factories import CommuneFactory

D = dt.date
LETTER_ON = D(2024, 3, 4)
pytestmark = pytest.mark.usefixtures("frozen_today")


def rows(situation) -> dict:
    """{(step, id): values} of a situation's stored tasks."""
    return {
        (task["step"], task["id"]): task
        for task in Task.objects.filter(situation=situation).values("id", "step", "updated_at", *TASK_FIELDS)
    }


def current(situation, step) -> Task:
    return Task.objects.filter(situation=situation, step=step).latest("id")


def letter(situation, day=LETTER_ON, recipient=Recipient.TENANT):
    return EventFactory(situation=situation, kind=EventKind.LETTER, recipient=recipient, occurred_on=day)


def visit(situation, day, outcome=VisitOutcome.ABSENT):
    return EventFactory(situation=situation, kind=EventKind.VISIT, visit_outcome=outcome, occurred_on=day)


@pytest.fixture
def situation(team):
    return SituationFactory(team=team, reference="EM91-00001")


def test_a_new_situation_gets_its_two_first_letters_due_the_day_it_was_received(situation):
    result = tasks_sync([situation.pk])
    assert (result.situations, result.created, result.updated) == (1, 2, 0)
    tasks = Task.objects.filter(situation=situation).order_by("step")
    assert [(t.step, t.due_on, t.late, t.is_open, t.organisation_kind, t.role) for t in tasks] == [
        ("courrier_bailleur", D(2024, 3, 1), False, True, "legal", "juriste"),
        ("premier_courrier", D(2024, 3, 1), False, True, "social", "social_worker"),
    ]
    assert tasks[1].label == "Premier courrier au locataire (courrier, SMS, e-mail)"
    assert tasks[0].team_id == situation.team_id


def test_syncing_twice_changes_nothing(situation):
    letter(situation)
    visit(situation, D(2024, 3, 14))
    EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=D(2024, 3, 20))
    tasks_sync([situation.pk])
    before = rows(situation)
    result = tasks_sync([situation.pk])
    assert (result.created, result.updated) == (0, 0)
    assert rows(situation) == before


def test_a_letter_marks_the_task_done_in_place_and_opens_the_next_step(situation):
    tasks_sync([situation.pk])
    first = current(situation, "premier_courrier")
    event = letter(situation)
    result = tasks_sync([situation.pk])
    assert (result.created, result.updated) == (1, 1)
    done = current(situation, "premier_courrier")
    assert (done.pk, done.done_on, done.done_event_id, done.is_open) == (first.pk, D(2024, 3, 4), event.pk, False)
    assert (current(situation, "visite_1").due_on, current(situation, "visite_1").is_open) == (D(2024, 3, 14), True)


def test_a_contact_cancels_the_open_tasks_with_the_reason_and_the_event(situation):
    letter(situation)
    tasks_sync([situation.pk])
    contact = EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=D(2024, 3, 10))
    tasks_sync([situation.pk])
    cancelled = current(situation, "visite_1")
    assert (cancelled.cancelled_on, cancelled.cancelled_reason, cancelled.cancelled_event_id) == (
        D(2024, 3, 10),
        EndReason.TENANT_CONTACT,
        contact.pk,
    )
    assert cancelled.get_cancelled_reason_display() == "Contact du locataire"
    assert current(situation, "courrier_bailleur").is_open
    assert not Task.objects.filter(situation=situation, step__in=["visite_2", "relance"]).exists()  # never due


def test_a_gone_visit_stores_the_proposed_closure_done_by_the_closure(situation):
    letter(situation)
    visit(situation, D(2024, 3, 14), VisitOutcome.LEFT)
    tasks_sync([situation.pk])
    proposal = current(situation, "cloture")
    assert (proposal.is_open, proposal.proposed_closure, proposal.due_on) == (
        True,
        ClosureReason.DEPART_VOLONTAIRE,
        D(2024, 3, 14),
    )
    assert proposal.label == "Clôturer la situation : Départ volontaire du logement"
    closure = EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.DEPART_VOLONTAIRE,
        occurred_on=D(2024, 3, 15),
    )
    tasks_sync([situation.pk])
    assert current(situation, "cloture").done_event_id == closure.pk
    assert current(situation, "courrier_bailleur").cancelled_reason == EndReason.CLOSURE
    assert not Task.objects.filter(situation=situation).open().exists()


def test_a_reopening_keeps_the_cancelled_rows_and_opens_new_ones(situation):
    letter(situation)
    visit(situation, D(2024, 3, 14))
    EventFactory(
        situation=situation, kind=EventKind.CLOSURE, closure_reason=ClosureReason.AUTRE, occurred_on=D(2024, 3, 20)
    )
    tasks_sync([situation.pk])
    assert current(situation, "visite_2").cancelled_reason == EndReason.CLOSURE
    EventFactory(situation=situation, kind=EventKind.REOPENING, occurred_on=D(2024, 4, 10))
    result = tasks_sync([situation.pk])
    assert result.created == 2  # visite_2 and courrier_bailleur again
    second_visits = Task.objects.filter(situation=situation, step="visite_2").order_by("id")
    assert [(t.is_open, t.due_on, t.cancelled_reason) for t in second_visits] == [
        (False, D(2024, 3, 24), EndReason.CLOSURE),
        (True, D(2024, 4, 10), ""),
    ]
    assert tasks_sync([situation.pk]).created == 0


def test_a_deleted_event_reopens_its_task_and_an_open_step_no_longer_due_is_cancelled(situation):
    event = letter(situation)
    tasks_sync([situation.pk])
    assert current(situation, "visite_1").is_open
    event.delete()  # the event gone (the writer's event_delete): its task's done_event is emptied
    tasks_sync([situation.pk])
    first = current(situation, "premier_courrier")
    assert (first.is_open, first.done_on, first.done_event_id) == (True, None, None)
    stale = current(situation, "visite_1")
    assert (stale.cancelled_reason, stale.cancelled_on) == (EndReason.NO_LONGER_DUE, D(2024, 5, 2))


def test_a_moved_hearing_moves_the_open_tasks(situation, coordinator):
    letter(situation, D(2024, 4, 20))
    tasks_sync([situation.pk])
    assert (current(situation, "visite_1").due_on, current(situation, "visite_1").late) == (D(2024, 4, 30), False)
    situation.refresh_from_db()
    situation.hearing_date = D(2024, 5, 3)
    services.situation_update(
        situation=situation, author=coordinator, changed={"hearing_date": D(2024, 5, 14)}, version=situation.version
    )
    tasks_sync([situation.pk])
    moved = current(situation, "visite_1")
    assert (moved.due_on, moved.late) == (D(2024, 4, 26), False)
    assert Task.objects.filter(situation=situation, step="visite_1").count() == 1  # moved, not replaced


def test_a_step_removed_from_the_teams_sequence_is_cancelled_and_the_chain_holds(situation, team):
    letter(situation)
    tasks_sync([situation.pk])
    sequence_install_default(team)
    SequenceStep.objects.filter(team=team, code="visite_1").update(is_active=False)
    tasks_sync([situation.pk])
    assert current(situation, "visite_1").cancelled_reason == EndReason.STEP_REMOVED
    assert current(situation, "visite_2").due_on == D(2024, 3, 14)  # follows the first letter now


def test_the_number_of_queries_does_not_grow_with_the_situations(team):
    def queries(count: int) -> int:
        situations = SituationFactory.create_batch(count, team=team)
        for situation in situations:
            letter(situation)
        with CaptureQueriesContext(connection) as context:
            tasks_sync([situation.pk for situation in situations])
        return len(context.captured_queries)

    assert queries(1) == queries(12)


def test_the_daily_job_syncs_every_situation_of_the_team_and_no_other(team):
    mine = SituationFactory.create_batch(3, team=team)
    other = SituationFactory(team=TeamFactory(slug="autre"))
    result = tasks_sync_team(team)
    assert (result.situations, result.created) == (3, 6)
    assert set(Task.objects.values_list("situation_id", flat=True)) == {situation.pk for situation in mine}
    assert not Task.objects.filter(situation=other).exists()


def test_a_team_with_its_own_steps_gets_its_delays(situation, team):
    sequence_install_default(team)
    SequenceStep.objects.filter(team=team, code="visite_1").update(delay_days=5)
    letter(situation)
    tasks_sync([situation.pk])
    assert current(situation, "visite_1").due_on == D(2024, 3, 9)


def test_situations_with_the_same_bare_timeline_share_a_plan_but_each_gets_its_own_tasks(team):
    """A list brings thousands of households received the same day with the same hearing: planned once
    (`_plans`), their tasks are still each their own, and one with a letter is planned apart."""
    twins = SituationFactory.create_batch(2, team=team, hearing_date=D(2024, 5, 14))
    later_hearing = SituationFactory(team=team, hearing_date=D(2024, 6, 20))
    written = SituationFactory(team=team, hearing_date=D(2024, 5, 14))
    letter(written)
    result = tasks_sync([s.pk for s in [*twins, later_hearing, written]])
    assert result.created == 2 + 2 + 2 + 3  # the written one: its letter done, the landlord's and visit 1 open
    for situation in [*twins, later_hearing]:
        assert sorted(Task.objects.filter(situation=situation).values_list("step", "due_on", "done_on")) == [
            ("courrier_bailleur", D(2024, 3, 1), None),
            ("premier_courrier", D(2024, 3, 1), None),
        ]
    assert current(written, "premier_courrier").done_on == LETTER_ON
    assert current(written, "visite_1").due_on == LETTER_ON + dt.timedelta(days=10)


def test_situations_created_in_bulk_get_the_tasks_a_full_sync_gives(team, coordinator):
    """The writer creates them and syncs their tasks as new (neither locked nor looked up): syncing them again
    the full way finds nothing to change."""
    sequence_install_default(team)
    fields = {"received_on": D(2024, 2, 20), "hearing_date": D(2024, 4, 10), "tenant_last_name": "Martin"}
    timelines = [
        [],
        [{"kind": EventKind.LETTER, "recipient": Recipient.TENANT, "occurred_on": LETTER_ON}],
        [
            {"kind": EventKind.LETTER, "recipient": Recipient.TENANT, "occurred_on": LETTER_ON},
            {"kind": EventKind.VISIT, "visit_outcome": VisitOutcome.ABSENT, "occurred_on": D(2024, 3, 8)},
            {"kind": EventKind.CLOSURE, "closure_reason": ClosureReason.SANS_CONTACT, "occurred_on": D(2024, 3, 9)},
        ],
    ]
    commune = CommuneFactory()
    created = services.situations_create_many(
        team=team,
        author=coordinator,
        situations=[
            services.NewSituation(fields={**fields, "reference": f"B-{n}", "commune": commune}, events=events)
            for n, events in enumerate(timelines)
        ],
    )
    pks = [pk for pk, _public_id in created]
    stored = {pk: rows(pk) for pk in pks}
    assert all(stored.values())
    result = tasks_sync(pks)
    assert (result.situations, result.created, result.updated) == (3, 0, 0)
    assert {pk: rows(pk) for pk in pks} == stored
