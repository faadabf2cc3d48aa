"""Rounds: the households proposed (due, overdue, not yet due; territory; urgency and walking order), the round
saved and journaled, each outcome recorded once as a VISIT event that moves the sequence (the clock stopped on
2 May 2024)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.enums import Role
from prevex.organisations.tests.factories import OrganisationFactory, SectorFactory, TeamFactory, member
from prevex.outreach.models import Task
from prevex.outreach.rounds import services
from prevex.outreach.rounds.models import Round, RoundStatus, RoundStop
from prevex.outreach.rounds.tests.factories import due_for_visit, round_of
from prevex.situations.enums import ClosureReason, EventKind, VisitOutcome
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import EventFactory
from prevex.territories.tests.factories import CommuneFactory

D = dt.date
TODAY = D(2024, 5, 2)
LATE_HEARING = D(2024, 6, 28)  # far enough for the 10-day delays not to be capped by "hearing − 7 days"
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def massy(db):
    return CommuneFactory()


@pytest.fixture
def evry(db):
    return CommuneFactory(evry=True)


def ref_pk(reference):
    return Situation.objects.get(reference=reference).pk  # same street and hearing: the order falls to the pk


def keys(candidates):
    return [candidate.situation.reference for candidate in candidates]


@pytest.mark.parametrize(
    ("letter_on", "day", "proposed"),
    [
        (D(2024, 4, 1), TODAY, True),  # visite_1 due 11/04: overdue
        (D(2024, 4, 22), TODAY, True),  # due 02/05: due that day
        (D(2024, 4, 23), TODAY, False),  # due 03/05: not yet
        (D(2024, 4, 23), D(2024, 5, 3), True),  # ... but on a round of 03/05
        (D(2024, 4, 28), D(2024, 5, 7), True),  # due min(08/05, hearing − 7 = 07/05)
    ],
)
def test_a_household_is_proposed_when_its_visit_is_due_on_the_day_or_overdue(
    team, social_worker, massy, letter_on, day, proposed
):
    due_for_visit(team, social_worker, letter_on=letter_on, reference="R-1", commune=massy)
    assert keys(services.proposal(social_worker, day=day, communes=[massy])) == (["R-1"] if proposed else [])


def test_a_household_without_a_visit_due_is_not_proposed(team, social_worker, massy):
    situation = due_for_visit(team, social_worker, letter_on=D(2024, 4, 1), reference="R-MET", commune=massy)
    EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=D(2024, 4, 5))
    services_tasks_sync(situation)
    no_letter = due_for_visit(team, social_worker, reference="R-X", commune=massy)
    Task.objects.filter(situation=no_letter).delete()  # no task at all: nothing to visit
    assert keys(services.proposal(social_worker, day=TODAY, communes=[massy])) == []


def services_tasks_sync(situation):
    from prevex.outreach.services import tasks_sync

    tasks_sync([situation.pk])


def test_only_the_territory_chosen_is_proposed(team, social_worker, massy, evry):
    due_for_visit(team, social_worker, reference="MASSY", commune=massy)
    due_for_visit(team, social_worker, reference="EVRY", commune=evry)
    sector = SectorFactory(team=team, name="Nord")
    sector.communes.set([evry])
    # A situation put in the sector by hand, whatever its commune.
    due_for_visit(team, social_worker, reference="PUT-IN-SECTOR", commune=massy, sector=sector)
    assert keys(services.proposal(social_worker, day=TODAY, communes=[massy])) == ["MASSY", "PUT-IN-SECTOR"]
    assert sorted(keys(services.proposal(social_worker, day=TODAY, sector=sector))) == ["EVRY", "PUT-IN-SECTOR"]
    assert sorted(keys(services.proposal(social_worker, day=TODAY, sector=sector, communes=[massy]))) == [
        "EVRY",
        "MASSY",
        "PUT-IN-SECTOR",
    ]


def test_closed_other_teams_and_already_planned_households_are_not_proposed(team, social_worker, massy):
    closed = due_for_visit(team, social_worker, reference="CLOSED", commune=massy)
    EventFactory(
        situation=closed,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.REFUS_DE_POURSUIVRE,
        occurred_on=D(2024, 4, 20),
    )
    other = TeamFactory(slug="autre-equipe")
    other_worker = member(other, Role.SOCIAL_WORKER, OrganisationFactory(team=other, name="Autre"))
    due_for_visit(other, other_worker, reference="OTHER-TEAM", commune=massy)
    planned = due_for_visit(team, social_worker, reference="PLANNED", commune=massy)
    round_of(team, [planned], day=TODAY)
    visited_yesterday = due_for_visit(team, social_worker, reference="PAST-ROUND", commune=massy)
    round_of(team, [visited_yesterday], day=D(2024, 5, 1))  # a past round left unfinished does not hold it
    due_for_visit(team, social_worker, reference="KEPT", commune=massy)
    assert keys(services.proposal(social_worker, day=TODAY, communes=[massy])) == sorted(
        ["KEPT", "PAST-ROUND"], key=ref_pk
    )


def test_the_proposal_is_in_walking_order_most_urgent_hearing_first(team, social_worker, massy, evry):
    make = due_for_visit
    make(team, social_worker, reference="E-LATE", commune=evry, address="1 rue A", hearing_date=D(2024, 6, 30))
    make(team, social_worker, reference="M-B-2", commune=massy, address="2 rue B", hearing_date=D(2024, 6, 20))
    make(team, social_worker, reference="M-B-7", commune=massy, address="7 rue B, 2e étage", hearing_date=LATE_HEARING)
    make(team, social_worker, reference="M-B-4", commune=massy, address="4 Rue B", hearing_date=D(2024, 6, 25))
    make(team, social_worker, reference="M-A-1", commune=massy, address="1 av. A", hearing_date=D(2024, 5, 20))
    make(team, social_worker, reference="E-URGENT", commune=evry, address="9 rue C", hearing_date=D(2024, 5, 30))
    make(team, social_worker, reference="M-A-3", commune=massy, address="3 avenue A", hearing_date=D(2024, 6, 30))
    candidates = services.proposal(social_worker, day=TODAY, communes=[massy, evry])
    assert keys(candidates) == ["M-A-1", "M-A-3", "M-B-7", "M-B-4", "M-B-2", "E-URGENT", "E-LATE"]
    assert {c.task.step for c in candidates} == {"visite_1"}
    assert candidates[2].address.complement == "2e étage"


def test_a_second_visit_due_is_proposed_like_a_first(team, social_worker, massy):
    situation = due_for_visit(team, social_worker, reference="R-2", commune=massy, hearing_date=LATE_HEARING)
    EventFactory(
        situation=situation, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=D(2024, 4, 20)
    )
    services_tasks_sync(situation)
    (candidate,) = services.proposal(social_worker, day=TODAY, communes=[massy])
    assert (candidate.task.step, candidate.task.due_on, candidate.overdue_on(TODAY)) == (
        "visite_2",
        D(2024, 4, 30),
        True,
    )


# --- saving a round ------------------------------------------------------------------------------------------------


def test_a_round_keeps_the_households_ticked_in_the_proposals_order_and_is_journaled(
    team, social_worker, juriste, massy
):
    b = due_for_visit(team, social_worker, reference="B", commune=massy, address="2 rue B")
    a = due_for_visit(team, social_worker, reference="A", commune=massy, address="1 rue A")
    unticked = due_for_visit(team, social_worker, reference="C", commune=massy, address="3 rue C")
    visit_round = services.round_create(
        social_worker,
        day=TODAY,
        sector=None,
        communes=[massy],
        workers=[social_worker, juriste],
        is_joint=True,
        situation_ids=[b.pk, a.pk, 999999],
    )
    assert [(s.situation.reference, s.position) for s in visit_round.stops.order_by("position")] == [("A", 1), ("B", 2)]
    assert not RoundStop.objects.filter(situation=unticked).exists()
    assert set(visit_round.workers.all()) == {social_worker, juriste} and visit_round.is_joint
    entry = AuditEntry.objects.get(target_type="rounds.round", target_id=str(visit_round.public_id))
    assert entry.action == AuditAction.CREATE and entry.team == team
    assert entry.details["stops"] == 2 and entry.details["communes"] == [massy.pk]


def test_a_round_of_nobody_is_refused(team, social_worker, massy):
    due_for_visit(team, social_worker, commune=massy)
    with pytest.raises(ValidationError, match="Cochez au moins un ménage"):
        services.round_create(
            social_worker,
            day=TODAY,
            sector=None,
            communes=[massy],
            workers=[social_worker],
            is_joint=False,
            situation_ids=[],
        )


# --- recording an outcome --------------------------------------------------------------------------------------------


@pytest.fixture
def stop(team, social_worker, massy):
    situation = due_for_visit(team, social_worker, reference="V", commune=massy, hearing_date=LATE_HEARING)
    return round_of(team, [situation], day=TODAY, workers=[social_worker]).stops.get()


def task(situation, step):
    return Task.objects.filter(situation=situation, step=step).latest("id")


def test_absent_records_a_failed_first_visit_and_makes_the_second_due_ten_days_later(stop, social_worker):
    recorded, created = services.outcome_record(
        stop, outcome=VisitOutcome.ABSENT, note="avis déposé", user=social_worker
    )
    event = Event.objects.get(situation=stop.situation, kind=EventKind.VISIT)
    assert created and recorded.event == event and recorded.recorded_by == social_worker
    assert (event.visit_outcome, event.occurred_on, event.is_joint, event.note, event.author) == (
        VisitOutcome.ABSENT,
        TODAY,
        False,
        "avis déposé",
        social_worker,
    )
    first = task(stop.situation, "visite_1")
    assert (first.done_on, first.done_event_id) == (TODAY, event.pk)
    second = task(stop.situation, "visite_2")
    assert (second.is_open, second.due_on) == (True, D(2024, 5, 12))
    assert Round.objects.get(pk=stop.round_id).status == RoundStatus.DONE


def test_met_ends_the_sequence(stop, social_worker):
    services.outcome_record(stop, outcome=VisitOutcome.MET, note="", user=social_worker)
    event = Event.objects.get(situation=stop.situation, kind=EventKind.VISIT)
    assert task(stop.situation, "visite_1").done_event_id == event.pk
    assert not Task.objects.filter(situation=stop.situation, step__in=["visite_2", "relance"]).open().exists()
    assert list(Task.objects.filter(situation=stop.situation).open().values_list("step", flat=True)) == [
        "courrier_bailleur"  # the landlord's letter never depends on the tenant's sequence
    ]


@pytest.mark.parametrize(
    ("outcome", "closure"),
    [
        (VisitOutcome.LEFT, ClosureReason.DEPART_VOLONTAIRE),
        (VisitOutcome.NPAI, ClosureReason.ABSENT_DE_L_ADRESSE),
        (VisitOutcome.REFUSED, ClosureReason.REFUS_DE_POURSUIVRE),
    ],
)
def test_gone_not_here_or_refused_proposes_the_matching_closure(stop, social_worker, outcome, closure):
    services.outcome_record(stop, outcome=outcome, note="", user=social_worker)
    assert Event.objects.get(situation=stop.situation, kind=EventKind.VISIT).visit_outcome == outcome
    proposal = task(stop.situation, "cloture")
    assert (proposal.is_open, proposal.proposed_closure, proposal.due_on) == (True, closure, TODAY)
    assert not Task.objects.filter(situation=stop.situation, step="visite_2").open().exists()


def test_indecent_housing_suspected_is_a_visit_that_reached_the_dwelling(stop, social_worker):
    services.outcome_record(stop, outcome=VisitOutcome.INDECENT, note="moisissures", user=social_worker)
    event = Event.objects.get(situation=stop.situation, kind=EventKind.VISIT)
    assert (event.visit_outcome, event.note) == (VisitOutcome.INDECENT, "moisissures")
    assert task(stop.situation, "visite_1").done_event_id == event.pk
    assert not Task.objects.filter(situation=stop.situation, step="visite_2").open().exists()


def test_recording_twice_keeps_one_visit(stop, social_worker, juriste):
    first, created = services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    again, created_again = services.outcome_record(stop, outcome=VisitOutcome.MET, note="", user=juriste)
    assert (created, created_again) == (True, False)
    assert again.event_id == first.event_id
    assert Event.objects.filter(situation=stop.situation, kind=EventKind.VISIT).count() == 1
    assert Event.objects.get(kind=EventKind.VISIT).visit_outcome == VisitOutcome.ABSENT


def test_a_joint_round_records_joint_visits(team, social_worker, juriste, massy):
    situation = due_for_visit(team, social_worker, commune=massy)
    stop = round_of(team, [situation], day=TODAY, workers=[social_worker, juriste], is_joint=True).stops.get()
    services.outcome_record(stop, outcome=VisitOutcome.MET, note="", user=juriste)
    assert Event.objects.get(kind=EventKind.VISIT).is_joint is True
    situation.refresh_from_db()
    assert situation.joint_visit_count == 1


def test_an_outcome_noted_before_the_rounds_day_is_dated_today(team, social_worker, massy):
    situation = due_for_visit(team, social_worker, commune=massy)
    stop = round_of(team, [situation], day=D(2024, 5, 6)).stops.get()
    services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    assert Event.objects.get(kind=EventKind.VISIT).occurred_on == TODAY
    earlier = round_of(team, [due_for_visit(team, social_worker, commune=massy)], day=D(2024, 4, 30)).stops.get()
    services.outcome_record(earlier, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    assert Event.objects.get(situation=earlier.situation, kind=EventKind.VISIT).occurred_on == D(2024, 4, 30)


@pytest.mark.parametrize(("outcome", "note"), [("", ""), ("dunno", ""), (VisitOutcome.MET, "x" * 501)])
def test_an_unknown_outcome_or_a_long_note_records_nothing(stop, social_worker, outcome, note):
    with pytest.raises(ValidationError):
        services.outcome_record(stop, outcome=outcome, note=note, user=social_worker)
    assert not Event.objects.filter(kind=EventKind.VISIT).exists()
    stop.refresh_from_db()
    assert stop.event_id is None


def test_a_visit_the_timeline_refuses_leaves_the_stop_open(stop, social_worker):
    Round.objects.filter(pk=stop.round_id).update(day=D(2024, 2, 1))  # before the reception
    with pytest.raises(ValidationError):
        services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    stop.refresh_from_db()
    assert stop.event_id is None and not Event.objects.filter(kind=EventKind.VISIT).exists()


def test_a_deleted_visit_frees_its_stop(stop, social_worker):
    from prevex.situations.services import event_delete

    recorded, _ = services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    event_delete(event=recorded.event, author=social_worker)
    stop.refresh_from_db()
    assert stop.event_id is None
    assert services.outcome_record(stop, outcome=VisitOutcome.MET, note="", user=social_worker)[1] is True


def test_a_cancelled_round_frees_its_households_and_takes_no_outcome(team, social_worker, massy):
    situation = due_for_visit(team, social_worker, reference="FREED", commune=massy)
    visit_round = round_of(team, [situation], day=TODAY)
    assert keys(services.proposal(social_worker, day=TODAY, communes=[massy])) == []
    services.round_cancel(visit_round, social_worker)
    services.round_cancel(visit_round, social_worker)  # twice: nothing more
    assert Round.objects.get().status == RoundStatus.CANCELLED
    assert AuditEntry.objects.filter(target_type="rounds.round", details__round="cancel").count() == 1
    assert keys(services.proposal(social_worker, day=TODAY, communes=[massy])) == ["FREED"]
    with pytest.raises(ValidationError, match="annulée"):
        services.outcome_record(visit_round.stops.get(), outcome=VisitOutcome.MET, note="", user=social_worker)
    assert not Event.objects.filter(kind=EventKind.VISIT).exists()


def test_a_round_with_an_outcome_noted_cannot_be_cancelled(stop, social_worker):
    services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="", user=social_worker)
    with pytest.raises(ValidationError, match="déjà notées"):
        services.round_cancel(stop.round, social_worker)
    assert Round.objects.get().status == RoundStatus.DONE
