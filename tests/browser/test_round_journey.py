"""A worker plans a visit round and does it on a phone (375 px): the proposal, one household unticked, the round
saved, then one card at a time and an outcome in one tap — with axe-core on each page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.models import Task
from prevex.outreach.rounds.models import Round
from prevex.outreach.rounds.tests.factories import due_for_visit
from prevex.situations.enums import EventKind, VisitOutcome
from prevex.situations.models import Event
from prevex.territories.tests.factories import CommuneFactory
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def households(team, social_worker):
    """Three households of Massy whose first visit is overdue (their first letter went 20 days ago)."""
    today = timezone.localdate()
    massy = CommuneFactory()
    common = {
        "commune": massy,
        "received_on": today - dt.timedelta(days=30),
        "assignation_date": today - dt.timedelta(days=40),
        "letter_on": today - dt.timedelta(days=20),
    }
    return [
        due_for_visit(
            team,
            social_worker,
            reference="T-1",
            tenant_last_name="Arnaud",
            address="3 rue Pasteur, 2e étage porte 12",
            hearing_date=today + dt.timedelta(days=30),
            **common,
        ),
        due_for_visit(
            team,
            social_worker,
            reference="T-2",
            tenant_last_name="Benali",
            address="8 rue Pasteur",
            hearing_date=today + dt.timedelta(days=60),
            **common,
        ),
        due_for_visit(
            team,
            social_worker,
            reference="T-3",
            tenant_last_name="Chevalier",
            address="1 avenue Foch",
            hearing_date=today + dt.timedelta(days=90),
            **common,
        ),
    ]


@pytest.mark.parametrize("page", ["telephone"], indirect=True)
def test_a_worker_plans_a_round_and_records_outcomes_on_a_phone(page, live_server, social_worker, households):
    log_in(page, live_server, social_worker)
    violations = []
    page.goto(f"{live_server.url}/aller-vers/tournees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tournées de visites")
    violations += serious_violations(page)
    page.get_by_role("link", name="Préparer une tournée").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Préparer une tournée")
    violations += serious_violations(page)
    page.get_by_label("Massy").check()
    expect(page.get_by_label("Sonia Sociale (Tout Azimut)")).to_be_checked()
    page.get_by_role("button", name="Proposer les visites").click()
    expect(page.get_by_text("3 ménages proposés")).to_be_visible()
    labels = page.locator(".proposal-row label").all_inner_texts()
    assert [label.split("\n")[1].split(" ")[0] for label in labels] == ["ARNAUD", "BENALI", "CHEVALIER"]
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    page.get_by_label("CHEVALIER", exact=False).uncheck()
    page.get_by_role("button", name="Enregistrer la tournée").click()

    expect(page.get_by_text("Tournée enregistrée.")).to_be_visible()
    card = page.locator(".round-card")
    expect(card.get_by_role("heading", level=2)).to_have_text("ARNAUD Hélène")
    expect(card).to_contain_text("2e étage porte 12")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    box = card.get_by_role("button", name="Absent — avis de passage déposé").bounding_box()
    assert box["height"] >= 56 and box["width"] >= 300  # large, one thumb
    card.get_by_text("Ajouter une note (facultatif)").click()
    card.get_by_label("Note (facultative)").fill("Avis de passage glissé sous la porte")
    card.get_by_role("button", name="Absent — avis de passage déposé").click()

    expect(page.get_by_text("Visite notée : Absent.")).to_be_visible()
    expect(card.get_by_role("heading", level=2)).to_have_text("BENALI Hélène")
    expect(card.get_by_role("heading", level=2)).to_be_focused()
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    card.get_by_role("button", name="Rencontré").click()

    expect(page.get_by_text("Toutes les visites de la tournée sont notées.")).to_be_visible()
    expect(page.get_by_role("link", name="Corriger ARNAUD Hélène")).to_be_visible()
    violations += serious_violations(page)
    visit_round = Round.objects.get()
    page.get_by_role("link", name="Feuille à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tournée du")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    page.emulate_media(media="print")  # on paper: the stops only, without the site's header and buttons
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
    expect(page.locator(".sheet-stop")).to_have_count(2)

    first, second, unticked = households
    visits = {event.situation_id: event for event in Event.objects.filter(kind=EventKind.VISIT)}
    assert set(visits) == {first.pk, second.pk} and visit_round.stops.count() == 2
    assert (visits[first.pk].visit_outcome, visits[first.pk].note) == (
        VisitOutcome.ABSENT,
        "Avis de passage glissé sous la porte",
    )
    assert visits[second.pk].visit_outcome == VisitOutcome.MET
    assert Task.objects.filter(situation=first, step="visite_2").open().exists()
    assert not Task.objects.filter(situation=second).open().exclude(step="courrier_bailleur").exists()
    assert Task.objects.filter(situation=unticked, step="visite_1").open().exists()
    assert not violations, "\n".join(violations)
