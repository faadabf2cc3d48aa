"""A coordinator prints the letters of the day: the list, one PDF downloaded, « envoyés » confirmed (events on the
timelines, tasks done); then edits a template with its live preview, notes a returned letter — with axe-core
and no horizontal scroll on each page, on a desktop and at 375 px."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.tests.support import due_situation
from prevex.outreach.models import Task
from prevex.situations.enums import EventKind
from prevex.situations.models import Event
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def households(team, settings):
    settings.PREVEX_PUBLIC_URL = "https://prevex.example"
    today = timezone.localdate()
    dates = {
        "received_on": today - dt.timedelta(days=2),
        "assignation_date": today - dt.timedelta(days=20),
        "hearing_date": today + dt.timedelta(days=45),
    }
    return [
        due_situation(team, reference="L-1", tenant_last_name="Arnaud", **dates),
        due_situation(team, reference="L-2", tenant_last_name="Benali", **dates),
        due_situation(team, reference="L-3", tenant_last_name="Sans-Adresse", address="", **dates),
    ]


def check(page, violations):
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)


def test_a_coordinator_prints_the_letters_of_the_day(page, live_server, coordinator, households, tmp_path):
    log_in(page, live_server, coordinator)
    violations = []
    page.goto(f"{live_server.url}/aller-vers/courriers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courriers du jour")
    expect(page.get_by_role("heading", name="2 courriers prêts")).to_be_visible()
    expect(page.get_by_text("Adresse incomplète : il manque l'adresse.")).to_be_visible()
    check(page, violations)

    with page.expect_download() as download:
        page.get_by_role("link", name="1. Télécharger le PDF").click()
    saved = tmp_path / "courriers.pdf"
    download.value.save_as(saved)
    pages = PdfReader(io.BytesIO(saved.read_bytes())).pages
    assert len(pages) == 4  # two first letters, each with its data-protection notice
    assert "ARNAUD" in pages[0].extract_text() and "BENALI" in pages[2].extract_text()

    page.get_by_role("button", name="2. Noter les 2 courriers envoyés").click()
    expect(page.get_by_text("2 courriers notés envoyés sur l'historique des situations.")).to_be_visible()
    assert Event.objects.filter(kind=EventKind.LETTER).count() == 2
    assert not Task.objects.open().filter(step="premier_courrier", situation__reference__in=["L-1", "L-2"]).exists()
    expect(page.get_by_text("Aucun courrier prêt à imprimer aujourd'hui.")).to_be_visible()
    check(page, violations)

    # The template of the reminder, its preview following the text as it is typed.
    page.goto(f"{live_server.url}/aller-vers/courriers/modeles/")
    check(page, violations)
    page.get_by_role("link", name="Courrier de relance au locataire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courrier de relance au locataire")
    page.get_by_label("Texte du courrier").fill("Bonjour {{ locataire }}, appelez le {{ equipe_telephone }}.")
    expect(page.locator("#preview")).to_contain_text("Bonjour Camille EXEMPLE, appelez le")
    page.get_by_label("Texte du courrier").fill("Bonjour {{ chien }}")
    expect(page.locator("#preview")).to_contain_text("Champ inconnu « {{ chien }} »")
    check(page, violations)

    page.goto(f"{live_server.url}/aller-vers/courriers/en-tete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("En-tête des courriers")
    check(page, violations)

    # A letter comes back: its reference typed (or scanned), one click.
    page.goto(f"{live_server.url}/aller-vers/courriers/retours/")
    page.get_by_label("Référence imprimée sur le courrier").fill("L-2")
    page.get_by_role("button", name="Noter le retour").click()
    expect(page.get_by_text("Retour noté pour L-2")).to_be_visible()
    assert Task.objects.open().filter(situation__reference="L-2", step=AdHocTask.CHECK_ADDRESS).exists()
    check(page, violations)
    assert not violations, "\n".join(violations)
