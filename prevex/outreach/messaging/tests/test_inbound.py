"""The tenants' replies through the providers' webhooks: refused without the secret, kept once, matched by the
SMS replied to, the number or the reply address's token (never a guess: ambiguous or unknown goes to the team's
inbox), recorded as a tenant contact with a task « répondre », and STOP honoured on both providers."""

import base64
import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from prevex.audit.models import AuditEntry
from prevex.organisations.tests.factories import TeamFactory
from prevex.outreach.enums import AdHocTask
from prevex.outreach.messaging import rules, services
from prevex.outreach.messaging.enums import DiscardReason, InboundStatus, MessageChannel, MessageState
from prevex.outreach.messaging.models import InboundMessage, Message
from prevex.outreach.models import Task
from prevex.situations.enums import Channel, EventKind
from prevex.situations.tests.factories import SituationFactory

pytestmark = pytest.mark.django_db

NUMBER = "+33612345678"
GOOD = "Basic " + base64.b64encode(b"prevex:webhook-secret").decode()
WRONG = "Basic " + base64.b64encode(b"prevex:wrong").decode()
DOMAIN = "reponses.prevex.example"


def sent_sms(situation, *, provider="brevo", provider_id="1511882900176220", when=None, team=None) -> Message:
    message = services.queue_message(
        team=team or situation.team, situation=situation, channel=MessageChannel.SMS,
        recipient=NUMBER, body="Bonjour", user=None,
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.SENT, provider=provider, provider_message_id=provider_id, sent_at=when or timezone.now()
    )
    return Message.objects.get(pk=message.pk)


def brevo_reply(client, text, *, auth=GOOD, url="messaging:webhook_brevo_sms", message_id=1511882900176220, **more):
    payload = {"messageId": message_id, "msg_status": "replied", "to": "33612345678", "reply": text, **more}
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(reverse(url), json.dumps(payload), content_type="application/json", **headers)


def ovh_reply(client, text, *, auth=GOOD, sms_id="987654", sender="0033612345678"):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    params = {"id": sms_id, "sender": sender, "message": text, "date": "2024-05-02T10:15:00+02:00"}
    return client.get(reverse("messaging:webhook_ovh_sms_reply"), params, **headers)


def contacts(situation):
    return situation.events.filter(kind=EventKind.TENANT_CONTACT)


def reply_tasks(situation):
    return Task.objects.open().filter(situation=situation, step=AdHocTask.REPLY)


# --- SMS --------------------------------------------------------------------------------------------------------


def test_a_brevo_reply_to_a_known_sms_is_a_tenant_contact_and_a_task(client, frozen_today, household):
    sent_sms(household)
    assert brevo_reply(client, "Bonjour, je vous rappelle demain").status_code == 200
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.situation, reply.sender) == (InboundStatus.ATTACHED, household, NUMBER)
    [contact] = contacts(household)
    assert (contact.channel, contact.occurred_on) == (Channel.SMS, frozen_today)
    assert "demain" not in contact.note  # the text stays with the reply, not in the timeline's note
    assert reply_tasks(household).count() == 1
    assert (
        client.post(reverse("messaging:webhook_brevo_sms_reply"), "{}", content_type="application/json").status_code
        == 401
    )


def test_the_replies_own_brevo_url_takes_the_same_payload(client, frozen_today, household):
    sent_sms(household)
    assert brevo_reply(client, "D'accord", url="messaging:webhook_brevo_sms_reply").status_code == 200
    assert InboundMessage.objects.get().status == InboundStatus.ATTACHED


def test_an_ovh_reply_is_matched_by_its_number(client, frozen_today, household):
    sent_sms(household, provider="ovh", provider_id="111")
    assert ovh_reply(client, "Oui je serai là").status_code == 200
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.situation_id, reply.provider) == (InboundStatus.ATTACHED, household.pk, "ovh")
    assert contacts(household).count() == 1 and reply_tasks(household).count() == 1


def test_the_same_reply_twice_is_one_row_and_one_contact(client, frozen_today, household):
    sent_sms(household, provider="ovh", provider_id="111")
    assert ovh_reply(client, "Oui").status_code == 200
    assert ovh_reply(client, "Oui").status_code == 200
    sent_sms(household)
    brevo_reply(client, "Merci", ts_event=1714644000)
    brevo_reply(client, "Merci", ts_event=1714644000)
    assert InboundMessage.objects.count() == 2
    assert contacts(household).count() == 2


def test_a_number_of_two_open_situations_goes_to_the_inbox(client, frozen_today, team, household):
    SituationFactory(team=team, phone=NUMBER)  # the same mobile on another household of the team
    sent_sms(household, provider="ovh", provider_id="111")
    ovh_reply(client, "C'est moi")
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.team, reply.situation) == (InboundStatus.INBOX, team, None)
    assert not contacts(household).exists()
    entry = AuditEntry.objects.get(target_type="messaging.inboundmessage")
    assert entry.details["messaging"] == "reply_inbox" and "C'est moi" not in json.dumps(entry.details)


