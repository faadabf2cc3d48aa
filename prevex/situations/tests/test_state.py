import datetime as dt

import pytest

from prevex.situations.enums import ClosureReason, EventKind, Outcome, Recipient, Stage, VisitOutcome
from prevex.situations.models import Situation
from prevex.situations.state import derive_state, state_from_columns
from prevex.situations.tests.factories import EventFactory, SituationFactory

pytestmark = pytest.mark.django_db


def state_as_of(situation, as_of=None):
    return derive_state(Situation.objects.with_milestones(as_of).get(pk=situation.pk))


def test_a_new_situation_is_to_contact():
    state = state_as_of(SituationFactory())
    assert state.stage == Stage.TO_CONTACT
    assert not state.closed and not state.is_accompanied


@pytest.mark.parametrize(
    ("events", "stage"),
    [
        ([(EventKind.LETTER, {"recipient": Recipient.TENANT})], Stage.FIRST_LETTER),
        ([(EventKind.LETTER, {"recipient": Recipient.LANDLORD})], Stage.TO_CONTACT),
        ([(EventKind.VISIT, {"visit_outcome": VisitOutcome.ABSENT})], Stage.VISIT_1),
        ([(EventKind.VISIT, {"visit_outcome": VisitOutcome.ABSENT})] * 2, Stage.VISIT_2),
        ([(EventKind.VISIT, {"visit_outcome": VisitOutcome.MET})], Stage.CONTACT),
        ([(EventKind.REMINDER, {}), (EventKind.LETTER, {"recipient": Recipient.TENANT})], Stage.REMINDER),
        ([(EventKind.TENANT_CONTACT, {}), (EventKind.REMINDER, {})], Stage.CONTACT),
        ([(EventKind.ADHESION, {}), (EventKind.TENANT_CONTACT, {})], Stage.ACCOMPANIED),
    ],
)
def test_the_stage_is_the_first_that_applies(events, stage):
    situation = SituationFactory()
    for kind, fields in events:
        EventFactory(situation=situation, kind=kind, **fields)
    assert state_as_of(situation).stage == stage


def test_events_after_the_as_of_date_do_not_exist_for_the_state():
    situation = SituationFactory()
    EventFactory(
        situation=situation, kind=EventKind.LETTER, recipient=Recipient.TENANT, occurred_on=dt.date(2024, 3, 2)
    )
    EventFactory(situation=situation, kind=EventKind.ADHESION, occurred_on=dt.date(2024, 4, 10))
    EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.ACCOMPAGNEMENT_TERMINE,
        occurred_on=dt.date(2024, 6, 1),
    )
    assert state_as_of(situation, dt.date(2024, 3, 31)).stage == Stage.FIRST_LETTER
    assert state_as_of(situation, dt.date(2024, 5, 31)).stage == Stage.ACCOMPANIED
    closed = state_as_of(situation, dt.date(2024, 6, 1))
    assert closed.closed_on == dt.date(2024, 6, 1)
    assert closed.closure_reason == ClosureReason.ACCOMPAGNEMENT_TERMINE
    assert closed.outcome == Outcome.TENANT_CONTACT  # adhesion implies contact
    assert closed.is_accompanied


def test_a_reopened_situation_is_open_until_closed_again():
    situation = SituationFactory()
    EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.SANS_CONTACT,
        occurred_on=dt.date(2024, 4, 1),
    )
    EventFactory(situation=situation, kind=EventKind.REOPENING, occurred_on=dt.date(2024, 4, 1))
    assert not state_as_of(situation).closed
    EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.DEPART_VOLONTAIRE,
        occurred_on=dt.date(2024, 5, 2),
    )
    state = state_as_of(situation)
    assert state.closed_on == dt.date(2024, 5, 2)
    assert state.outcome == Outcome.LEFT_OR_NOT_AT_ADDRESS
    assert not state_as_of(situation, dt.date(2024, 4, 30)).closed


def test_the_outcome_is_tenant_contact_whatever_the_reason():
    situation = SituationFactory()
    EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=dt.date(2024, 3, 3))
    EventFactory(situation=situation, kind=EventKind.CLOSURE, closure_reason=ClosureReason.ABSENT_DE_L_ADRESSE)
    assert state_as_of(situation).outcome == Outcome.TENANT_CONTACT


