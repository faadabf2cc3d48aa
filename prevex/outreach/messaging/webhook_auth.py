"""The SMS providers' shared secret: PREVEX_SMS_WEBHOOK_SECRET ("user:password"), sent as HTTP basic auth (the
provider is given the URL as https://user:password@host/…). Without a secret configured every call is refused."""

import base64
import binascii
import hmac

from django.conf import settings
from django.http import HttpResponse


def authorised(request) -> bool:
    secret = settings.PREVEX_SMS_WEBHOOK_SECRET
    if not secret:
        return False  # no secret configured: every call is refused
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        given = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(given.encode(), secret.encode())


def unauthorised() -> HttpResponse:
    response = HttpResponse(status=401)
    response["WWW-Authenticate"] = 'Basic realm="prevex-webhooks"'
    return response
