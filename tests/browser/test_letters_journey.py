"""A coordinator's letters, on a desktop and at 375 px: a letter that cannot print says why, a template edited
with its live preview, the letterhead, a returned letter noted — with axe-core and no horizontal scroll on each
page. Printing the letters of the day and confirming them is a step of test_outreach_journey.py."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.tests.support import due_situation
from prevex.outreach.models import Task
from tests.browser.helpers import Checks, log_in

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


def test_a_coordinator_handles_the_letters(page, live_server, coordinator, households):
    log_in(page, live_server, coordinator)
    check = Checks()
    page.goto(f"{live_server.url}/aller-vers/courriers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courriers du jour")
    expect(page.get_by_role("heading", name="2 courriers prêts")).to_be_visible()
    expect(page.get_by_text("Adresse incomplète : il manque l'adresse.")).to_be_visible()
    check(page)

    # The template of the reminder, its preview following the text as it is typed.
    page.goto(f"{live_server.url}/aller-vers/courriers/modeles/")
    check(page)
    page.get_by_role("link", name="Courrier de relance au locataire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courrier de relance au locataire")
    page.get_by_label("Texte du courrier").fill("Bonjour {{ locataire }}, appelez le {{ equipe_telephone }}.")
    expect(page.locator("#preview")).to_contain_text("Bonjour Camille EXEMPLE, appelez le")
    page.get_by_label("Texte du courrier").fill("Bonjour {{ chien }}")
    expect(page.locator("#preview")).to_contain_text("Champ inconnu « {{ chien }} »")
    check(page)

    page.goto(f"{live_server.url}/aller-vers/courriers/en-tete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("En-tête des courriers")
    check(page)

    # A letter comes back: its reference typed (or scanned), one click.
    page.goto(f"{live_server.url}/aller-vers/courriers/retours/")
    page.get_by_label("Référence imprimée sur le courrier").fill("L-2")
    page.get_by_role("button", name="Noter le retour").click()
    expect(page.get_by_text("Retour noté pour L-2")).to_be_visible()
    assert Task.objects.open().filter(situation__reference="L-2", step=AdHocTask.CHECK_ADDRESS).exists()
    check(page)
    assert not check.violations, "\n".join(check.violations)