def test_the_cached_columns_equal_the_state_rebuilt_from_the_events():
    situations = [SituationFactory() for _ in range(5)]
    EventFactory(situation=situations[0], kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, is_joint=True)
    EventFactory(situation=situations[1], kind=EventKind.ADHESION)
    EventFactory(situation=situations[2], kind=EventKind.CLOSURE, closure_reason=ClosureReason.DETTE_SOLDEE)
    EventFactory(situation=situations[3], kind=EventKind.TENANT_CONTACT)
    EventFactory(situation=situations[4], kind=EventKind.HEARING, hearing_presence="with_juriste")
    EventFactory(situation=situations[4], kind=EventKind.LANDLORD_CONTACT)
    for situation in Situation.objects.with_milestones():
        assert state_from_columns(situation) == derive_state(situation)


def test_refresh_states_rebuilds_every_cached_column_in_bulk():
    situation = SituationFactory()
    EventFactory(situation=situation, kind=EventKind.ADHESION)
    Situation.objects.filter(pk=situation.pk).update(stage=Stage.TO_CONTACT, is_accompanied=False)
    assert Situation.objects.all().refresh_states() == 1
    situation.refresh_from_db()
    assert (situation.stage, situation.is_accompanied) == (Stage.ACCOMPANIED, True)


def test_an_adhesion_without_a_contact_event_is_a_contact_everywhere(client, coordinator, team):
    """Adhesion implies contact (domain-corrections.md): in the cache, the bilan as of any date and the page."""
    from prevex.reports.bilan import compute_bilan
    from prevex.reports.tests.helpers import make_scope

    situation = SituationFactory(team=team, received_on=dt.date(2024, 3, 1), hearing_date=dt.date(2024, 5, 14))
    EventFactory(situation=situation, kind=EventKind.ADHESION, occurred_on=dt.date(2024, 4, 2))
    EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.ACCOMPAGNEMENT_TERMINE,
        occurred_on=dt.date(2024, 6, 1),
    )
    situation.refresh_from_db()
    assert situation.has_tenant_contact
    assert state_as_of(situation, dt.date(2024, 4, 2)).has_tenant_contact
    bilan = compute_bilan(make_scope(team, as_of=dt.date(2024, 6, 30)))
    assert bilan["closed"]["by_outcome"] == {"tenant_contact": 1, "left_or_not_at_address": 0, "no_contact": 0}
    # The open situation two weeks before its hearing is not "without any contact" on its page.
    EventFactory(situation=situation, kind=EventKind.REOPENING, occurred_on=dt.date(2024, 6, 2))
    situation.hearing_date = dt.date.today() + dt.timedelta(days=5)
    situation.save()
    client.force_login(coordinator)
    body = client.get(situation.get_absolute_url()).content.decode()
    assert "Aucun contact à moins de 15 jours" not in body


def test_the_state_is_declared_once_its_columns_and_the_bilans_facts_bear_its_names():
    """`SituationState` is the one list: each field is a `Situation` column (same name), and the bilan's facts are
    those fields but the dates and what only the worklist reads, plus what the bilan adds (closed, followed by the
    social services, the days from the reception to the first contact)."""
    import dataclasses

    from prevex.reports.bilan import BilanFacts
    from prevex.situations.state import FACT_COLUMNS, STATE_COLUMNS, SituationState

    columns = {field.name for field in Situation._meta.concrete_fields}
    assert set(STATE_COLUMNS) <= columns
    assert tuple(field.name for field in dataclasses.fields(SituationState)) == STATE_COLUMNS
    bilan_facts = {field.name for field in dataclasses.fields(BilanFacts)}
    assert bilan_facts == {*FACT_COLUMNS, "closed", "social_services_known", "days_to_first_contact"}
    assert set(STATE_COLUMNS) - set(FACT_COLUMNS) == {
        "closed_on",
        "first_contact_on",
        "last_event_on",
        "current_hearing_recorded",
    }
