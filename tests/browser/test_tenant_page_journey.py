"""A tenant opens the personal link of a letter on a phone (375 px) and asks to be called back; the task is
there for the team, in Aujourd'hui. axe-core checks each page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.outreach.tenant.models import TeamContact
from prevex.outreach.tenant.services import personal_url
from prevex.situations.enums import Channel, EventKind
from prevex.situations.models import Event
from prevex.situations.tests.factories import SituationFactory
from tests.browser.conftest import VIEWPORTS, csp_violations
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(browser, browser_context_args):
    """A French page 375 px wide (the tenant reads the letter's link on a phone); fails on a CSP violation."""
    context = browser.new_context(**browser_context_args, viewport=VIEWPORTS["telephone"], locale="fr-FR")
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    assert not violations, violations


def test_a_tenant_asks_for_a_callback_from_the_personal_link(phone_page, browser, live_server, team, coordinator):
    page = phone_page
    TeamContact.objects.create(team=team, phone="+33169000000", hours="Du lundi au vendredi, de 9 h à 17 h")
    situation = SituationFactory(
        team=team,
        reference="EM91-JOURNEY",
        received_on=timezone.localdate() - dt.timedelta(days=5),
        assignation_date=timezone.localdate() - dt.timedelta(days=20),
        hearing_date=timezone.localdate() + dt.timedelta(days=25),
        court="Tribunal de proximité de Palaiseau",
        tenant_last_name="Parcours",
    )
    url = personal_url(situation).replace("http://localhost:8000", live_server.url)

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Une audience au tribunal est prévue pour des loyers impayés"
    )
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_text("Tribunal de proximité de Palaiseau")).to_be_visible()
    expect(page.get_by_role("link", name="01 69 00 00 00")).to_be_visible()
    expect(page.get_by_text("Parcours")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    violations = serious_violations(page)

    page.get_by_label("Votre numéro de téléphone").fill("06 98 76 54 32")
    page.get_by_label("le matin (9 h – 12 h)").check()
    page.get_by_role("button", name="Être rappelé").click()

    expect(page.get_by_role("status")).to_contain_text("Votre demande est bien envoyée.")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    task = Task.objects.get(situation=situation, step=AdHocTask.CALL_BACK)
    assert task.is_open and "06 98 76 54 32" in task.label
    assert Event.objects.get(situation=situation, kind=EventKind.TENANT_CONTACT).channel == Channel.LINK

    # A forged link: the generic page, checked the same way.
    page.goto(f"{live_server.url}/aller-vers/locataire/{'A' * 43}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n'est pas reconnu")
    violations += serious_violations(page)
    assert not violations, violations

    # The team sees the callback in Aujourd'hui.
    log_in(page, live_server, coordinator)
    expect(page.get_by_text("06 98 76 54 32, le matin (9 h – 12 h)").first).to_be_visible()
    assert not serious_violations(page)
    page.get_by_role("button", name="Fait").first.click()
    expect(page.get_by_text("Tâche faite : Rappeler le locataire")).to_be_visible()
    task.refresh_from_db()
    assert not task.is_open and task.done_by == coordinator
