"""The main pages cost a fixed number of queries, whatever the number of rows they show.

Each page is requested with a small caseload, then with a realistic one (30 situations, each with a history
recorded through the services, referents and journal entries; a situation page with 30 events): the count is
pinned, and the same for both, so that a query per row (an N+1) fails here. A page that gains a query changes
its pinned number: check that the new query does not depend on the rows, then update the number.
"""

import datetime as dt

import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.organisations.tests.factories import SectorFactory
from prevex.situations import services
from prevex.situations.enums import Channel, EventKind, Recipient, VisitOutcome
from prevex.situations.models import Event, SituationReferent
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.tests.factories import CommuneFactory

FEW, MANY = 2, 30
BILAN_QUERY = {"start": "2024-01-01", "end": "2024-04-30", "as_of": "2024-04-30"}


@pytest.fixture
def people(coordinator, juriste, social_worker, adil, tout_azimut):
    return {"coordinator": coordinator, "juriste": juriste, "social_worker": social_worker}


def record(situation, kind, day, author, **fields):
    return services.event_record(event=Event(situation=situation, kind=kind, occurred_on=day, **fields), author=author)


@pytest.fixture
def caseload(team, people, adil, tout_azimut):
    """`caseload(count)` adds `count` open situations to the team: a hearing ahead (one in five: passed), two
    referents, a letter, a visit and a contact by people of both organisations (one in three: less), the
    journal's lines for all this and a consultation."""
    commune = CommuneFactory()
    sector = SectorFactory(team=team, name="Nord-Ouest")
    sector.communes.add(commune)
    added = []

    def add(count: int) -> list:
        for _ in range(count):
            index = len(added)
            passed = index % 5 == 4
            situation = SituationFactory(
                team=team,
                commune=commune,
                sector=sector,
                tenant_last_name=f"Ménage {index:02d}",
                received_on=dt.date(2024, 3, 1) + dt.timedelta(days=index % 28),
                hearing_date=dt.date(2024, 4, 25) if passed else dt.date(2024, 5, 3) + dt.timedelta(days=index % 40),
            )
            SituationReferent.objects.create(
                situation=situation, organisation=tout_azimut, user=people["social_worker"]
            )
            SituationReferent.objects.create(situation=situation, organisation=adil, user=people["juriste"])
            history = [
                (EventKind.LETTER, dt.date(2024, 3, 29), "social_worker", {"recipient": Recipient.TENANT}),
                (EventKind.VISIT, dt.date(2024, 4, 2), "social_worker", {"visit_outcome": VisitOutcome.ABSENT}),
                (EventKind.TENANT_CONTACT, dt.date(2024, 4, 8), "juriste", {"channel": Channel.PHONE}),
            ]
            if index % 3 == 0:  # not contacted yet: only a letter, or nothing at all
                history = history[:1] if index % 2 else []
            for kind, day, who, fields in history:
                record(situation, kind, day, people[who], **fields)
            AuditEntry.log(actor=people["coordinator"], action=AuditAction.VIEW, target=situation)
            added.append(situation)
        return added

    return add


@pytest.fixture
def logged_in(client, coordinator, frozen_today):
    client.force_login(coordinator)
    client.get("/")  # the first page after logging in: from here, every page finds the session as it stays
    return client


def assert_constant(django_assert_num_queries, expected: int, request, shown, grow):
    """The page costs `expected` queries before and after `grow()` adds rows, and shows the rows added."""
    grow(FEW)
    with django_assert_num_queries(expected):
        response = request()
    assert response.status_code == 200
    few = shown(response)
    grow(MANY - FEW)
    with django_assert_num_queries(expected):
        response = request()
    assert response.status_code == 200
    assert shown(response) > few > 0


# Every page: the session, the account, its second factor, the membership (and its team), the header's
# organisation, the session saved (a savepoint, the update, its release); then the page's own queries.


def test_today(logged_in, caseload, django_assert_num_queries):
    # The team's eligibility rules (for_today); the team's sequence, the worklist's tasks due, those shown (their
    # situations and communes joined); the hearings ahead (the first ones, then their count and the urgent ones);
    # the passed ones and their count; the procedure acts of the hearings shown (their next legal deadline); the
    # tenants' replies waiting in the team's inbox (their count, for the coordinator's link).
    assert_constant(
        django_assert_num_queries,
        19,
        lambda: logged_in.get("/"),
        lambda response: (
            len(response.context["rows"]) + len(response.context["passed"]) + response.context["worklist"].total
        ),
        caseload,
    )


def test_the_situation_list(logged_in, caseload, django_assert_num_queries):
    assert_constant(
        django_assert_num_queries,
        13,
        lambda: logged_in.get("/situations/"),
        lambda response: len(response.context["page"].object_list),
        caseload,
    )


def test_the_situation_list_searched(logged_in, caseload, django_assert_num_queries):
    assert_constant(
        django_assert_num_queries,
        13,
        lambda: logged_in.post("/situations/", {"q": "ménage"}),
        lambda response: len(response.context["page"].object_list),
        caseload,
    )


def test_a_situation_page(logged_in, caseload, people, tout_azimut, adil, django_assert_num_queries):
    situation = caseload(1)[0]
    authors = [people["social_worker"], people["juriste"]]

    def add_notes(count):
        for index in range(count):
            record(situation, EventKind.NOTE, dt.date(2024, 4, 10), authors[index % 2], note=f"Note {index}")

    # The situation; the journal's line of the consultation; the timeline (authors and organisations joined),
    # the hearings for the presence form, the referents (their people and organisations); the outreach tasks, the
    # pause in effect and the tenant's personal link; its SMS and e-mails, the tenant's replies (and the STOP of a
    # mobile); the household's consents (their card) and the consent to share with the judge (the hearing
    # documents' card); the current diagnosis (its author and organisation joined).
    assert_constant(
        django_assert_num_queries,
        22,
        lambda: logged_in.get(situation.get_absolute_url()),
        lambda response: len(response.context["events"]),
        add_notes,
    )


def test_the_bilan(logged_in, caseload, django_assert_num_queries):
    assert_constant(
        django_assert_num_queries,
        # + 4 for the préconisations: the catalogue's codes, the counts by kind and status, the households with
        # one (support/actions/counts.py), and the catalogue's labels for the table
        18,
        lambda: logged_in.get("/bilan/", BILAN_QUERY),
        lambda response: next(row.count for row in response.context["table"].rows() if row.key == "situations"),
        caseload,
    )


def test_the_intake_dashboard(logged_in, team, coordinator, caseload, django_assert_num_queries):
    for week in range(8):  # lists received over the weeks the dashboard shows
        ImportBatch.objects.create(
            team=team,
            kind=ImportKind.PREFECTURE,
            status=ImportStatus.COMMITTED,
            filename=f"liste-{week}.csv",
            sha256=f"{week:064d}",
            received_on=dt.date(2024, 4, 29) - dt.timedelta(weeks=week),
            summary={"new": 3, "updated": 1},
            uploaded_by=coordinator,
        )
    assert_constant(
        django_assert_num_queries,
        12,
        lambda: logged_in.get("/identification/tableau-de-bord/"),
        lambda response: len(response.context["uncontacted"]),
        caseload,
    )


def test_the_journal(logged_in, caseload, django_assert_num_queries):
    # One query per type of object named (situations, events) and for the authors; the filter's people.
    assert_constant(
        django_assert_num_queries,
        15,
        lambda: logged_in.get("/journal/"),
        lambda response: len(response.context["lines"]),
        caseload,
    )
