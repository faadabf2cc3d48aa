import datetime as dt

import pytest

from prevex.outreach.next_step import next_step
from prevex.situations.enums import ClosureReason, EventKind, Recipient, VisitOutcome
from prevex.situations.tests.factories import EventFactory, SituationFactory

pytestmark = pytest.mark.django_db


def step_of(situation):
    situation.refresh_from_db()
    return next_step(situation, list(situation.events.all()))


def test_the_reminder_is_due_15_days_after_the_second_failed_visit():
    situation = SituationFactory()
    EventFactory(
        situation=situation, kind=EventKind.LETTER, recipient=Recipient.TENANT, occurred_on=dt.date(2024, 3, 2)
    )
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=dt.date(2024, 3, 9)
    )
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=dt.date(2024, 3, 20)
    )
    step = step_of(situation)
    assert step.due_on == dt.date(2024, 4, 4)
    assert "relance" in step.label


def test_each_stage_has_a_next_step_and_a_closed_situation_none():
    situation = SituationFactory()
    assert "premier courrier" in step_of(situation).label
    EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT)
    assert "adhésion" in step_of(situation).label
    EventFactory(situation=situation, kind=EventKind.CLOSURE, closure_reason=ClosureReason.AUTRE)
    assert step_of(situation) is None


@pytest.mark.parametrize(
    ("outcome", "reason", "label"),
    [
        (VisitOutcome.LEFT, ClosureReason.DEPART_VOLONTAIRE, "Clôturer la situation : Départ volontaire du logement"),
        (VisitOutcome.NPAI, ClosureReason.ABSENT_DE_L_ADRESSE, "Clôturer la situation : N'habite pas à l'adresse"),
    ],
)
@pytest.mark.parametrize("visits_before", [0, 1])
def test_a_visit_that_finds_the_household_gone_proposes_the_matching_closure(outcome, reason, label, visits_before):
    situation = SituationFactory()
    for _ in range(visits_before):
        EventFactory(
            situation=situation,
            kind=EventKind.VISIT,
            visit_outcome=VisitOutcome.ABSENT,
            occurred_on=dt.date(2024, 3, 9),
        )
    EventFactory(situation=situation, kind=EventKind.VISIT, visit_outcome=outcome, occurred_on=dt.date(2024, 3, 20))
    step = step_of(situation)
    assert (step.label, step.closure_reason, step.due_on) == (label, reason, None)


def test_a_contact_after_the_gone_visit_resumes_the_outreach():
    situation = SituationFactory()
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.NPAI, occurred_on=dt.date(2024, 3, 9)
    )
    EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=dt.date(2024, 3, 12))
    assert "adhésion" in step_of(situation).label
