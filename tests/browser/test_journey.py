"""A social worker's day in a real browser, on a desktop and on a 375 px phone, with axe-core checks."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.enums import Channel, EventKind, Recipient, VisitOutcome
from prevex.situations.models import Event, SituationReferent
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.territories.tests.factories import CommuneFactory
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def situation(team, tout_azimut, social_worker, coordinator):
    """Hearing in 10 days, a first letter sent, nobody reached: urgent on the social worker's Today page."""
    today = timezone.localdate()
    massy, evry = CommuneFactory(), CommuneFactory(evry=True)
    sector = SectorFactory(team=team, name="Nord-Ouest")
    sector.communes.add(massy, evry)
    urgent = SituationFactory(
        team=team,
        commune=massy,
        sector=sector,
        reference="EM91-00042",
        tenant_last_name="Lefèvre",
        tenant_first_name="Anaïs",
        received_on=today - dt.timedelta(days=20),
        assignation_date=today - dt.timedelta(days=30),
        hearing_date=today + dt.timedelta(days=10),
    )
    others = [
        SituationFactory(
            team=team,
            commune=evry,
            sector=sector,
            tenant_last_name=name,
            tenant_first_name=first,
            received_on=today - dt.timedelta(days=5),
            hearing_date=today + dt.timedelta(days=days),
        )
        for name, first, days in [("Nguyễn", "Hélène", 30), ("Da Silva", "Jérôme", 40)]
    ]
    for followed in [urgent, *others]:
        SituationReferent.objects.create(situation=followed, organisation=tout_azimut, user=social_worker)
    EventFactory(
        situation=urgent,
        kind=EventKind.LETTER,
        recipient=Recipient.TENANT,
        channel=Channel.POST,
        occurred_on=today - dt.timedelta(days=15),
        author=coordinator,
    )
    return urgent


def test_a_social_worker_records_a_visit_and_sees_the_stage_change_without_reload(
    page, live_server, social_worker, situation
):
    log_in(page, live_server, social_worker)
    assert_no_horizontal_scroll(page)
    row = page.locator("tr.urgent", has_text="LEFÈVRE Anaïs")
    expect(row).to_contain_text("aucun contact")

    row.get_by_role("link", name="LEFÈVRE Anaïs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LEFÈVRE Anaïs")
    stage = page.locator("#situation-stage")
    expect(stage).to_contain_text("Premier courrier envoyé")
    assert_no_horizontal_scroll(page)
    page.evaluate("window.journeyMarker = 'même page'")
    url = page.url

    visit = page.locator("details.record", has=page.locator("summary", has_text="Visite à domicile"))
    visit.locator("summary").click()
    visit.get_by_label("Résultat de la visite").select_option(label="Absent")
    visit.get_by_role("button", name="Enregistrer").click()

    expect(stage).to_contain_text("1re visite faite")
    assert page.url == url
    assert page.evaluate("window.journeyMarker") == "même page"  # no page load happened
    expect(page.locator(".timeline")).to_contain_text("Absent")
    assert_no_horizontal_scroll(page)
    event = Event.objects.get(situation=situation, kind=EventKind.VISIT)
    assert (event.visit_outcome, event.author) == (VisitOutcome.ABSENT, social_worker)


def test_pages_have_no_serious_accessibility_violation(page, live_server, social_worker, situation):
    page.goto(f"{live_server.url}/compte/connexion/")
    violations = serious_violations(page)
    log_in(page, live_server, social_worker)
    violations += serious_violations(page)
    page.get_by_role("link", name="Situations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Situations")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    page.get_by_role("link", name="LEFÈVRE Anaïs").click()
    expect(page.locator("#situation-stage")).to_be_visible()
    page.locator("details.record summary", has_text="Visite à domicile").click()
    violations += serious_violations(page)
    assert not violations, "\n".join(violations)


def test_a_search_and_its_pages_stay_out_of_the_address(page, live_server, social_worker, situation):
    """The name typed is posted by htmx, and the page buttons post it again: no address ever carries it."""
    SituationFactory.create_batch(55, team=situation.team, commune=situation.commune, tenant_last_name="Martin")
    log_in(page, live_server, social_worker)
    page.get_by_role("link", name="Situations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Situations")
    list_url = page.url
    page.evaluate("window.journeyMarker = 'même page'")
    page.get_by_label("Rechercher").press_sequentially("martin")
    results = page.locator("#results")
    expect(results).to_contain_text("55 situations")
    expect(results).to_contain_text("Page 1 sur 2")
    results.get_by_role("button", name="Page suivante").click()
    expect(results).to_contain_text("Page 2 sur 2")
    expect(results.locator("tbody tr")).to_have_count(5)
    expect(results).not_to_contain_text("LEFÈVRE")
    assert page.url == list_url and "martin" not in page.url.lower()
    assert page.evaluate("window.journeyMarker") == "même page"  # swapped by htmx, no page load
    results.get_by_role("button", name="Page précédente").click()
    expect(results).to_contain_text("Page 1 sur 2")
    expect(results.locator("tbody tr")).to_have_count(50)
    assert_no_horizontal_scroll(page)
