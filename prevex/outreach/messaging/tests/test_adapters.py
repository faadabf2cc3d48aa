"""Each shipped adapter against its fake provider (a real HTTP server on 127.0.0.1): success, a temporary failure
then the retry, a permanent failure, a timeout — through the worker's task body (`services.send_one`)."""

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.core import mail

from prevex.outreach.enums import AdHocTask
from prevex.outreach.messaging import services
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import Message
from prevex.outreach.messaging.tests.fake_provider import Answer
from prevex.outreach.models import Task
from prevex.situations.enums import Channel, EventKind

pytestmark = pytest.mark.django_db


def queue_sms(household, user, body="Bonjour, appelez-nous au 01 60 00 00 00."):
    return services.queue_message(
        team=household.team,
        situation=household,
        channel=MessageChannel.SMS,
        recipient="06 12 34 56 78",
        body=body,
        user=user,
        step="premier_courrier",
    )


def test_brevo_success_records_the_sms_on_the_timeline(frozen_today, brevo, household, coordinator):
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.SENT
    request = brevo.received[0]
    assert request.path == "/v3/transactionalSMS/send"
    assert request.headers["api-key"] == "brevo-key"
    payload = request.json()
    assert payload["recipient"] == "33612345678"
    assert payload["sender"] == "PREVEX"
    assert payload["unicodeEnabled"] is False
    assert payload["webUrl"] == "https://prevex.example/aller-vers/messages/webhooks/sms/brevo/"
    message.refresh_from_db()
    assert (message.provider, message.provider_message_id, message.attempts) == ("brevo", "1", 1)
    event = household.events.get(kind=EventKind.LETTER)
    assert (event.channel, event.occurred_on, event.author) == (Channel.SMS, frozen_today, coordinator)


def test_brevo_former_route_still_works(frozen_today, settings, brevo, household, coordinator):
    from prevex.outreach.messaging.tests.fake_provider import BREVO_SENT_DEPRECATED_ROUTE

    settings.PREVEX_SMS_BREVO_SEND_PATH = "/transactionalSMS/sms"
    brevo.default = Answer(201, BREVO_SENT_DEPRECATED_ROUTE)
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.SENT
    assert brevo.received[0].path == "/v3/transactionalSMS/sms"
    assert Message.objects.get(pk=message.pk).provider_message_id == "1"


def test_brevo_temporary_failure_is_retried_with_backoff(frozen_today, brevo, household, coordinator):
    brevo.script = [Answer(503, {"code": "unavailable"})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.next_attempt_at > dt.datetime(2024, 5, 2, 10, 0, 59, tzinfo=dt.UTC)  # 60 s backoff
    assert services.send_one(message.pk) == MessageState.QUEUED  # too early: not sent
    assert len(brevo.received) == 1
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        assert services.send_one(message.pk) == MessageState.SENT
    message.refresh_from_db()
    assert message.attempts == 2
    assert len(brevo.received) == 2
    assert brevo.received[0].json()["tag"] == brevo.received[1].json()["tag"] == message.idempotency_key


def test_brevo_gives_up_after_the_last_retry(frozen_today, settings, brevo, household, coordinator):
    settings.PREVEX_MESSAGES_RETRY_DELAYS = [1]
    brevo.script = [Answer(500), Answer(500)]
    message = queue_sms(household, coordinator)
    services.send_one(message.pk)
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        assert services.send_one(message.pk) == MessageState.FAILED
    assert Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_NUMBER).exists()


