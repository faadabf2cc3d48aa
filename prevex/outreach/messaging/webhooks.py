"""The providers' delivery reports: Anymail's tracking signal for e-mail (Anymail checks its own basic-auth
secret, ANYMAIL["WEBHOOK_SECRET"], and the ESP's signature where it has one), and the SMS providers' webhooks
(views below), behind the basic-auth secret PREVEX_SMS_WEBHOOK_SECRET ("user:password"; give the provider the
URL as https://user:password@host/…, `webhook_auth.py`). Each report applies once (`services.apply_report`); the
tenants' replies that come on the same webhook go to `inbound_webhooks.py`."""

import json
import logging

from anymail.signals import tracking
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from prevex.outreach.messaging import services
from prevex.outreach.messaging.inbound_webhooks import REPLY_EVENTS, brevo_reply
from prevex.outreach.messaging.webhook_auth import authorised, unauthorised

logger = logging.getLogger(__name__)

# Anymail's normalised event types -> what the messaging app knows
EMAIL_STATUSES = {"delivered": "delivered", "bounced": "failed", "rejected": "failed", "failed": "failed"}


@receiver(tracking)
def email_tracking(sender, event, esp_name, **kwargs):
    status = EMAIL_STATUSES.get(event.event_type)
    if status is None or not event.message_id:
        return
    key = event.event_id or f"{event.message_id}:{event.event_type}"
    services.apply_report(
        provider=esp_name.lower(), provider_message_id=str(event.message_id), status=status, key=str(key)
    )


@csrf_exempt
@login_not_required
def email_tracking_view(request, *args, **kwargs):
    """The ESP's tracking webhook (Anymail's view for PREVEX_EMAIL_TRACKING_VIEW, Brevo's by default): Anymail
    checks the basic-auth secret and the signature; without a secret configured every call is refused (Anymail
    itself would only warn)."""
    if not (settings.ANYMAIL.get("WEBHOOK_SECRET")):
        return unauthorised()
    view = import_string(settings.PREVEX_EMAIL_TRACKING_VIEW).as_view()
    return view(request, *args, **kwargs)


# Brevo's SMS events (`msg_status`) -> delivered / failed; the others (sent, accepted, soft bounce that Brevo
# retries itself…) change nothing. A blacklisted or unsubscribed number is put on the team's opt-out list.
BREVO_STATUSES = {
    "delivered": "delivered",
    "hardbounce": "failed",
    "hard_bounce": "failed",
    "rejected": "failed",
    "blacklisted": "failed",
    "error": "failed",
}
BREVO_OPT_OUTS = frozenset({"blacklisted", "unsubscribed", "unsubscribe", "stop"})


@csrf_exempt
@login_not_required
@require_http_methods(["POST"])
def brevo_sms(request):
    if not authorised(request):
        return unauthorised()
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest()
    message_id = str(payload.get("messageId") or payload.get("message_id") or "")
    raw = str(payload.get("msg_status") or payload.get("event") or "").replace(" ", "").lower()
    if not message_id or not raw:
        return HttpResponseBadRequest()
    if raw in REPLY_EVENTS:  # a tenant's reply: kept and matched (a STOP in it blocks the number: inbound.py)
        brevo_reply(payload)
        return HttpResponse("ok")
    opted_out = raw in BREVO_OPT_OUTS
    services.apply_report(
        provider="brevo",
        provider_message_id=message_id,
        status=BREVO_STATUSES.get(raw, raw),
        key=f"{message_id}:{raw}",
        opted_out=opted_out,
    )
    return HttpResponse("ok")


# OVH's delivery report (`dlr`): 1 delivered, 2 and 16 not delivered; 4 and 8 are steps on the way.
OVH_STATUSES = {"1": "delivered", "2": "failed", "16": "failed"}


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def ovh_sms(request):
    if not authorised(request):
        return unauthorised()
    params = request.POST if request.method == "POST" else request.GET
    message_id, dlr = params.get("id", ""), params.get("dlr", "")
    if not message_id or not dlr:
        return HttpResponseBadRequest()
    services.apply_report(
        provider="ovh", provider_message_id=message_id, status=OVH_STATUSES.get(dlr, dlr), key=f"{message_id}:{dlr}"
    )
    return HttpResponse("ok")
