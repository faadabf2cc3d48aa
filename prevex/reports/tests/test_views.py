import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.tests.factories import OrganisationFactory
from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.reports.exports import flatten
from prevex.reports.tests.helpers import event, received
from prevex.situations.enums import ClosureReason, EventKind, HearingPresence, Recipient, VisitOutcome
from prevex.situations.models import SituationReferent

URL = "/bilan/"
XLSX_URL = "/bilan/excel/"
QUERY = {"start": "2024-01-01", "end": "2024-06-30", "as_of": "2024-06-30"}


@pytest.fixture
def figures(team):
    """Four situations: one closed without contact, one accompanied, two at the first letter."""
    closed = received(team, on=dt.date(2024, 2, 1))
    event(closed, EventKind.VISIT, dt.date(2024, 2, 10), visit_outcome=VisitOutcome.NPAI)
    event(closed, EventKind.CLOSURE, dt.date(2024, 2, 20), closure_reason=ClosureReason.ABSENT_DE_L_ADRESSE)
    supported = received(team, on=dt.date(2024, 3, 1))
    event(supported, EventKind.TENANT_CONTACT, dt.date(2024, 3, 4))
    event(supported, EventKind.ADHESION, dt.date(2024, 3, 5))
    event(supported, EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 6))
    event(supported, EventKind.HEARING, dt.date(2024, 5, 14), hearing_presence=HearingPresence.WITH_JURISTE)
    for day in (dt.date(2024, 4, 2), dt.date(2024, 7, 2)):
        event(received(team, on=day), EventKind.LETTER, day + dt.timedelta(days=1), recipient=Recipient.TENANT)
    return team


def logged(client, user):
    client.force_login(user)
    return client


def shown(response) -> dict:
    """The figures the page shows, by their key in the bilan."""
    return {row.key: row.count for row in response.context["table"].rows()}


def assert_clean(response):
    body = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in body
    return body


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/compte/")
    assert client.get(XLSX_URL).status_code == 302


@pytest.mark.parametrize("who", ["funder", "coordinator", "social_worker", "juriste"])
def test_every_member_of_the_team_sees_the_bilan(request, client, frozen_today, figures, who):
    response = logged(client, request.getfixturevalue(who)).get(URL, QUERY)
    assert response.status_code == 200
    assert_clean(response)
    assert shown(response)["situations"] == (None if who == "funder" else 3)  # a funder: fewer than 5, masked


def test_a_user_without_a_team_is_refused(client, outsider):
    assert logged(client, outsider).get(URL).status_code == 403
    assert client.get(XLSX_URL).status_code == 403


def test_a_member_of_another_team_sees_only_their_own_figures(client, frozen_today, figures, other_team_member):
    other_team = other_team_member.membership.team
    received(other_team, on=dt.date(2024, 3, 1))
    response = logged(client, other_team_member).get(URL, QUERY)
    assert response.context["scope"].team == other_team
    assert shown(response)["situations"] == 1
    assert shown(response)["accompanied"] == 0


def test_the_page_shows_the_seeds_table_with_french_percentages(client, frozen_today, figures, coordinator):
    response = logged(client, coordinator).get(URL, QUERY)
    body = assert_clean(response)
    assert shown(response) | {} == {
        **shown(response),
        "situations": 3,
        "accompanied": 1,
        "open.total": 2,
        "open.by_stage.first_letter": 1,
        "open.by_stage.accompanied": 1,
        "closed.total": 1,
        "closed.by_outcome.left_or_not_at_address": 1,
        "closed.by_reason.absent_de_l_adresse": 1,
        "landlord_contact.count": 1,
        "hearings.tenant_present": 1,
        "hearings.with_legal_advisor": 1,
    }
    assert "33\u00a0%" in body  # 1 accompanied of 3, 1 landlord of 3
    assert "Premier courrier envoyé" in body and "N&#x27;habite pas à l&#x27;adresse" in body
    assert 'class="bar-fill w-50"' in body  # 1 of the 2 open at the first letter
    assert "1 (50\u00a0%)" in body  # and its value in text
    assert "Télécharger (Excel)" in body
    assert f"{XLSX_URL}?start=2024-01-01&amp;end=2024-06-30&amp;as_of=2024-06-30" in body


def test_the_default_scope_is_the_last_18_months_up_to_today(client, frozen_today, figures, social_worker):
    response = logged(client, social_worker).get(URL)
    scope = response.context["scope"]
    assert (scope.start, scope.end, scope.as_of) == (dt.date(2024, 2, 1), frozen_today, frozen_today)
    assert shown(response)["situations"] == 4
    assert 'value="2024-07-15"' in assert_clean(response)


