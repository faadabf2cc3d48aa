"""A coordinator classifies the tenants' replies, on a desktop and at 375 px: Aujourd'hui shows how many wait, the
inbox lists them, one is attached to its situation found by a search (the reply then shows on the situation's
page), another is discarded — with axe-core and no horizontal scroll on each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.messaging.enums import InboundStatus
from prevex.outreach.messaging.models import InboundMessage
from prevex.situations.tests.factories import SituationFactory
from tests.browser.helpers import Checks, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def waiting(team, text, provider_id):
    return InboundMessage.objects.create(
        team=team, channel="sms", sender="+33698765432", body=text, received_at=timezone.now(),
        provider="ovh", provider_id=provider_id, status=InboundStatus.INBOX,
    )  # fmt: skip


def test_a_coordinator_classifies_the_replies(page, live_server, coordinator, team):
    situation = SituationFactory(team=team, tenant_last_name="Dupont-Réponse", reference="R-1")
    waiting(team, "Bonjour, c'est Mme Dupont, je viendrai au rendez-vous de jeudi", "1")
    waiting(team, "Publicité : gagnez un voyage", "2")
    log_in(page, live_server, coordinator)
    check = Checks()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="2 réponses de locataires à classer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réponses à classer")
    check(page)

    page.get_by_role("row", name="Mme Dupont").get_by_role("link").click()
    page.get_by_label("Rechercher une situation de l'équipe").fill("dupont")
    page.get_by_role("button", name="Rechercher").click()
    check(page)
    page.get_by_role("button", name="Rattacher à R-1").click()
    expect(page.get_by_text("Réponse rattachée à la situation R-1")).to_be_visible()

    page.get_by_role("row", name="Publicité").get_by_role("link").click()
    page.get_by_label("Raison").select_option(label="Message indésirable")
    page.get_by_role("button", name="Écarter cette réponse").click()
    expect(page.get_by_text("Aucune réponse à classer.")).to_be_visible()
    check(page)

    page.goto(f"{live_server.url}{situation.get_absolute_url()}")
    expect(page.get_by_text("je viendrai au rendez-vous de jeudi")).to_be_visible()
    check(page)
    assert not check.violations