def test_brevo_permanent_failure_flags_the_situation(frozen_today, brevo, household, coordinator):
    brevo.script = [Answer(400, {"code": "invalid_parameter", "message": "Bonjour, appelez-nous"})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.FAILED
    message.refresh_from_db()
    assert message.error == "HTTP 400: invalid_parameter"  # the provider's code, never its text
    assert "appelez" not in message.error
    task = Task.objects.open().get(situation=household, step=AdHocTask.CHECK_NUMBER)
    assert task.label == "Numéro à vérifier"
    assert household.events.filter(kind=EventKind.NOTE, note__contains="numéro à vérifier").exists()
    assert not household.events.filter(kind=EventKind.LETTER).exists()


def test_brevo_timeout_goes_to_check_never_sent_twice(frozen_today, settings, brevo, household, coordinator):
    """No answer after the request left: Brevo may have sent it and refuses no duplicate, so « à vérifier »."""
    settings.PREVEX_SMS_TIMEOUT = 0.3
    brevo.script = [Answer(200, {"messageId": 9}, delay=1.0)]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.UNKNOWN
    message.refresh_from_db()
    assert (message.error, message.attempts) == ("Sans réponse du fournisseur : à vérifier.", 1)
    assert services.send_one(message.pk) == MessageState.UNKNOWN and len(brevo.received) == 1


def test_a_provider_that_cannot_be_reached_is_retried(frozen_today, settings, household, coordinator):
    """Connection refused: the request never left, so trying again later is safe."""
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.PREVEX_SMS_BREVO_API_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/v3"
    settings.PREVEX_SMS_BACKEND = "prevex.outreach.sms.brevo.BrevoBackend"
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    assert Message.objects.get(pk=message.pk).error == "connection"


def test_a_success_without_an_id_goes_to_check(frozen_today, brevo, household, coordinator):
    brevo.script = [Answer(201, {"reference": ""})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.UNKNOWN
    assert not Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_NUMBER).exists()


def test_brevo_unicode_text(frozen_today, brevo, household, coordinator):
    services.send_one(queue_sms(household, coordinator, body="Audience « bientôt »").pk)
    assert brevo.received[0].json()["unicodeEnabled"] is True


def test_ovh_signs_each_request(frozen_today, ovh, household, coordinator):
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.SENT
    request = ovh.received[0]
    assert request.path == "/1.0/sms/sms-ab12345-1/jobs"
    headers = {name.lower(): value for name, value in request.headers.items()}
    url = ovh.url + "/1.0/sms/sms-ab12345-1/jobs"
    raw = "+".join(["app-secret", "consumer-key", "POST", url, request.body.decode(), headers["x-ovh-timestamp"]])
    assert headers["x-ovh-signature"] == "$1$" + hashlib.sha1(raw.encode()).hexdigest()
    assert (headers["x-ovh-application"], headers["x-ovh-consumer"]) == ("app-key", "consumer-key")
    payload = json.loads(request.body)
    assert payload["receivers"] == ["+33612345678"]
    assert payload["coding"] == "7bit"
    assert payload["callBack"] == "https://prevex.example/aller-vers/messages/webhooks/sms/ovh/"
    assert (payload["sender"], payload["senderForResponse"]) == ("PREVEX", False)
    message.refresh_from_db()
    assert (message.provider, message.provider_message_id) == ("ovh", "1")


def test_ovh_sends_from_a_number_that_takes_replies_when_asked(frozen_today, settings, ovh, household, coordinator):
    settings.PREVEX_SMS_OVH_SENDER_FOR_RESPONSE = True
    assert services.send_one(queue_sms(household, coordinator).pk) == MessageState.SENT
    payload = json.loads(ovh.received[0].body)
    assert payload["senderForResponse"] is True and "sender" not in payload  # OVH's short number, not the name


def test_ovh_temporary_failure_then_retry(frozen_today, ovh, household, coordinator):
    ovh.script = [Answer(502, {"message": "bad gateway"})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, 2, tzinfo=dt.UTC), tick=False):
        assert services.send_one(message.pk) == MessageState.SENT
    message.refresh_from_db()
    assert (message.attempts, message.provider_message_id) == (2, "2")


def test_ovh_permanent_failure(frozen_today, ovh, household, coordinator):
    ovh.script = [Answer(200, {"ids": [], "invalidReceivers": ["+33612345678"], "validReceivers": []})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.FAILED
    assert Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_NUMBER).exists()


def test_ovh_timeout(frozen_today, settings, ovh, household, coordinator):
    settings.PREVEX_SMS_TIMEOUT = 0.3
    ovh.script = [Answer(200, {"ids": [5]}, delay=1.0)]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.UNKNOWN  # OVH refuses no duplicate either


# --- e-mail through Anymail's Brevo backend, against the fake Brevo -------------------------------------------


@pytest.fixture
def brevo_email(settings, fake_provider):
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = {"BREVO_API_KEY": "brevo-key", "BREVO_API_URL": fake_provider.url + "/v3/"}
    fake_provider.default.status = 201
    fake_provider.default.body = {"messageId": "<202405021000.$n@smtp-relay.mailin.fr>"}
    return fake_provider


def queue_email(household, user):
    return services.queue_message(
        team=household.team,
        situation=household,
        channel=MessageChannel.EMAIL,
        recipient=household.email,
        subject="Votre audience",
        body="Bonjour, nous pouvons vous aider.",
        user=user,
    )


def test_email_success(frozen_today, brevo_email, household, coordinator):
    message = queue_email(household, coordinator)
    assert services.send_one(message.pk) == MessageState.SENT
    request = brevo_email.received[0]
    assert request.path == "/v3/smtp/email"
    assert request.json()["to"] == [{"email": "helene.dupont@example.org"}]
    message.refresh_from_db()
    assert message.provider == "brevo"
    assert message.provider_message_id.startswith("<202405021000.1@")
    assert household.events.get(kind=EventKind.LETTER).channel == Channel.EMAIL


def test_email_temporary_then_retry(frozen_today, brevo_email, household, coordinator):
    brevo_email.script = [Answer(503, {"code": "unavailable"})]
    message = queue_email(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, 2, tzinfo=dt.UTC), tick=False):
        assert services.send_one(message.pk) == MessageState.SENT