def test_a_blank_date_means_the_default_one(client, frozen_today, figures, juriste):
    response = logged(client, juriste).get(URL, {"start": "", "end": "2024-03-31", "as_of": ""})
    scope = response.context["scope"]
    assert (scope.start, scope.end, scope.as_of) == (dt.date(2024, 2, 1), dt.date(2024, 3, 31), frozen_today)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start": "2024-05-01", "end": "2024-04-01"},
            "La date de fin doit être postérieure ou égale à la date de début.",
        ),
        ({"as_of": "2024-07-16"}, "La date d&#x27;arrêté ne peut pas être dans le futur."),
        ({"start": "31/02/2024"}, "Saisissez une date valide."),
    ],
)
def test_a_wrong_scope_is_explained_in_french(client, frozen_today, figures, funder, query, message):
    response = logged(client, funder).get(URL, query)
    body = assert_clean(response)
    assert response.status_code == 200
    assert message in body
    assert response.context["table"] is None
    assert "Télécharger (Excel)" not in body


def test_the_filters(client, frozen_today, team, sector, massy, evry, adil, juriste):
    in_sector = received(team, commune=massy, sector=sector)
    received(team, commune=evry)
    SituationReferent.objects.create(situation=in_sector, organisation=adil, user=juriste)
    client = logged(client, juriste)
    assert shown(client.get(URL, {**QUERY, "sector": sector.pk}))["situations"] == 1
    assert shown(client.get(URL, {**QUERY, "commune": evry.pk}))["situations"] == 1
    assert shown(client.get(URL, {**QUERY, "organisation": adil.pk}))["situations"] == 1
    body = assert_clean(client.get(URL, {**QUERY, "commune": evry.pk}))
    assert "Commune : Évry-Courcouronnes." in body


def test_another_teams_organisation_is_not_a_choice(client, frozen_today, team, coordinator, other_team_member):
    # A funder has no organisation filter at all (test_secrecy): the coordinator's filter is the one to check.
    foreign = OrganisationFactory(team=other_team_member.membership.team, name="ADIL 93")
    response = logged(client, coordinator).get(URL, {**QUERY, "organisation": foreign.pk})
    assert response.context["table"] is None
    assert "Sélectionnez un choix valide" in assert_clean(response)


def test_the_excel_download_holds_the_same_numbers(client, frozen_today, figures, coordinator):
    response = logged(client, coordinator).get(XLSX_URL, QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="bilan-essonne-2024-01-01-2024-06-30-au-2024-06-30.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Bilan", "Données"]
    expected = compute_bilan(BilanScope(team=figures, **{k: dt.date.fromisoformat(v) for k, v in QUERY.items()}))
    data = dict(workbook["Données"].iter_rows(min_row=2, values_only=True))
    assert data == dict(flatten(expected))
    page = {row[0]: row[1:] for row in workbook["Bilan"].iter_rows(values_only=True) if row[0]}
    assert page["Situations reçues"][0] == 3
    assert page["dont ménages accompagnés"][:2] == (0, 0)  # the last one: 0 of the 1 closed
    assert page["Bailleurs ayant pris contact"][:2] == (1, 0.3333)  # the bilan's rate
    assert page["Situations reçues du"][0].date() == dt.date(2024, 1, 1)


def test_the_excel_download_is_journaled(client, frozen_today, figures, coordinator):
    logged(client, coordinator).get(XLSX_URL, QUERY)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.team, entry.details["as_of"]) == (coordinator, figures, "2024-06-30")


def test_a_wrong_excel_scope_goes_back_to_the_page(client, frozen_today, figures, funder):
    response = logged(client, funder).get(XLSX_URL, {"start": "2024-05-01", "end": "2024-04-01"})
    assert response.status_code == 302
    assert response.url == "/bilan/?start=2024-05-01&end=2024-04-01"


def test_the_page_needs_the_same_queries_for_many_situations(client, frozen_today, team, funder):
    client = logged(client, funder)
    received(team)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, QUERY)
    for _ in range(15):
        event(received(team), EventKind.ADHESION, dt.date(2024, 3, 5))
    with CaptureQueriesContext(connection) as many:
        client.get(URL, QUERY)
    assert len(many) == len(few)


def test_the_pages_only_answer_get(client, funder):
    client = logged(client, funder)
    assert client.post(URL).status_code == 405
    assert client.post(XLSX_URL).status_code == 405
