"""The outreach policy, table-driven: `plan` over the Essonne sequence for timelines given as facts, each row at
an explicit as-of day (the plan's own time control: nothing in it reads the clock)."""

import datetime as dt

import pytest

from prevex.outreach.enums import EndReason, TaskStatus
from prevex.outreach.sequence import (
    ESSONNE_SEQUENCE,
    EventFact,
    Pause,
    SequenceFacts,
    StepSpec,
    check_sequence,
    due_after,
    is_late,
    plan,
)
from prevex.situations.enums import ClosureReason, EventKind, Recipient, VisitOutcome

D = dt.date
RECEIVED = D(2024, 3, 1)
HEARING = D(2024, 5, 14)  # hearing − 7 days: 7 May


def letter(day, recipient=Recipient.TENANT):
    return (EventKind.LETTER, day, recipient, "")


def visit(day, outcome=VisitOutcome.ABSENT):
    return (EventKind.VISIT, day, "", outcome)


def event(kind, day):
    return (kind, day, "", "")


def facts(*events, hearing=HEARING, received=RECEIVED, pauses=(), social_services_known_on=None):
    return SequenceFacts(
        received_on=received,
        hearing_date=hearing,
        events=tuple(EventFact(*values, pk=pk) for pk, values in enumerate(events, start=1)),
        pauses=tuple(pauses),
        social_services_known_on=social_services_known_on,
    )


def statuses(result) -> dict:
    """{step: (status, due_on)} of a plan."""
    return {task.step.code: (task.status, task.due_on) for task in result.tasks}


OPEN, DONE, WAITING, CANCELLED = TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.WAITING, TaskStatus.CANCELLED
LETTER_ON, VISIT_1_ON, VISIT_2_ON = D(2024, 3, 4), D(2024, 3, 14), D(2024, 3, 25)


@pytest.mark.parametrize(
    ("events", "as_of", "expected"),
    [
        pytest.param(
            (),
            RECEIVED,
            {
                "premier_courrier": (OPEN, RECEIVED),
                "courrier_bailleur": (OPEN, RECEIVED),
                "visite_1": (WAITING, None),
                "visite_2": (WAITING, None),
                "relance": (WAITING, None),
            },
            id="received: both letters due that day, the rest waits",
        ),
        pytest.param(
            (letter(LETTER_ON),),
            LETTER_ON,
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (OPEN, RECEIVED),
                "visite_1": (OPEN, D(2024, 3, 14)),
                "visite_2": (WAITING, None),
                "relance": (WAITING, None),
            },
            id="first letter: the first visit 10 days later; the landlord's letter holds nothing back",
        ),
        pytest.param(
            (letter(LETTER_ON), letter(D(2024, 3, 5), Recipient.LANDLORD), visit(VISIT_1_ON)),
            VISIT_1_ON,
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (DONE, RECEIVED),
                "visite_1": (DONE, D(2024, 3, 14)),
                "visite_2": (OPEN, D(2024, 3, 24)),
                "relance": (WAITING, None),
            },
            id="first visit failed (absent): the second 10 days later",
        ),
        pytest.param(
            (letter(LETTER_ON), visit(VISIT_1_ON), visit(VISIT_2_ON)),
            VISIT_2_ON,
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (OPEN, RECEIVED),
                "visite_1": (DONE, D(2024, 3, 14)),
                "visite_2": (DONE, D(2024, 3, 24)),
                "relance": (OPEN, D(2024, 4, 9)),
            },
            id="second visit failed: the reminder 15 days later",
        ),
        pytest.param(
            (letter(LETTER_ON), visit(VISIT_1_ON), visit(VISIT_2_ON), event(EventKind.REMINDER, D(2024, 4, 9))),
            D(2024, 4, 9),
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (OPEN, RECEIVED),
                "visite_1": (DONE, D(2024, 3, 14)),
                "visite_2": (DONE, D(2024, 3, 24)),
                "relance": (DONE, D(2024, 4, 9)),
            },
            id="reminder recorded: the tenant's sequence is done",
        ),
        pytest.param(
            (letter(LETTER_ON), visit(VISIT_1_ON), visit(VISIT_2_ON), event(EventKind.REMINDER, D(2024, 4, 9))),
            D(2024, 3, 10),
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (OPEN, RECEIVED),
                "visite_1": (OPEN, D(2024, 3, 14)),
                "visite_2": (WAITING, None),
                "relance": (WAITING, None),
            },
            id="as of a past day: the later events do not exist yet",
        ),
        pytest.param(
            (letter(LETTER_ON),),
            D(2024, 2, 28),
            dict.fromkeys(
                ["premier_courrier", "courrier_bailleur", "visite_1", "visite_2", "relance"], (WAITING, None)
            ),
            id="as of a day before the reception: nothing is due",
        ),
        pytest.param(
            (letter(D(2024, 3, 2), Recipient.LANDLORD), visit(VISIT_1_ON)),
            VISIT_1_ON,
            {
                "premier_courrier": (OPEN, RECEIVED),
                "courrier_bailleur": (DONE, RECEIVED),
                "visite_1": (DONE, None),
                "visite_2": (OPEN, D(2024, 3, 24)),
                "relance": (WAITING, None),
            },
            id="a landlord's letter does not do the tenant's; a visit before any letter still counts",
        ),
    ],
)
def test_the_default_sequence_from_reception_to_reminder(events, as_of, expected):
    result = plan(ESSONNE_SEQUENCE, facts(*events), as_of)
    assert statuses(result) == expected
    assert result.ended_reason == ""