def test_the_most_recent_sms_names_the_team(client, frozen_today, household):
    other = TeamFactory(slug="autre")
    theirs = SituationFactory(team=other, phone=NUMBER)
    sent_sms(household, provider="ovh", provider_id="1", when=timezone.now() - dt.timedelta(days=3))
    sent_sms(theirs, provider="ovh", provider_id="2", when=timezone.now() - dt.timedelta(days=1))
    ovh_reply(client, "Bonjour")
    assert InboundMessage.objects.get().situation == theirs


def test_an_unknown_number_goes_to_the_inbox_of_the_one_team_using_the_provider(client, frozen_today, team, household):
    sent_sms(household, provider="ovh", provider_id="1")
    ovh_reply(client, "Qui êtes-vous ?", sender="0698765432")
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.team, reply.sender) == (InboundStatus.INBOX, team, "+33698765432")


def test_an_unknown_number_no_team_can_be_found_for_is_discarded_without_its_text(client, frozen_today, household):
    sent_sms(household, provider="ovh", provider_id="1")
    sent_sms(SituationFactory(team=TeamFactory(slug="autre")), provider="ovh", provider_id="2")
    ovh_reply(client, "Qui êtes-vous ?", sender="0698765432")
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.discard_reason, reply.team) == (InboundStatus.DISCARDED, DiscardReason.NO_TEAM, None)
    assert (reply.body, reply.sender) == ("", "")
    assert AuditEntry.objects.get(target_type="messaging.inboundmessage").details["messaging"] == "reply_no_team"


@pytest.mark.parametrize("auth", [None, WRONG, "Bearer webhook-secret"])
def test_unauthenticated_replies_are_refused(client, frozen_today, household, auth):
    sent_sms(household)
    assert brevo_reply(client, "Bonjour", auth=auth).status_code == 401
    assert brevo_reply(client, "Bonjour", auth=auth, url="messaging:webhook_brevo_sms_reply").status_code == 401
    assert ovh_reply(client, "Bonjour", auth=auth).status_code == 401
    assert not InboundMessage.objects.exists() and not contacts(household).exists()


def test_no_secret_configured_refuses_the_replies(client, settings, frozen_today, household):
    settings.PREVEX_SMS_WEBHOOK_SECRET = ""
    assert ovh_reply(client, "Bonjour", auth="Basic Og==").status_code == 401


def test_a_malformed_reply_is_refused(client, frozen_today):
    assert ovh_reply(client, "").status_code == 400
    assert ovh_reply(client, "Bonjour", sender="pas un numéro").status_code == 400


@pytest.mark.parametrize("provider", ["brevo", "ovh"])
def test_stop_blocks_the_number_on_both_providers(client, frozen_today, household, provider):
    sent_sms(household, provider=provider, provider_id="1511882900176220")
    queued = services.queue_message(
        team=household.team, situation=household, channel=MessageChannel.SMS, recipient=NUMBER, body="Relance",
        user=None,
    )  # fmt: skip
    if provider == "brevo":
        brevo_reply(client, "STOP")
    else:
        ovh_reply(client, "Stop")
    assert rules.is_opted_out(household.team_id, NUMBER)
    assert Message.objects.get(pk=queued.pk).state == MessageState.CANCELLED
    reply = InboundMessage.objects.get()
    # a STOP alone is no contact: on the situation, set aside, no event nor task
    assert (reply.is_stop, reply.situation, reply.status) == (True, household, InboundStatus.DISCARDED)
    assert reply.discard_reason == DiscardReason.STOP_ONLY
    assert not contacts(household).exists() and not reply_tasks(household).exists()


def test_stop_with_words_blocks_and_is_a_contact(client, frozen_today, household):
    sent_sms(household, provider="ovh", provider_id="1")
    ovh_reply(client, "Stop les SMS, appelez-moi")
    assert rules.is_opted_out(household.team_id, NUMBER)
    assert InboundMessage.objects.get().status == InboundStatus.ATTACHED and contacts(household).count() == 1


def test_a_reply_the_timeline_refuses_goes_to_the_inbox(client, frozen_today, team):
    late = SituationFactory(team=team, phone=NUMBER, assignation_date=frozen_today + dt.timedelta(days=1))
    sent_sms(late, provider="ovh", provider_id="1")
    ovh_reply(client, "Bonjour")
    assert InboundMessage.objects.get().status == InboundStatus.INBOX
    assert not contacts(late).exists()


# --- e-mail -------------------------------------------------------------------------------------------------------


