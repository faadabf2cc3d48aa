"""The letters of the day with their SMS and e-mails, on a desktop and at 375 px: the coordinator confirms the
letters with the messages; the worker (`manage.py db_worker`, run in-process between the steps) sends them
through the shipped Brevo adapters to fake providers (real HTTP servers on 127.0.0.1); the fake Brevo reports
one SMS delivered and one failed to the real webhook (basic auth); the failed one is on Aujourd'hui (« Numéro à
vérifier ») and each situation's page shows its SMS delivered or failed — axe-core and no horizontal scroll on
each page."""

import datetime as dt

import pytest
import requests
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from prevex.outreach.letters.tests.support import due_situation
from prevex.outreach.messaging import delivery, rules
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import Message
from prevex.outreach.messaging.tests.fake_provider import BREVO_SENT, Answer, FakeProvider
from tests.browser.helpers import Checks, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEBHOOK_AUTH = ("prevex", "webhook-secret")


@pytest.fixture
def providers(settings):
    """A fake Brevo for the SMS and one for the e-mails (Anymail's Brevo backend), the worker's database queue,
    every hour and day allowed (the journey may run at night)."""
    with FakeProvider(Answer(201, BREVO_SENT)) as sms, FakeProvider(Answer(201, {"messageId": "<$n@relay>"})) as mail:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        settings.PREVEX_SMS_BACKEND = "prevex.outreach.sms.brevo.BrevoBackend"
        settings.PREVEX_SMS_BREVO_API_URL = sms.url + "/v3"
        settings.PREVEX_SMS_BREVO_API_KEY = "brevo-key"
        settings.PREVEX_SMS_WEBHOOK_SECRET = ":".join(WEBHOOK_AUTH)
        settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
        settings.ANYMAIL = {"BREVO_API_KEY": "brevo-key", "BREVO_API_URL": mail.url + "/v3/"}
        settings.PREVEX_MESSAGES_HOURS = "00:00-23:59"
        settings.PREVEX_MESSAGES_DAYS = (0, 1, 2, 3, 4, 5, 6)
        rules._window.cache_clear()
        delivery._backends.clear()
        yield sms, mail
        rules._window.cache_clear()
        delivery._backends.clear()


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
        due_situation(
            team, reference="M-1", tenant_last_name="Arnaud", phone="06 12 34 56 78", email="a@example.org", **dates
        ),
        due_situation(
            team, reference="M-2", tenant_last_name="Benali", phone="06 98 76 54 32", email="b@example.org", **dates
        ),
    ]


def run_the_worker():
    """What `manage.py db_worker` does in production, until the queue is empty."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def report(live_server, message: Message, status: str) -> requests.Response:
    """The fake Brevo posts its delivery report to the webhook declared in its console."""
    url = live_server.url + reverse("messaging:webhook_brevo_sms")
    payload = {"messageId": int(message.provider_message_id), "msg_status": status, "type": "sms", "tag": "x"}
    return requests.post(url, json=payload, auth=WEBHOOK_AUTH, timeout=10)


def test_the_letters_of_the_day_go_by_sms_and_email_and_a_failed_sms_shows_on_aujourdhui(
    page, live_server, coordinator, households, providers
):
    sms, mail = providers
    arnaud, benali = households
    check = Checks()
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/aller-vers/courriers/")
    expect(page.get_by_role("heading", name="2 courriers prêts")).to_be_visible()
    expect(
        page.get_by_label("Envoyer aussi le SMS et l'e-mail aux locataires qui ont un mobile ou un e-mail")
    ).to_be_checked()
    check(page)
    page.get_by_role("button", name="2. Noter les 2 courriers envoyés").click()
    expect(page.get_by_text("2 SMS et 2 e-mail(s) mis en file d'envoi")).to_be_visible()
    check(page)

    run_the_worker()
    assert (sms.count, mail.count) == (2, 2)
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}
    delivered = Message.objects.get(situation=arnaud, channel=MessageChannel.SMS)
    failed = Message.objects.get(situation=benali, channel=MessageChannel.SMS)
    url = live_server.url + reverse("messaging:webhook_brevo_sms")
    assert requests.post(url, json={"messageId": 1, "msg_status": "delivered"}, timeout=10).status_code == 401
    assert report(live_server, delivered, "delivered").status_code == 200
    assert report(live_server, failed, "hardBounce").status_code == 200
    assert report(live_server, failed, "hardBounce").status_code == 200  # the same report twice: nothing more

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd'hui")
    expect(page.get_by_text("Numéro à vérifier")).to_have_count(1)
    check(page)

    page.goto(live_server.url + benali.get_absolute_url())
    expect(page.locator(".messages-timeline")).to_contain_text("Échec")
    expect(page.get_by_text("SMS non distribué : numéro à vérifier.")).to_be_visible()
    check(page)
    page.goto(live_server.url + arnaud.get_absolute_url())
    expect(page.locator(".messages-timeline")).to_contain_text("Distribué")
    check(page)
    assert not check.violations, "\n".join(check.violations)