def test_a_done_step_names_the_event_that_did_it():
    result = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), visit(VISIT_1_ON)), VISIT_1_ON)
    assert (result.task("premier_courrier").done_on, result.task("premier_courrier").done_by_event_pk) == (
        LETTER_ON,
        1,
    )
    assert (result.task("visite_1").done_on, result.task("visite_1").done_by_event_pk) == (VISIT_1_ON, 2)


@pytest.mark.parametrize(
    ("hearing", "due", "late"),
    [
        pytest.param(HEARING, D(2024, 4, 30), False, id="hearing far: 10 days after the first visit"),
        pytest.param(D(2024, 5, 4), D(2024, 4, 27), False, id="hearing moved closer: 7 days before it"),
        pytest.param(D(2024, 4, 27), D(2024, 4, 20), False, id="capped on the day of the first visit"),
        pytest.param(D(2024, 4, 25), D(2024, 4, 20), True, id="hearing too close: due that day, late"),
        pytest.param(D(2024, 6, 30), D(2024, 4, 30), False, id="renvoi: the delay again"),
        pytest.param(None, D(2024, 4, 30), False, id="no hearing date: no cap, never late"),
    ],
)
def test_a_moved_hearing_recomputes_the_due_dates(hearing, due, late):
    result = plan(
        ESSONNE_SEQUENCE, facts(letter(D(2024, 4, 10)), visit(D(2024, 4, 20)), hearing=hearing), D(2024, 4, 20)
    )
    second = result.task("visite_2")
    assert (second.status, second.due_on, second.late) == (OPEN, due, late)


@pytest.mark.parametrize(
    ("previous_done", "delay", "hearing", "due", "late"),
    [
        pytest.param(D(2024, 4, 20), 10, D(2024, 5, 7), D(2024, 4, 30), False, id="due exactly hearing−7: on time"),
        pytest.param(D(2024, 4, 30), 10, D(2024, 5, 6), D(2024, 4, 30), True, id="due hearing−6: late"),
        pytest.param(D(2024, 4, 20), 10, D(2024, 5, 6), D(2024, 4, 29), False, id="capped at hearing−7: on time"),
        pytest.param(D(2024, 4, 20), 10, D(2024, 4, 10), D(2024, 4, 20), True, id="hearing past: that day, late"),
        pytest.param(D(2024, 4, 20), 10, None, D(2024, 4, 30), False, id="no hearing"),
    ],
)
def test_the_seven_day_rule_at_its_bounds(previous_done, delay, hearing, due, late):
    assert due_after(previous_done, dt.timedelta(days=delay), hearing) == due
    assert is_late(due, hearing) is late
    result = plan(ESSONNE_SEQUENCE, facts(letter(RECEIVED), visit(previous_done), hearing=hearing), previous_done)
    assert (result.task("visite_2").due_on, result.task("visite_2").late) == (due, late)


@pytest.mark.parametrize(
    ("received", "late"),
    [
        pytest.param(D(2024, 5, 7), False, id="received hearing−7"),
        pytest.param(D(2024, 5, 8), True, id="received hearing−6"),
    ],
)
def test_the_first_letter_is_due_on_reception_and_late_within_seven_days_of_the_hearing(received, late):
    first = plan(ESSONNE_SEQUENCE, facts(received=received), received).task("premier_courrier")
    assert (first.due_on, first.late) == (received, late)


