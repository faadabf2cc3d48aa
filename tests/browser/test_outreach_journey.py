"""The outreach, end to end on one set of households: a coordinator prints the letters of the day (desktop); a
worker plans a round and records its outcomes on a phone (375 px); a tenant the worker missed opens the link of
the letter and asks to be called back; the callback is in the coordinator's Aujourd'hui — axe-core, no
horizontal scroll and no CSP violation on each page."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.tests.support import due_situation
from prevex.outreach.models import Task
from prevex.outreach.tenant.models import TeamContact
from prevex.outreach.tenant.services import personal_url
from prevex.situations.enums import Channel, EventKind, VisitOutcome
from prevex.situations.models import Event
from prevex.territories.tests.factories import CommuneFactory
from tests.browser.helpers import Checks, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLBACK = "06 98 76 54 32, le matin (9 h – 12 h)"


@pytest.fixture
def households(team, settings):
    """Three households of Massy with their first letter due. Their hearings are a week away or less, so the
    first visit is due the day the letter goes (never later than 7 days before the hearing)."""
    settings.PREVEX_PUBLIC_URL = "https://prevex.example"
    TeamContact.objects.create(team=team, phone="+33169000000", hours="Du lundi au vendredi, de 9 h à 17 h")
    today = timezone.localdate()
    common = {
        "commune": CommuneFactory(),
        "received_on": today - dt.timedelta(days=2),
        "assignation_date": today - dt.timedelta(days=20),
        "court": "Tribunal de proximité de Palaiseau",
    }
    in_a_week = today + dt.timedelta(days=7)
    return [
        due_situation(
            team,
            reference="J-1",
            tenant_last_name="Arnaud",
            address="3 rue Pasteur, 2e étage porte 12",
            hearing_date=in_a_week,
            **common,
        ),
        due_situation(
            team,
            reference="J-2",
            tenant_last_name="Benali",
            address="8 rue Pasteur",
            hearing_date=in_a_week,
            **common,
        ),
        due_situation(
            team,
            reference="J-3",
            tenant_last_name="Chevalier",
            address="1 avenue Foch",
            hearing_date=today + dt.timedelta(days=6),
            **common,
        ),
    ]


def test_letters_a_round_a_tenants_callback_and_aujourdhui(
    new_page, live_server, team, coordinator, social_worker, households, tmp_path
):
    check = Checks()
    arnaud, benali, chevalier = households
    desk = new_page("bureau")
    print_the_letters_of_the_day(desk, live_server, coordinator, check, tmp_path)
    phone = new_page("telephone")
    do_a_round(phone, live_server, social_worker, check)
    tenant = new_page("telephone")
    ask_for_a_callback(tenant, personal_url(arnaud).replace("https://prevex.example", live_server.url), check)
    return_the_call(desk, live_server, check)

    visits = {event.situation_id: event for event in Event.objects.filter(kind=EventKind.VISIT)}
    assert set(visits) == {arnaud.pk, benali.pk}
    assert (visits[arnaud.pk].visit_outcome, visits[arnaud.pk].note) == (
        VisitOutcome.ABSENT,
        "Avis glissé sous la porte",
    )
    assert visits[benali.pk].visit_outcome == VisitOutcome.MET
    assert Event.objects.get(situation=arnaud, kind=EventKind.TENANT_CONTACT).channel == Channel.LINK
    assert Task.objects.filter(situation=chevalier, step="visite_1").open().exists()  # unticked: still to visit
    assert not Task.objects.filter(situation=arnaud).open().exclude(step="courrier_bailleur").exists()
    callback = Task.objects.get(situation=arnaud, step=AdHocTask.CALL_BACK)
    assert not callback.is_open and callback.done_by == coordinator
    assert not check.violations, "\n".join(check.violations)


def print_the_letters_of_the_day(page, live_server, coordinator, check, tmp_path):
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/aller-vers/courriers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courriers du jour")
    expect(page.get_by_role("heading", name="3 courriers prêts")).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="1. Télécharger le PDF").click()
    saved = tmp_path / "courriers.pdf"
    download.value.save_as(saved)
    pages = PdfReader(io.BytesIO(saved.read_bytes())).pages
    assert len(pages) == 6  # three first letters, each with its data-protection notice
    text = " ".join(pdf_page.extract_text() for pdf_page in pages)
    assert all(name in text for name in ("ARNAUD", "BENALI", "CHEVALIER"))
    page.get_by_role("button", name="2. Noter les 3 courriers envoyés").click()
    expect(page.get_by_text("3 courriers notés envoyés sur l'historique des situations.")).to_be_visible()
    expect(page.get_by_text("Aucun courrier prêt à imprimer aujourd'hui.")).to_be_visible()
    check(page)


def do_a_round(page, live_server, social_worker, check):
    """The visits became due with the letters: proposed, one household unticked, one card at a time."""
    log_in(page, live_server, social_worker)
    page.goto(f"{live_server.url}/aller-vers/tournees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tournées de visites")
    check(page)
    page.get_by_role("link", name="Préparer une tournée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Préparer une tournée")
    page.get_by_label("Massy").check()
    expect(page.get_by_label("Sonia Sociale (Tout Azimut)")).to_be_checked()
    check(page)
    page.get_by_role("button", name="Proposer les visites").click()
    expect(page.get_by_text("3 ménages proposés")).to_be_visible()
    labels = page.locator(".proposal-row label").all_inner_texts()
    # The street of the nearest hearing first; in a street, the odd numbers up, then the even ones.
    assert [label.split("\n")[1].split(" ")[0] for label in labels] == ["CHEVALIER", "ARNAUD", "BENALI"]
    check(page)
    page.get_by_label("CHEVALIER", exact=False).uncheck()
    page.get_by_role("button", name="Enregistrer la tournée").click()

    expect(page.get_by_text("Tournée enregistrée.")).to_be_visible()
    card = page.locator(".round-card")
    expect(card.get_by_role("heading", level=2)).to_contain_text("ARNAUD")
    expect(card).to_contain_text("2e étage porte 12")
    check(page)
    absent = card.get_by_role("button", name="Absent — avis de passage déposé")
    box = absent.bounding_box()
    assert box["height"] >= 56 and box["width"] >= 300  # large, one thumb
    card.get_by_text("Ajouter une note (facultatif)").click()
    card.get_by_label("Note (facultative)").fill("Avis glissé sous la porte")
    absent.click()
    expect(page.get_by_text("Visite notée : Absent.")).to_be_visible()
    expect(card.get_by_role("heading", level=2)).to_contain_text("BENALI")
    expect(card.get_by_role("heading", level=2)).to_be_focused()
    check(page)
    card.get_by_role("button", name="Rencontré").click()
    expect(page.get_by_text("Toutes les visites de la tournée sont notées.")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Feuille à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tournée du")
    check(page)
    page.emulate_media(media="print")  # on paper: the stops only, without the site's header and buttons
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".sheet-stop")).to_have_count(2)
    page.emulate_media(media="screen")


def ask_for_a_callback(page, url, check):
    """The household missed at the door reads the letter's link on a phone; nothing of it is on the page."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Une audience au tribunal est prévue pour des loyers impayés"
    )
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_text("Tribunal de proximité de Palaiseau")).to_be_visible()
    expect(page.get_by_role("link", name="01 69 00 00 00")).to_be_visible()
    expect(page.get_by_text("Arnaud", exact=False)).to_have_count(0)
    check(page)
    page.get_by_label("Votre numéro de téléphone").fill("06 98 76 54 32")
    page.get_by_label("le matin (9 h – 12 h)").check()
    page.get_by_role("button", name="Être rappelé").click()
    expect(page.get_by_role("status")).to_contain_text("Votre demande est bien envoyée.")
    check(page)
    page.goto(url.rsplit("/", 2)[0] + f"/{'A' * 43}/")  # a forged link: the generic page
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n'est pas reconnu")
    check(page)


def return_the_call(page, live_server, check):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd'hui")
    expect(page.get_by_text(CALLBACK).first).to_be_visible()
    check(page)
    page.get_by_role("button", name="Fait").first.click()
    expect(page.get_by_text("Tâche faite : Rappeler le locataire")).to_be_visible()
    check(page)
