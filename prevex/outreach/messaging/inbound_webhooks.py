"""The providers' webhooks for the tenants' replies, behind the same secrets as the delivery reports
(`webhooks.py`): PREVEX_SMS_WEBHOOK_SECRET (basic auth) for the SMS, Anymail's WEBHOOK_SECRET for e-mail. Each
reply is kept once (`inbound.receive`, keyed on the provider's id) and matched there. Formats: docs/messages.md.
"""

import datetime as dt
import json
import logging

import phonenumbers
from anymail.signals import inbound as anymail_inbound
from anymail.webhooks.brevo import BrevoInboundWebhookView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from prevex.core.validators import normalize_french_phone
from prevex.outreach.messaging import inbound
from prevex.outreach.messaging.enums import MessageChannel
from prevex.outreach.messaging.webhook_auth import authorised, unauthorised

logger = logging.getLogger(__name__)  # ids only

REPLY_EVENTS = frozenset({"reply", "replied", "inbound", "inboundsms"})


def e164(value: str) -> str:
    """A sender's number as Brevo (33612345678) or OVH (0033612345678, +336…) give it, in E.164; "" if none."""
    value = (value or "").strip()
    if value.isdigit() and not value.startswith("0"):
        value = "+" + value  # Brevo: the country code without "+"
    try:
        return normalize_french_phone(value)
    except (ValidationError, phonenumbers.NumberParseException):
        return ""


def _moment(*values) -> dt.datetime:
    """The first of the provider's timestamps that reads (epoch seconds or milliseconds, ISO), else now."""
    for value in values:
        if value in (None, ""):
            continue
        text = str(value).strip()
        if text.isdigit():
            seconds = int(text) / (1000 if len(text) > 11 else 1)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        moment = parse_datetime(text.replace(" ", "T", 1))
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    return timezone.now()


# --- Brevo SMS replies ------------------------------------------------------------------------------------------


def brevo_reply(payload: dict) -> bool:
    """Brevo's « replied » event of a transactional SMS: `to` (the number replying), `reply` (its text),
    `messageId` (the SMS replied to), `date` / `ts_event`. Brevo gives the reply no id of its own: it is keyed on
    the SMS replied to, the moment and a digest of the text. Returns False for a payload that is no reply."""
    text = str(payload.get("reply") or payload.get("text") or payload.get("content") or "")
    sender = e164(str(payload.get("to") or payload.get("from") or payload.get("sender") or ""))
    if not text.strip() or not sender:
        return False
    replied = str(payload.get("messageId") or payload.get("message_id") or "")
    when = str(payload.get("ts_event") or payload.get("date") or "")
    inbound.receive(
        inbound.Incoming(
            channel=MessageChannel.SMS,
            provider="brevo",
            provider_id=str(payload.get("uuid") or "") or inbound.digest("reply", replied, when, sender, text),
            sender=sender,
            body=text,
            received_at=_moment(payload.get("ts_event"), payload.get("ts_epoch"), payload.get("date")),
            replied_message_id=replied,
        )
    )
    return True


@csrf_exempt
@login_not_required
@require_http_methods(["POST"])
def brevo_sms_reply(request):
    """The replies' own webhook, for an account that sends them to a URL apart (the delivery reports' webhook
    takes them too: `webhooks.brevo_sms`)."""
    if not authorised(request):
        return unauthorised()
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest()
    if not isinstance(payload, dict) or not brevo_reply(payload):
        return HttpResponseBadRequest()
    return HttpResponse("ok")


# --- OVH SMS replies --------------------------------------------------------------------------------------------


def _first(params, *names) -> str:
    return next((str(params.get(name)) for name in names if params.get(name)), "")


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def ovh_sms_reply(request):
    """OVH's callback for the SMS received (set on the SMS account, `PUT /sms/{serviceName}`, with a sender that
    takes replies, PREVEX_SMS_OVH_SENDER_FOR_RESPONSE): query string or form with the incoming SMS's `id`, its
    `sender` (the tenant's number), `message` and `date`. The names also read as OVH's older callbacks gave them
    (`smsId`, `from`, `text`, `datetime`): to be checked on a real account (docs/messages.md)."""
    if not authorised(request):
        return unauthorised()
    params = request.POST if request.method == "POST" else request.GET
    provider_id = _first(params, "id", "smsId", "moId")
    sender = e164(_first(params, "sender", "from", "moSender", "senderNumber"))
    text = _first(params, "message", "text", "moMessage")
    if not provider_id or not sender or not text.strip():
        return HttpResponseBadRequest()
    inbound.receive(
        inbound.Incoming(
            channel=MessageChannel.SMS,
            provider="ovh",
            provider_id=provider_id,
            sender=sender,
            body=text,
            received_at=_moment(_first(params, "date", "datetime", "creationDatetime")),
        )
    )
    return HttpResponse("ok")


# --- e-mail replies (Anymail) ----------------------------------------------------------------------------------


class BrevoInboundWithoutAttachments(BrevoInboundWebhookView):
    """Brevo's inbound parsing, without fetching the attachments from Brevo's API: Prevex keeps none."""

    def esp_to_anymail_event(self, esp_event):
        return super().esp_to_anymail_event({**esp_event, "Attachments": []})


def _addresses(message) -> list[str]:
    found = [address.addr_spec for address in [*message.to, *message.cc]]
    for header in ("Delivered-To", "X-Original-To"):
        found += [value for value in message.get_all(header, []) if value]
    if message.envelope_recipient:
        found.append(message.envelope_recipient)
    return found


@receiver(anymail_inbound)
def email_reply(sender, event, esp_name, **kwargs):
    message = event.message
    if message is None or message.from_email is None:
        return
    text = message.stripped_text or message.text or strip_tags(message.html or "")
    address = message.from_email.addr_spec
    provider_id = event.event_id or message.get("Message-ID") or ""
    inbound.receive(
        inbound.Incoming(
            channel=MessageChannel.EMAIL,
            provider=esp_name.lower(),
            provider_id=str(provider_id) or inbound.digest(address, message.get("Date") or "", text),
            sender=address,
            subject=str(message.subject or ""),
            body=text,
            received_at=_moment(message.get("Date") and message.date and message.date.isoformat()),
            recipients=_addresses(message),
        )
    )


@csrf_exempt
@login_not_required
def email_reply_view(request, *args, **kwargs):
    """The ESP's inbound webhook (PREVEX_EMAIL_INBOUND_VIEW; Brevo's without its attachments by default): Anymail
    checks its basic-auth secret; without one configured every call is refused."""
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return unauthorised()
    view = import_string(settings.PREVEX_EMAIL_INBOUND_VIEW).as_view()
    return view(request, *args, **kwargs)