@pytest.fixture
def email_settings(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "anymail:inbound-secret", "BREVO_API_KEY": "k"}
    settings.PREVEX_REPLY_DOMAIN = DOMAIN
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def sent_email(situation) -> Message:
    message = services.queue_message(
        team=situation.team, situation=situation, channel=MessageChannel.EMAIL,
        recipient=situation.email, subject="Audience", body="Bonjour", user=None,
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(state=MessageState.SENT, provider="brevo", sent_at=timezone.now())
    return Message.objects.get(pk=message.pk)


ANYMAIL_AUTH = "Basic " + base64.b64encode(b"anymail:inbound-secret").decode()


def email_reply(client, to, *, auth=ANYMAIL_AUTH, uuid="4a1b2c3d-0000", text="Je serai à l'audience."):
    item = {
        "Uuid": [uuid],
        "MessageId": "<reply-1@mail.example>",
        "Subject": "Re: Audience",
        "RawTextBody": text + "\n\n> Bonjour",
        "ExtractedMarkdownMessage": text,
        "Headers": {
            "From": "Hélène Dupont <helene.dupont@example.org>",
            "To": to,
            "Subject": "Re: Audience",
            "Message-ID": "<reply-1@mail.example>",
            "Date": "Thu, 2 May 2024 10:00:00 +0200",
        },
        # never fetched from Brevo's API (no network in the tests: a fetch would fail), never kept
        "Attachments": [{"Name": "avis.pdf", "ContentType": "application/pdf", "DownloadToken": "tok"}],
    }
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(
        reverse("messaging:webhook_email_reply"), json.dumps({"items": [item]}), content_type="application/json",
        **headers,
    )  # fmt: skip


def test_an_email_carries_a_reply_address_with_an_unguessable_token(email_settings, frozen_today, household):
    message = services.queue_message(
        team=household.team, situation=household, channel=MessageChannel.EMAIL,
        recipient=household.email, subject="Audience", body="Bonjour", user=None,
    )  # fmt: skip
    services.send_one(message.pk)
    assert len(message.reply_token) == 32
    assert mail.outbox[0].reply_to == [f"reponse+{message.reply_token}@{DOMAIN}"]
    other = sent_email(household)
    assert other.reply_token != message.reply_token


def test_an_email_reply_is_matched_by_its_token(client, email_settings, frozen_today, household):
    message = sent_email(household)
    assert email_reply(client, f"Prevex <reponse+{message.reply_token}@{DOMAIN}>").status_code == 200
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.situation, reply.channel) == (InboundStatus.ATTACHED, household, MessageChannel.EMAIL)
    assert (reply.sender, reply.body, reply.reply_to) == (
        "helene.dupont@example.org",
        "Je serai à l'audience.",
        message,
    )
    assert contacts(household).get().channel == Channel.EMAIL and reply_tasks(household).count() == 1
    assert email_reply(client, f"reponse+{message.reply_token}@{DOMAIN}").status_code == 200  # the same, again
    assert InboundMessage.objects.count() == 1 and contacts(household).count() == 1


def test_a_forged_token_attaches_to_nothing(client, email_settings, frozen_today, team, household):
    sent_email(household)
    email_reply(client, f"reponse+{'0' * 32}@{DOMAIN}")
    reply = InboundMessage.objects.get()
    assert (reply.status, reply.team, reply.situation) == (InboundStatus.INBOX, team, None)  # the one team of the ESP
    assert not contacts(household).exists()


def test_a_long_email_is_cut(client, email_settings, frozen_today, household):
    message = sent_email(household)
    email_reply(client, f"reponse+{message.reply_token}@{DOMAIN}", text="x" * 10_000)
    assert len(InboundMessage.objects.get().body) == 2000


@pytest.mark.parametrize("auth", [None, "Basic " + base64.b64encode(b"anymail:wrong").decode()])
def test_an_unauthenticated_email_reply_is_refused(client, email_settings, frozen_today, household, auth):
    message = sent_email(household)
    assert email_reply(client, f"reponse+{message.reply_token}@{DOMAIN}", auth=auth).status_code in {400, 401}
    assert not InboundMessage.objects.exists()


def test_without_anymail_secret_the_email_replies_are_refused(client, email_settings, frozen_today, household):
    email_settings.ANYMAIL = {**email_settings.ANYMAIL, "WEBHOOK_SECRET": None}
    message = sent_email(household)
    assert email_reply(client, f"reponse+{message.reply_token}@{DOMAIN}").status_code == 401


def test_the_opt_outs_survive_a_rotated_secret_key_with_their_own_key(settings, client, frozen_today, household):
    settings.PREVEX_OPTOUT_KEY = ""
    sent_sms(household, provider="ovh", provider_id="1")
    ovh_reply(client, "STOP")
    assert rules.is_opted_out(household.team_id, NUMBER)
    settings.PREVEX_OPTOUT_KEY, settings.SECRET_KEY = settings.SECRET_KEY, "a-new-secret-key"  # as documented
    assert rules.is_opted_out(household.team_id, NUMBER)
    settings.PREVEX_OPTOUT_KEY = ""  # without it, the rotation would forget the STOP
    assert not rules.is_opted_out(household.team_id, NUMBER)
