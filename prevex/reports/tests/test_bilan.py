"""compute_bilan on small scenarios, each figure counted by hand (definitions in docs/bilan.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prevex.organisations.tests.factories import OrganisationFactory, SectorFactory, TeamFactory
from prevex.reports.bilan import compute_bilan, default_period, validate_period
from prevex.reports.tests.helpers import AS_OF, event, make_scope, received
from prevex.situations.enums import ClosureReason, EventKind, HearingPresence, Recipient, VisitOutcome
from prevex.situations.models import SituationReferent
from prevex.situations.tests.factories import SituationFactory
from prevex.support.actions.catalogue import DEFAULT_CODES

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2024, 6, 1)  # a day on or before AS_OF
AFTER = dt.date(2024, 7, 1)  # the day after AS_OF


def letter(situation, on=dt.date(2024, 3, 2)):
    return event(situation, EventKind.LETTER, on, recipient=Recipient.TENANT)


def visit(situation, outcome=VisitOutcome.ABSENT, on=dt.date(2024, 3, 10), **fields):
    return event(situation, EventKind.VISIT, on, visit_outcome=outcome, **fields)


def close(situation, reason=ClosureReason.SANS_CONTACT, on=BEFORE):
    return event(situation, EventKind.CLOSURE, on, closure_reason=reason)


def hearing(situation, presence, on=dt.date(2024, 5, 14)):
    return event(situation, EventKind.HEARING, on, hearing_presence=presence)


def zeros(team, **scope) -> dict:
    return {
        "scope": {"team": team.slug, "start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-06-30", **scope},
        "situations": 0,
        "social_services_known": 0,
        "accompanied": 0,
        "open": {
            "total": 0,
            "accompanied": 0,
            "joint_visits": 0,
            "by_stage": {
                "to_contact": 0,
                "first_letter": 0,
                "visit_1": 0,
                "visit_2": 0,
                "reminder": 0,
                "contact": 0,
                "accompanied": 0,
            },
        },
        "closed": {
            "total": 0,
            "accompanied": 0,
            "joint_visits": 0,
            "by_reason": {
                "mesure_asll_en_cours": 0,
                "accompagnement_termine": 0,
                "orientation_mds": 0,
                "dette_soldee": 0,
                "refus_de_poursuivre": 0,
                "depart_volontaire": 0,
                "absent_de_l_adresse": 0,
                "sans_contact": 0,
                "autre": 0,
            },
            "by_outcome": {"tenant_contact": 0, "left_or_not_at_address": 0, "no_contact": 0},
        },
        "landlord_contact": {"count": 0, "rate": 0.0},
        "hearings": {"tenant_present": 0, "with_legal_advisor": 0},
        "first_contact": {
            "total": 0,
            "by_channel": {
                "post": 0,
                "sms": 0,
                "email": 0,
                "phone": 0,
                "in_person": 0,
                "link": 0,
                "other": 0,
                "non_renseigne": 0,
            },
            "median_days": None,
        },
        "actions": no_actions(),
    }


def no_actions() -> dict:
    """The préconisations of a team without any: every kind of the shipped catalogue, every status, at zero."""
    statuses = {"a_faire": 0, "deposee": 0, "accordee": 0, "refusee": 0, "abandonnee": 0}
    return {
        "total": 0,
        "situations": 0,
        "by_status": statuses,
        "by_kind": {code: {"total": 0, **statuses} for code in DEFAULT_CODES},
    }


def test_an_empty_team_has_every_key_with_zeros(team):
    bilan = compute_bilan(make_scope(team))
    assert bilan == zeros(team)
    assert list(bilan) == [
        "scope",
        "situations",
        "social_services_known",
        "accompanied",
        "open",
        "closed",
        "landlord_contact",
        "hearings",
        "first_contact",
        "actions",
    ]


def test_a_small_team_counted_by_hand(team):
    received(team)  # nothing done yet: to contact
    first_letter = received(team)
    letter(first_letter)
    visit_1 = received(team)
    letter(visit_1)
    visit(visit_1)
    visit_2 = received(team)
    visit(visit_2)
    visit(visit_2, on=dt.date(2024, 3, 20))
    reminder = received(team)
    visit(reminder)
    visit(reminder, on=dt.date(2024, 3, 20))
    event(reminder, EventKind.REMINDER, dt.date(2024, 4, 4))
    event(reminder, EventKind.LANDLORD_CONTACT, dt.date(2024, 4, 5))
    met = received(team)  # met at a visit: a tenant contact
    visit(met, VisitOutcome.MET)
    supported = received(team)
    event(supported, EventKind.TENANT_CONTACT, dt.date(2024, 3, 5))
    event(supported, EventKind.ADHESION, dt.date(2024, 3, 6))
    visit(supported, VisitOutcome.MET, dt.date(2024, 4, 1), is_joint=True)
    visit(supported, VisitOutcome.MET, dt.date(2024, 5, 1), is_joint=True)
    hearing(supported, HearingPresence.WITH_JURISTE)
    gave_up = received(team)
    event(gave_up, EventKind.TENANT_CONTACT, dt.date(2024, 3, 5))
    event(gave_up, EventKind.ADHESION, dt.date(2024, 3, 6))
    visit(gave_up, VisitOutcome.MET, dt.date(2024, 4, 1), is_joint=True)
    hearing(gave_up, HearingPresence.ALONE)
    close(gave_up, ClosureReason.REFUS_DE_POURSUIVRE)
    never_reached = received(team)
    event(never_reached, EventKind.REMINDER, dt.date(2024, 4, 4))
    hearing(never_reached, HearingPresence.ABSENT)
    close(never_reached, ClosureReason.SANS_CONTACT)
    gone = received(team)
    visit(gone, VisitOutcome.NPAI)
    event(gone, EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 12))
    close(gone, ClosureReason.ABSENT_DE_L_ADRESSE)

    expected = zeros(team)
    expected |= {"situations": 10, "accompanied": 2}
    expected["open"] |= {"total": 7, "accompanied": 1, "joint_visits": 2}
    expected["open"]["by_stage"] = {
        "to_contact": 1,
        "first_letter": 1,
        "visit_1": 1,
        "visit_2": 1,
        "reminder": 1,
        "contact": 1,
        "accompanied": 1,
    }
    expected["closed"] |= {"total": 3, "accompanied": 1, "joint_visits": 1}
    expected["closed"]["by_reason"] |= {"refus_de_poursuivre": 1, "sans_contact": 1, "absent_de_l_adresse": 1}
    expected["closed"]["by_outcome"] = {"tenant_contact": 1, "left_or_not_at_address": 1, "no_contact": 1}
    expected["landlord_contact"] = {"count": 2, "rate": 0.2}
    expected["hearings"] = {"tenant_present": 2, "with_legal_advisor": 1}
    expected["first_contact"]["total"] = 3
    expected["first_contact"]["by_channel"] |= {"in_person": 1, "non_renseigne": 2}
    expected["first_contact"]["median_days"] = 4  # 4, 4 and 9 days
    assert compute_bilan(make_scope(team)) == expected


def test_an_event_after_the_as_of_date_does_not_exist(team):
    situation = received(team)
    letter(situation)
    event(situation, EventKind.TENANT_CONTACT, AFTER)
    event(situation, EventKind.ADHESION, AFTER)
    visit(situation, VisitOutcome.MET, AFTER, is_joint=True)
    event(situation, EventKind.LANDLORD_CONTACT, AFTER)
    bilan = compute_bilan(make_scope(team))
    assert bilan["open"]["by_stage"]["first_letter"] == 1
    assert (bilan["accompanied"], bilan["open"]["joint_visits"], bilan["landlord_contact"]["count"]) == (0, 0, 0)
    later = compute_bilan(make_scope(team, as_of=AFTER))
    assert later["open"]["by_stage"]["accompanied"] == 1
    assert (later["accompanied"], later["open"]["joint_visits"], later["landlord_contact"]["count"]) == (1, 1, 1)


def test_a_situation_closed_after_the_as_of_date_is_open(team):
    situation = received(team)
    letter(situation)
    close(situation, ClosureReason.SANS_CONTACT, on=AFTER)
    bilan = compute_bilan(make_scope(team))
    assert (bilan["open"]["total"], bilan["closed"]["total"]) == (1, 0)
    assert bilan["open"]["by_stage"]["first_letter"] == 1
    assert compute_bilan(make_scope(team, as_of=AFTER))["closed"]["by_reason"]["sans_contact"] == 1


def test_a_closure_on_the_as_of_date_counts(team):
    close(received(team), on=AS_OF)
    assert compute_bilan(make_scope(team))["closed"]["total"] == 1


def test_a_situation_received_after_the_as_of_date_is_not_counted(team):
    received(team, on=AS_OF)
    received(team, on=AFTER)
    assert compute_bilan(make_scope(team))["situations"] == 1
    assert compute_bilan(make_scope(team, as_of=AFTER))["situations"] == 2


def test_the_period_is_on_the_reception_date_bounds_included(team):
    for day in (dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 3, 31), dt.date(2024, 4, 1)):
        received(team, on=day)
    scope = make_scope(team, start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
    assert compute_bilan(scope)["situations"] == 2


def test_events_before_the_period_still_count_for_a_situation_received_in_it(team):
    situation = received(team, on=dt.date(2024, 1, 10))
    event(situation, EventKind.LANDLORD_CONTACT, dt.date(2024, 1, 12))
    scope = make_scope(team, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31))
    assert compute_bilan(scope)["landlord_contact"] == {"count": 1, "rate": 1.0}


def test_the_sector_filter(team, sector, massy, evry):
    received(team, commune=massy, sector=sector)
    received(team, commune=evry)
    other_sector = SectorFactory(team=team, name="Sud")
    received(team, commune=evry, sector=other_sector)
    bilan = compute_bilan(make_scope(team, sector=sector))
    assert bilan["situations"] == 1
    assert bilan["scope"]["sector"] == "Nord-Ouest"


def test_the_commune_filter(team, massy, evry):
    received(team, commune=massy)
    received(team, commune=evry)
    received(team, commune=evry)
    bilan = compute_bilan(make_scope(team, commune=evry))
    assert bilan["situations"] == 2
    assert bilan["scope"]["commune"] == "91228"


def test_the_organisation_filter_keeps_the_situations_it_has_a_referent_in(
    team, adil, tout_azimut, juriste, social_worker
):
    both = received(team)
    SituationReferent.objects.create(situation=both, organisation=adil, user=juriste)
    SituationReferent.objects.create(situation=both, organisation=tout_azimut, user=social_worker)
    only_social = received(team)
    SituationReferent.objects.create(situation=only_social, organisation=tout_azimut, user=social_worker)
    received(team)  # nobody in charge yet
    visit(both, VisitOutcome.MET, is_joint=True)
    visit(both, VisitOutcome.MET, dt.date(2024, 4, 1), is_joint=True)

    adil_bilan = compute_bilan(make_scope(team, organisation=adil))
    assert (adil_bilan["situations"], adil_bilan["open"]["joint_visits"]) == (1, 2)  # no double count
    assert adil_bilan["scope"]["organisation"] == "ADIL 91"
    assert compute_bilan(make_scope(team, organisation=tout_azimut))["situations"] == 2


@pytest.mark.parametrize(
    ("contact", "reason", "outcome"),
    [
        (True, ClosureReason.DEPART_VOLONTAIRE, "tenant_contact"),
        (True, ClosureReason.SANS_CONTACT, "tenant_contact"),
        (False, ClosureReason.DEPART_VOLONTAIRE, "left_or_not_at_address"),
        (False, ClosureReason.ABSENT_DE_L_ADRESSE, "left_or_not_at_address"),
        (False, ClosureReason.SANS_CONTACT, "no_contact"),
        (False, ClosureReason.DETTE_SOLDEE, "no_contact"),
        (False, ClosureReason.AUTRE, "no_contact"),
    ],
)
def test_the_outcome_of_a_closed_situation(team, contact, reason, outcome):
    situation = received(team)
    if contact:
        event(situation, EventKind.TENANT_CONTACT, dt.date(2024, 3, 5))
    close(situation, reason)
    bilan = compute_bilan(make_scope(team))
    assert bilan["closed"]["by_outcome"][outcome] == 1
    assert bilan["closed"]["by_reason"][reason] == 1


def test_a_tenant_met_at_a_visit_made_contact(team):
    situation = received(team)
    visit(situation, VisitOutcome.MET)
    close(situation, ClosureReason.ABSENT_DE_L_ADRESSE)
    assert compute_bilan(make_scope(team))["closed"]["by_outcome"]["tenant_contact"] == 1


def test_a_contact_after_the_as_of_date_does_not_make_the_outcome(team):
    situation = received(team)
    close(situation, ClosureReason.DEPART_VOLONTAIRE, on=dt.date(2024, 5, 1))
    event(situation, EventKind.TENANT_CONTACT, AFTER)
    bilan = compute_bilan(make_scope(team))
    assert bilan["closed"]["by_outcome"]["left_or_not_at_address"] == 1


def test_an_accompanied_situation_stays_accompanied_once_closed(team):
    situation = received(team)
    event(situation, EventKind.TENANT_CONTACT, dt.date(2024, 3, 5))
    event(situation, EventKind.ADHESION, dt.date(2024, 3, 6))
    close(situation, ClosureReason.REFUS_DE_POURSUIVRE)
    bilan = compute_bilan(make_scope(team))
    assert (bilan["accompanied"], bilan["closed"]["accompanied"], bilan["open"]["accompanied"]) == (1, 1, 0)


def test_hearings_count_only_when_held_on_or_before_the_as_of_date(team):
    held = received(team)
    hearing(held, HearingPresence.WITH_JURISTE, on=AS_OF)
    alone = received(team)
    hearing(alone, HearingPresence.ALONE, on=dt.date(2024, 5, 2))
    absent = received(team)
    hearing(absent, HearingPresence.ABSENT, on=dt.date(2024, 5, 2))
    later = received(team)
    hearing(later, HearingPresence.WITH_JURISTE, on=AFTER)
    assert compute_bilan(make_scope(team))["hearings"] == {"tenant_present": 2, "with_legal_advisor": 1}
    assert compute_bilan(make_scope(team, as_of=AFTER))["hearings"] == {"tenant_present": 3, "with_legal_advisor": 2}


def test_two_hearings_of_one_situation_count_once(team):
    situation = received(team)
    hearing(situation, HearingPresence.ALONE, on=dt.date(2024, 4, 2))
    hearing(situation, HearingPresence.WITH_JURISTE, on=dt.date(2024, 6, 4))  # postponed, then held
    assert compute_bilan(make_scope(team))["hearings"] == {"tenant_present": 1, "with_legal_advisor": 1}


def test_a_reopened_situation_is_open_until_closed_again(team):
    situation = received(team)
    letter(situation)
    close(situation, ClosureReason.SANS_CONTACT, on=dt.date(2024, 4, 1))
    event(situation, EventKind.REOPENING, dt.date(2024, 4, 15))
    bilan = compute_bilan(make_scope(team))
    assert (bilan["open"]["total"], bilan["closed"]["total"]) == (1, 0)
    assert bilan["open"]["by_stage"]["first_letter"] == 1
    before_reopening = compute_bilan(make_scope(team, as_of=dt.date(2024, 4, 10)))
    assert before_reopening["closed"]["by_reason"]["sans_contact"] == 1

    close(situation, ClosureReason.DEPART_VOLONTAIRE, on=dt.date(2024, 5, 20))
    closed_again = compute_bilan(make_scope(team))["closed"]
    assert closed_again["total"] == 1
    assert closed_again["by_reason"]["depart_volontaire"] == 1
    assert closed_again["by_reason"]["sans_contact"] == 0


def test_another_teams_situations_are_never_counted(team, other_team_member):
    other_team = other_team_member.membership.team
    mine = received(team)
    theirs = SituationFactory(team=other_team, received_on=dt.date(2024, 3, 1))
    for situation in (mine, theirs):
        event(situation, EventKind.ADHESION, dt.date(2024, 3, 6))
        event(situation, EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 6))
    SituationFactory(team=other_team, received_on=dt.date(2024, 3, 2))
    bilan = compute_bilan(make_scope(team))
    assert (bilan["situations"], bilan["accompanied"], bilan["landlord_contact"]["count"]) == (1, 1, 1)
    assert compute_bilan(make_scope(other_team))["situations"] == 2


def test_the_landlord_rate_is_rounded_to_four_decimals(team):
    for n in range(3):
        situation = received(team)
        if n == 0:
            event(situation, EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 5))
    assert compute_bilan(make_scope(team))["landlord_contact"] == {"count": 1, "rate": 0.3333}


def test_a_letter_to_the_landlord_is_not_the_first_letter(team):
    situation = received(team)
    event(situation, EventKind.LETTER, dt.date(2024, 3, 2), recipient=Recipient.LANDLORD)
    assert compute_bilan(make_scope(team))["open"]["by_stage"]["to_contact"] == 1


def test_the_default_period_is_the_last_18_months_or_since_the_first_situation(team):
    assert default_period(team, dt.date(2022, 9, 30)) == (
        dt.date(2021, 4, 1),
        dt.date(2022, 9, 30),
        dt.date(2022, 9, 30),
    )
    assert default_period(team, dt.date(2022, 1, 15))[0] == dt.date(2020, 8, 1)
    received(team, on=dt.date(2021, 11, 8))
    assert default_period(team, dt.date(2022, 9, 30))[0] == dt.date(2021, 11, 8)
    assert default_period(TeamFactory(), dt.date(2022, 9, 30))[0] == dt.date(2021, 4, 1)


@pytest.mark.parametrize(
    ("start", "end", "as_of", "message"),
    [
        ("2024-03-01", "2024-02-01", "2024-06-30", "La date de fin doit être postérieure ou égale à la date de début."),
        ("2024-01-01", "2024-02-01", "2024-07-16", "La date d'arrêté ne peut pas être dans le futur."),
        (
            "2024-03-01",
            "2024-05-01",
            "2024-02-01",
            "La date d'arrêté doit être postérieure ou égale à la date de début.",
        ),
    ],
)
def test_validate_period_explains_in_french(start, end, as_of, message):
    dates = [dt.date.fromisoformat(value) for value in (start, end, as_of)]
    with pytest.raises(ValidationError) as error:
        validate_period(*dates, today=dt.date(2024, 7, 15))
    assert error.value.messages == [message]


def test_validate_period_accepts_an_end_after_the_as_of_date():
    validate_period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 7, 15), today=dt.date(2024, 7, 15))


def test_an_organisation_of_the_team_filters_nothing_else(team):
    organisation = OrganisationFactory(team=team, name="Sans situation")
    received(team)
    assert compute_bilan(make_scope(team, organisation=organisation))["situations"] == 0


def test_the_landlord_rate_is_rounded_half_up():
    from prevex.reports.bilan import _rate

    assert (_rate(1, 32), _rate(43, 425), _rate(0, 0)) == (0.0313, 0.1012, 0.0)