@pytest.mark.parametrize(
    ("pauses", "as_of", "due"),
    [
        pytest.param([], D(2024, 3, 20), D(2024, 3, 14), id="no pause"),
        pytest.param([Pause(D(2024, 3, 10), D(2024, 3, 20))], D(2024, 3, 12), D(2024, 3, 21), id="due in a pause"),
        pytest.param([Pause(D(2024, 3, 14), D(2024, 3, 14))], D(2024, 3, 14), D(2024, 3, 15), id="one-day pause"),
        pytest.param([Pause(D(2024, 3, 15), D(2024, 3, 20))], D(2024, 3, 15), D(2024, 3, 21), id="overdue at start"),
        pytest.param([Pause(D(2024, 3, 1), D(2024, 3, 13))], D(2024, 3, 20), D(2024, 3, 14), id="pause over before"),
        pytest.param(
            [Pause(D(2024, 3, 10), D(2024, 3, 15)), Pause(D(2024, 3, 16), D(2024, 3, 20))],
            D(2024, 3, 16),
            D(2024, 3, 21),
            id="two pauses in a row",
        ),
        pytest.param([Pause(D(2024, 3, 10), D(2024, 3, 20))], D(2024, 3, 9), D(2024, 3, 14), id="pause not begun"),
    ],
)
def test_nothing_is_due_during_a_pause(pauses, as_of, due):
    result = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), pauses=pauses), as_of)
    assert result.task("visite_1").due_on == due
    assert result.task("visite_1").status == OPEN


def test_a_pause_holds_every_open_task_and_the_plan_says_until_when():
    pause = Pause(D(2024, 3, 1), D(2024, 3, 10), "hospitalisation")
    result = plan(ESSONNE_SEQUENCE, facts(pauses=[pause]), D(2024, 3, 5))
    assert result.paused_until == D(2024, 3, 10)
    assert [task.due_on for task in result.open_tasks()] == [D(2024, 3, 11), D(2024, 3, 11)]
    after = plan(ESSONNE_SEQUENCE, facts(pauses=[pause]), D(2024, 3, 11))
    assert after.paused_until is None


@pytest.mark.parametrize(
    ("ending", "reason"),
    [
        pytest.param(event(EventKind.TENANT_CONTACT, D(2024, 3, 10)), EndReason.TENANT_CONTACT, id="contact"),
        pytest.param(event(EventKind.ADHESION, D(2024, 3, 10)), EndReason.ADHESION, id="adhesion"),
        pytest.param(visit(D(2024, 3, 10), VisitOutcome.MET), EndReason.VISIT_MET, id="met at a visit"),
    ],
)
def test_a_contact_ends_the_tenants_sequence_not_the_landlords_letter(ending, reason):
    result = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), ending), D(2024, 3, 20))
    tasks = {task.step.code: task for task in result.tasks}
    assert tasks["premier_courrier"].status == DONE
    assert tasks["courrier_bailleur"].status == OPEN
    cancelled = [tasks[code] for code in ("visite_2", "relance")]
    if reason != EndReason.VISIT_MET:  # a visit where the tenant was met is the first visit, done
        cancelled.append(tasks["visite_1"])
    assert {(task.status, task.cancelled_reason, task.cancelled_on) for task in cancelled} == {
        (CANCELLED, reason, D(2024, 3, 10))
    }
    assert (result.ended_reason, result.ended_on, result.proposed_closure) == (reason, D(2024, 3, 10), "")
    assert result.task("cloture") is None


