"""Brevo's transactional SMS API (POST /v3/transactionalSMS/send, `api-key` header; the former
/transactionalSMS/sms, deprecated since May 2025, takes the same body: `PREVEX_SMS_BREVO_SEND_PATH`). Brevo takes no
idempotency key: an interrupted send goes « à vérifier ». Its delivery reports come to the webhook
`/messages/webhooks/sms/brevo/` (set in Brevo's console, with the basic-auth secret, docs/messages.md)."""

import json

from django.conf import settings

from prevex.outreach.sms.base import HttpBackend, Outgoing, Result, UncertainError
from prevex.outreach.sms.segments import is_gsm7


class BrevoBackend(HttpBackend):
    name = "brevo"

    def __init__(self):
        super().__init__()
        self.url = settings.PREVEX_SMS_BREVO_API_URL.rstrip("/") + settings.PREVEX_SMS_BREVO_SEND_PATH
        self.api_key = settings.PREVEX_SMS_BREVO_API_KEY

    def send(self, outgoing: Outgoing) -> Result:
        payload = {
            "type": "transactional",
            "sender": outgoing.sender,
            "recipient": outgoing.to.lstrip("+"),  # Brevo wants the country code without "+"
            "content": outgoing.body,
            "tag": outgoing.idempotency_key,  # comes back in the delivery reports
            "unicodeEnabled": not is_gsm7(outgoing.body),
        }
        if outgoing.callback_url:
            payload["webUrl"] = outgoing.callback_url
        answer = self.post(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"api-key": self.api_key, "content-type": "application/json", "accept": "application/json"},
        )
        message_id = answer.get("messageId") or answer.get("reference")
        if not message_id:
            raise UncertainError("no messageId in the answer", "no_id")  # a 2xx: Brevo may have taken it
        return Result(provider=self.name, message_id=str(message_id))
