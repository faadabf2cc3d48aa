"""OVHcloud's SMS API (POST /1.0/sms/{service}/jobs), each request signed with the application key and
secret and the consumer key, as OVH's API requires:
`X-Ovh-Signature: "$1$" + sha1(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TIMESTAMP)`.
OVH takes no idempotency key. Its delivery reports call the `callBack` URL given with each job
(`/messages/webhooks/sms/ovh/`, the basic-auth secret in that URL, docs/messages.md)."""

import hashlib
import json
import time

from django.conf import settings

from prevex.outreach.sms.base import HttpBackend, Outgoing, PermanentError, Result, UncertainError
from prevex.outreach.sms.segments import is_gsm7


def signature(*, application_secret: str, consumer_key: str, method: str, url: str, body: str, timestamp: int) -> str:
    raw = "+".join([application_secret, consumer_key, method, url, body, str(timestamp)])
    return "$1$" + hashlib.sha1(raw.encode()).hexdigest()  # the algorithm OVH's API mandates


class OvhBackend(HttpBackend):
    name = "ovh"
    # OVH answers a refused signature, key or grant, or a clock too far from its own, with a 400 (docs/messages.md)
    account_codes = frozenset({"INVALID_SIGNATURE", "INVALID_CREDENTIAL", "NOT_GRANTED_CALL", "QUERY_TIME_OUT"})

    def __init__(self):
        super().__init__()
        base = settings.PREVEX_SMS_OVH_ENDPOINT.rstrip("/")
        self.url = f"{base}/sms/{settings.PREVEX_SMS_OVH_SERVICE_NAME}/jobs"
        self.application_key = settings.PREVEX_SMS_OVH_APPLICATION_KEY
        self.application_secret = settings.PREVEX_SMS_OVH_APPLICATION_SECRET
        self.consumer_key = settings.PREVEX_SMS_OVH_CONSUMER_KEY

    def send(self, outgoing: Outgoing) -> Result:
        payload = {
            "message": outgoing.body,
            "receivers": [outgoing.to],
            "senderForResponse": settings.PREVEX_SMS_OVH_SENDER_FOR_RESPONSE,  # a short number tenants can answer
            "noStopClause": False,  # OVH adds its own STOP mention for commercial senders; kept as OVH decides
            "priority": "high",
            "coding": "7bit" if is_gsm7(outgoing.body) else "8bit",
            "charset": "UTF-8",
            "tag": outgoing.idempotency_key[:20],
        }
        if not payload["senderForResponse"]:
            payload["sender"] = outgoing.sender  # a name: no reply possible
        if outgoing.callback_url:
            payload["callBack"] = outgoing.callback_url
        body = json.dumps(payload)
        timestamp = int(time.time())
        headers = {
            "X-Ovh-Application": self.application_key,
            "X-Ovh-Consumer": self.consumer_key,
            "X-Ovh-Timestamp": str(timestamp),
            "X-Ovh-Signature": signature(
                application_secret=self.application_secret,
                consumer_key=self.consumer_key,
                method="POST",
                url=self.url,
                body=body,
                timestamp=timestamp,
            ),
            "Content-Type": "application/json",
        }
        answer = self.post(self.url, data=body.encode(), headers=headers)
        if answer.get("invalidReceivers"):
            raise PermanentError("invalid receiver", "invalidReceivers")
        ids = answer.get("ids") or []
        if not ids:
            raise UncertainError("no job id in the answer", "no_id")  # a 2xx naming no invalid receiver
        return Result(provider=self.name, message_id=str(ids[0]))
