"""The providers' delivery reports: refused without the secret, applied once (the same report twice changes
nothing), a failure flags the situation, an opt-out blocks further SMS."""

import base64
import json

import pytest
from django.urls import reverse

from prevex.outreach.enums import AdHocTask
from prevex.outreach.messaging import services
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import DeliveryReport, Message
from prevex.outreach.models import Task

pytestmark = pytest.mark.django_db


def basic(secret: str) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


@pytest.fixture
def sent(frozen_today, household, coordinator):
    message = services.queue_message(
        team=household.team, situation=household, channel=MessageChannel.SMS,
        recipient=household.phone, body="Bonjour", user=coordinator,
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.SENT, provider="brevo", provider_message_id="1511882900176220"
    )
    return message


GOOD = basic("prevex:webhook-secret")


def brevo_report(client, status, auth=GOOD, **more):
    payload = {"messageId": 1511882900176220, "msg_status": status, "to": "33612345678", **more}
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(
        reverse("messaging:webhook_brevo_sms"), json.dumps(payload), content_type="application/json", **headers
    )


@pytest.mark.parametrize("auth", [None, basic("prevex:wrong"), "Bearer webhook-secret", "Basic !!!"])
def test_unauthenticated_reports_are_refused(client, sent, auth):
    response = brevo_report(client, "delivered", auth=auth)
    assert response.status_code == 401
    assert Message.objects.get(pk=sent.pk).state == MessageState.SENT


def test_no_secret_configured_refuses_everything(client, settings, sent):
    settings.PREVEX_SMS_WEBHOOK_SECRET = ""
    assert brevo_report(client, "delivered", auth=basic(":")).status_code == 401


def test_delivered_once(client, sent):
    assert brevo_report(client, "delivered").status_code == 200
    message = Message.objects.get(pk=sent.pk)
    assert message.state == MessageState.DELIVERED
    delivered_at = message.delivered_at
    assert brevo_report(client, "delivered").status_code == 200  # the same report again
    message.refresh_from_db()
    assert (message.delivered_at, DeliveryReport.objects.count()) == (delivered_at, 1)


def test_hard_bounce_flags_the_situation_once(client, sent, household):
    brevo_report(client, "hardBounce")
    brevo_report(client, "hardBounce")
    assert Message.objects.get(pk=sent.pk).state == MessageState.FAILED
    assert Task.objects.filter(situation=household, step=AdHocTask.CHECK_NUMBER).count() == 1
    assert household.events.filter(note__contains="numéro à vérifier").count() == 1


def test_blacklisted_number_is_opted_out(client, sent, household, coordinator):
    brevo_report(client, "blacklisted")
    with pytest.raises(Exception, match="STOP"):
        services.queue_message(
            team=household.team, situation=household, channel=MessageChannel.SMS,
            recipient=household.phone, body="Bonjour", user=coordinator,
        )  # fmt: skip


def test_a_stop_reply_opts_out(client, sent, household):
    brevo_report(client, "reply", reply="Stop")
    assert services.rules.is_opted_out(household.team_id, "+33612345678")


def test_a_report_of_an_unknown_message_changes_nothing(client, sent):
    payload = {"messageId": 42, "msg_status": "delivered"}
    response = client.post(
        reverse("messaging:webhook_brevo_sms"),
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=basic("prevex:webhook-secret"),
    )
    assert response.status_code == 200
    assert Message.objects.get(pk=sent.pk).state == MessageState.SENT


def test_ovh_delivery_report(client, sent):
    Message.objects.filter(pk=sent.pk).update(provider="ovh", provider_message_id="123456")
    url = reverse("messaging:webhook_ovh_sms")
    assert client.get(url, {"id": "123456", "dlr": "1"}).status_code == 401
    auth = basic("prevex:webhook-secret")
    assert client.get(url, {"id": "123456", "dlr": "1"}, HTTP_AUTHORIZATION=auth).status_code == 200
    assert client.get(url, {"id": "123456", "dlr": "1"}, HTTP_AUTHORIZATION=auth).status_code == 200
    assert Message.objects.get(pk=sent.pk).state == MessageState.DELIVERED
    assert DeliveryReport.objects.count() == 1


# --- e-mail: Anymail's Brevo tracking webhook -----------------------------------------------------------------


@pytest.fixture
def email_sent(frozen_today, settings, household, coordinator):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail:tracking-secret"}
    message = services.queue_message(
        team=household.team, situation=household, channel=MessageChannel.EMAIL,
        recipient=household.email, subject="Audience", body="Bonjour", user=coordinator,
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.SENT, provider="brevo", provider_message_id="<201798300811.5787683@relay.example>"
    )
    return message


def brevo_email_event(client, event, auth):
    payload = {
        "event": event,
        "email": "helene.dupont@example.org",
        "message-id": "<201798300811.5787683@relay.example>",
        "ts_event": 1714644000,
        "date": "2024-05-02 12:00:00",
    }
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(
        reverse("messaging:webhook_email"), json.dumps(payload), content_type="application/json", **headers
    )


def test_email_tracking_refuses_unauthenticated_calls(client, email_sent):
    assert brevo_email_event(client, "delivered", None).status_code in (400, 401, 403)
    assert brevo_email_event(client, "delivered", basic("anymail:wrong")).status_code in (400, 401, 403)
    assert Message.objects.get(pk=email_sent.pk).state == MessageState.SENT


def test_email_tracking_without_a_secret_is_refused(client, settings, email_sent):
    settings.ANYMAIL = {}
    assert brevo_email_event(client, "delivered", basic("anymail:tracking-secret")).status_code == 401


def test_email_delivered_then_bounced(client, email_sent, household):
    auth = basic("anymail:tracking-secret")
    assert brevo_email_event(client, "delivered", auth).status_code == 200
    assert Message.objects.get(pk=email_sent.pk).state == MessageState.DELIVERED
    brevo_email_event(client, "hard_bounce", auth)
    brevo_email_event(client, "hard_bounce", auth)
    assert Message.objects.get(pk=email_sent.pk).state == MessageState.FAILED
    assert Task.objects.filter(situation=household, step=AdHocTask.CHECK_EMAIL).count() == 1