def test_email_permanent_failure(frozen_today, brevo_email, household, coordinator):
    brevo_email.script = [Answer(400, {"code": "invalid_parameter", "message": "email is not valid"})]
    message = queue_email(household, coordinator)
    assert services.send_one(message.pk) == MessageState.FAILED
    assert Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_EMAIL).exists()


def test_email_timeout(frozen_today, settings, brevo_email, household, coordinator):
    settings.PREVEX_SMS_TIMEOUT = 0.3
    brevo_email.script = [Answer(201, {"messageId": "<x@y>"}, delay=1.0)]
    message = queue_email(household, coordinator)
    assert services.send_one(message.pk) == MessageState.UNKNOWN  # the ESP may have taken it: not sent twice


def test_development_email_backend_sends_too(frozen_today, settings, household, coordinator):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = queue_email(household, coordinator)
    assert services.send_one(message.pk) == MessageState.SENT
    assert mail.outbox[0].to == ["helene.dupont@example.org"]


# --- messages queued together: one task sends the batch -------------------------------------------------------


def test_a_batch_is_sent_and_written_on_the_timelines_once(frozen_today, brevo, team, coordinator):
    from prevex.situations.tests.factories import SituationFactory

    households = [SituationFactory(team=team, phone=f"+3361234567{index}") for index in range(3)]
    brevo.script = [Answer(201, {"messageId": 1}), Answer(400, {"code": "invalid_parameter"})]
    ids = [queue_sms(household, coordinator).pk for household in households]
    assert services.send_batch(ids) == {MessageState.SENT: 2, MessageState.FAILED: 1}
    assert services.send_batch(ids) == {MessageState.SENT: 2, MessageState.FAILED: 1}  # never twice
    assert len(brevo.received) == 3
    letters = [household.events.filter(kind=EventKind.LETTER, channel=Channel.SMS).count() for household in households]
    assert letters == [1, 0, 1]
    assert Task.objects.open().filter(situation=households[1], step=AdHocTask.CHECK_NUMBER).exists()


def test_a_batch_cut_short_leaves_its_accepted_messages_recovered_as_sent(
    frozen_today, brevo, team, coordinator, monkeypatch
):
    """A worker killed after the provider accepted the batch's messages but before they were marked sent: their
    ids, recorded one by one, make `recover_stuck` mark them sent (with their timeline), never « à vérifier »,
    never sent again; a delivery report arriving meanwhile waits for the message to be ours."""
    from prevex.situations.tests.factories import SituationFactory

    households = [SituationFactory(team=team, phone=f"+3361234567{index}") for index in range(2)]
    ids = [queue_sms(household, coordinator).pk for household in households]
    monkeypatch.setattr(services, "_after_successes", lambda accepted: (_ for _ in ()).throw(SystemExit))
    with pytest.raises(SystemExit):
        services.send_batch(ids)
    monkeypatch.undo()
    stuck = Message.objects.get(pk=ids[0])
    assert (stuck.state, stuck.provider, stuck.provider_message_id) == (MessageState.SENDING, "brevo", "1")
    assert not services.apply_report(provider="brevo", provider_message_id="1", status="delivered", key="r1")
    with time_machine.travel(dt.datetime(2024, 5, 2, 11, tzinfo=dt.UTC)):
        assert services.recover_stuck() == {"sent": 2, "retried": 0, "to_check": 0}
    assert set(Message.objects.filter(pk__in=ids).values_list("state", flat=True)) == {MessageState.SENT}
    assert [h.events.filter(kind=EventKind.LETTER, channel=Channel.SMS).count() for h in households] == [1, 1]
    assert len(brevo.received) == 2
    assert services.apply_report(provider="brevo", provider_message_id="1", status="delivered", key="r1")


# --- the providers' real error answers: the account's problems are retried, not blamed on the number -------------


@pytest.mark.parametrize("status", [401, 402, 403])
def test_brevo_account_errors_are_temporary(frozen_today, brevo, household, coordinator, status):
    from prevex.outreach.messaging.tests.fake_provider import BREVO_NO_CREDITS

    brevo.script = [Answer(status, BREVO_NO_CREDITS)]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    assert Message.objects.get(pk=message.pk).error == f"HTTP {status}: not_enough_credits"
    assert not Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_NUMBER).exists()


def test_ovh_refused_signature_is_temporary(frozen_today, ovh, household, coordinator):
    from prevex.outreach.messaging.tests.fake_provider import OVH_BAD_SIGNATURE

    ovh.script = [Answer(400, OVH_BAD_SIGNATURE)]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.QUEUED
    assert not Task.objects.open().filter(situation=household, step=AdHocTask.CHECK_NUMBER).exists()


def test_ovh_bad_request_is_permanent(frozen_today, ovh, household, coordinator):
    ovh.script = [Answer(400, {"class": "Client::BadRequest", "message": "Invalid receiver +33612345678"})]
    message = queue_sms(household, coordinator)
    assert services.send_one(message.pk) == MessageState.FAILED
    assert Message.objects.get(pk=message.pk).error == "HTTP 400: Client::BadRequest"  # never OVH's text
