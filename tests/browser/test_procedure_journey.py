"""The juriste records the procedure on a situation's page (a few acts, a hearing postponed, a decision), at
375 px and on a desktop, and reads the deadlines; axe-core checks the page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.situations.tests.factories import SituationFactory
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, record_procedure, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_juriste_records_the_procedure_and_sees_the_deadlines(page, live_server, team, juriste):
    today = timezone.localdate()
    heard_on = today - dt.timedelta(days=30)
    situation = SituationFactory(
        team=team,
        reference="EM91-PROC",
        received_on=today - dt.timedelta(days=60),
        assignation_date=today - dt.timedelta(days=70),
        hearing_date=heard_on,
    )
    log_in(page, live_server, juriste)
    page.goto(f"{live_server.url}{situation.get_absolute_url()}")

    cdp_on = today - dt.timedelta(days=120)
    record_procedure(page, "procedure_act", {"occurred_on": cdp_on.isoformat()}, {"act": "cdp_served"})
    expect(page.locator("#procedure-deadlines")).to_contain_text("Fin du délai du commandement de payer")

    postponed_to = today - dt.timedelta(days=7)  # postponed, then held: the judgment follows
    record_procedure(
        page,
        "hearing",
        {"postponed_to": postponed_to.isoformat()},
        {"hearing_presence": "with_juriste", "hearing_outcome": "postponed"},
        checks=["social_worker_present"],
    )
    expect(page.locator("#situation-live")).to_contain_text(f"{postponed_to:%d/%m/%Y}")
    situation.refresh_from_db()
    assert situation.hearing_date == postponed_to
    assert situation.earlier_hearing_dates == [heard_on.isoformat()]
    deadlines = page.locator("#procedure-deadlines")
    notice_latest = heard_on - dt.timedelta(days=42)  # counted from the first hearing
    expect(deadlines).to_contain_text(f"{notice_latest:%d/%m/%Y} – Date limite de notification de l'assignation")
    expect(deadlines).to_contain_text("Envoi du diagnostic social et financier")  # from the postponed one

    record_procedure(
        page,
        "procedure_act",
        {"occurred_on": today.isoformat(), "decision_months": "24", "decision_instalment": "120"},
        {"act": "judgment", "decision": "delays_granted"},
    )
    expect(page.locator("#h-timeline ~ *").first).to_contain_text("Délais de paiement accordés")
    expect(page.locator("#procedure-deadlines .alert")).to_have_count(0)  # the engine reads the acts together
    assert Task.objects.filter(situation=situation, step=AdHocTask.FSL_FILE).exists()
    assert_no_horizontal_scroll(page)
    assert not serious_violations(page)