@pytest.mark.parametrize(
    ("outcome", "reason", "closure"),
    [
        (VisitOutcome.LEFT, EndReason.VISIT_LEFT, ClosureReason.DEPART_VOLONTAIRE),
        (VisitOutcome.NPAI, EndReason.VISIT_NPAI, ClosureReason.ABSENT_DE_L_ADRESSE),
        (VisitOutcome.REFUSED, EndReason.VISIT_REFUSED, ClosureReason.REFUS_DE_POURSUIVRE),
    ],
)
@pytest.mark.parametrize("failed_visits_before", [0, 1])
def test_a_visit_finding_the_household_gone_or_refusing_ends_it_and_proposes_the_closure(
    outcome, reason, closure, failed_visits_before
):
    visits = [visit(VISIT_1_ON)] * failed_visits_before + [visit(VISIT_2_ON, outcome)]
    result = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), *visits), D(2024, 4, 1))
    assert (result.ended_reason, result.ended_on, result.proposed_closure) == (reason, VISIT_2_ON, closure)
    assert result.task("relance").cancelled_reason == reason
    proposal = result.task("cloture")
    assert (proposal.status, proposal.due_on, proposal.proposed_closure) == (OPEN, VISIT_2_ON, closure)
    assert proposal.label.startswith("Clôturer la situation : ")
    assert result.task("courrier_bailleur").status == OPEN  # only a closure ends the landlord's part

    closed = plan(
        ESSONNE_SEQUENCE,
        facts(letter(LETTER_ON), *visits, (EventKind.CLOSURE, D(2024, 4, 2), "", "")),
        D(2024, 4, 3),
    )
    assert closed.task("cloture").status == DONE and closed.task("cloture").done_on == D(2024, 4, 2)
    assert closed.task("courrier_bailleur").cancelled_reason == EndReason.CLOSURE
    assert closed.proposed_closure == ""


def test_a_contact_after_the_gone_visit_withdraws_the_proposed_closure():
    events = (letter(LETTER_ON), visit(VISIT_1_ON, VisitOutcome.NPAI), event(EventKind.TENANT_CONTACT, D(2024, 3, 20)))
    result = plan(ESSONNE_SEQUENCE, facts(*events), D(2024, 3, 21))
    proposal = result.task("cloture")
    assert (proposal.status, proposal.cancelled_reason) == (CANCELLED, EndReason.TENANT_CONTACT)
    assert (result.ended_reason, result.proposed_closure) == (EndReason.VISIT_NPAI, "")


CLOSED_THEN_REOPENED = (
    letter(LETTER_ON),
    visit(VISIT_1_ON),
    event(EventKind.CLOSURE, D(2024, 3, 20)),
    event(EventKind.REOPENING, D(2024, 4, 10)),
)


@pytest.mark.parametrize(
    ("as_of", "expected", "ended"),
    [
        pytest.param(
            D(2024, 4, 1),
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (CANCELLED, RECEIVED),
                "visite_1": (DONE, D(2024, 3, 14)),
                "visite_2": (CANCELLED, D(2024, 3, 24)),
                "relance": (CANCELLED, None),
            },
            EndReason.CLOSURE,
            id="closed: everything still to do is cancelled",
        ),
        pytest.param(
            D(2024, 4, 10),
            {
                "premier_courrier": (DONE, RECEIVED),
                "courrier_bailleur": (OPEN, D(2024, 4, 10)),
                "visite_1": (DONE, D(2024, 3, 14)),
                "visite_2": (OPEN, D(2024, 4, 10)),
                "relance": (WAITING, None),
            },
            "",
            id="reopened: resumes at the next undone steps, due from the reopening",
        ),
    ],
)
def test_a_reopening_resumes_the_sequence_at_its_next_undone_step(as_of, expected, ended):
    result = plan(ESSONNE_SEQUENCE, facts(*CLOSED_THEN_REOPENED), as_of)
    assert statuses(result) == expected
    assert result.ended_reason == ended


def test_after_a_reopening_the_next_steps_follow_the_rule_again():
    events = (*CLOSED_THEN_REOPENED, visit(D(2024, 4, 12)))
    result = plan(ESSONNE_SEQUENCE, facts(*events), D(2024, 4, 12))
    assert statuses(result)["relance"] == (OPEN, D(2024, 4, 27))


def test_a_reopening_does_not_resume_the_outreach_of_a_household_already_reached():
    events = (
        letter(LETTER_ON),
        event(EventKind.TENANT_CONTACT, D(2024, 3, 10)),
        event(EventKind.CLOSURE, D(2024, 3, 20)),
        event(EventKind.REOPENING, D(2024, 4, 10)),
    )
    result = plan(ESSONNE_SEQUENCE, facts(*events), D(2024, 4, 10))
    assert statuses(result)["visite_1"] == (CANCELLED, D(2024, 3, 14))
    assert result.task("visite_1").cancelled_reason == EndReason.TENANT_CONTACT
    assert statuses(result)["courrier_bailleur"] == (OPEN, D(2024, 4, 10))
    assert result.ended_reason == EndReason.TENANT_CONTACT


def test_a_reopening_after_a_gone_visit_and_its_closure_resumes_and_keeps_the_proposal_done():
    events = (
        letter(LETTER_ON),
        visit(VISIT_1_ON, VisitOutcome.NPAI),
        event(EventKind.CLOSURE, D(2024, 3, 20)),
        event(EventKind.REOPENING, D(2024, 4, 10)),
    )
    result = plan(ESSONNE_SEQUENCE, facts(*events), D(2024, 4, 10))
    assert statuses(result)["visite_2"] == (OPEN, D(2024, 4, 10))  # the NPAI visit reached nobody
    assert result.task("cloture").status == DONE
    assert statuses(result)["courrier_bailleur"] == (OPEN, D(2024, 4, 10))


def test_a_household_followed_by_the_social_services_ends_everything():
    result = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), social_services_known_on=D(2024, 3, 8)), D(2024, 3, 9))
    assert {task.cancelled_reason for task in result.tasks if task.status == CANCELLED} == {EndReason.SOCIAL_SERVICES}
    assert result.open_tasks() == []
    before = plan(ESSONNE_SEQUENCE, facts(letter(LETTER_ON), social_services_known_on=D(2024, 3, 8)), D(2024, 3, 7))
    assert len(before.open_tasks()) == 2


LANDLORD_AFTER_VISIT = (
    *ESSONNE_SEQUENCE,
    StepSpec(
        code="bailleur_apres_visite",
        label="Informer le bailleur de la visite manquée",
        delay_days=2,
        after="visite_1",
        needs_failure=True,
        recipient=Recipient.LANDLORD,
    ),
)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (VisitOutcome.ABSENT, (OPEN, D(2024, 3, 16), "")),
        (VisitOutcome.MET, (CANCELLED, D(2024, 3, 16), EndReason.PREVIOUS_SUCCEEDED)),
    ],
)
def test_a_step_needing_a_failure_is_due_only_after_a_failed_previous_step(outcome, expected):
    result = plan(LANDLORD_AFTER_VISIT, facts(letter(LETTER_ON), visit(VISIT_1_ON, outcome)), VISIT_1_ON)
    task = result.task("bailleur_apres_visite")
    assert (task.status, task.due_on, task.cancelled_reason) == expected


@pytest.mark.parametrize(
    "steps",
    [
        [StepSpec(code="b", label="B", after="a"), StepSpec(code="a", label="A")],
        [StepSpec(code="a", label="A"), StepSpec(code="a", label="A bis")],
        [StepSpec(code="cloture", label="Réservé")],
    ],
)
def test_a_sequence_whose_steps_follow_a_later_or_duplicate_step_is_refused(steps):
    with pytest.raises(ValueError):
        check_sequence(steps)


def test_the_shipped_sequence_is_essonnes_exactly():
    assert [
        (step.code, step.delay_days, step.after, step.needs_failure, step.done_by) for step in ESSONNE_SEQUENCE
    ] == [
        ("premier_courrier", 0, None, False, EventKind.LETTER),
        ("courrier_bailleur", 0, None, False, EventKind.LETTER),
        ("visite_1", 10, "premier_courrier", False, EventKind.VISIT),
        ("visite_2", 10, "visite_1", True, EventKind.VISIT),
        ("relance", 15, "visite_2", True, EventKind.REMINDER),
    ]
    assert [step.recipient for step in ESSONNE_SEQUENCE] == [Recipient.TENANT, Recipient.LANDLORD] + [
        Recipient.TENANT
    ] * 3


@pytest.mark.parametrize(
    ("events", "hearing", "step", "due", "late"),
    [
        ((), HEARING, "premier_courrier", D(2024, 3, 1), False),
        ((letter(LETTER_ON),), HEARING, "visite_1", D(2024, 3, 14), False),
        ((letter(LETTER_ON), visit(D(2024, 4, 20))), HEARING, "visite_2", D(2024, 4, 30), False),
        ((letter(LETTER_ON), visit(D(2024, 4, 20))), D(2024, 5, 4), "visite_2", D(2024, 4, 27), False),
        (
            (letter(LETTER_ON), visit(D(2024, 4, 20)), visit(D(2024, 4, 30))),
            D(2024, 5, 4),
            "relance",
            D(2024, 4, 30),
            True,
        ),
    ],
)
def test_the_worked_example_of_the_documentation(events, hearing, step, due, late):
    """docs/aller-vers.md, « Exemple »."""
    task = plan(ESSONNE_SEQUENCE, facts(*events, hearing=hearing), D(2024, 4, 30)).task(step)
    assert (task.status, task.due_on, task.late) == (OPEN, due, late)
