"""The one HTTP call of a send, per channel: an SMS through the configured backend (`prevex.outreach.sms`), an
e-mail through Django's mail (Anymail's backend in production). Both answer a `Result` or raise a typed
error; nothing here touches the database."""

import smtplib
from functools import lru_cache

import requests
from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from prevex.outreach import sms
from prevex.outreach.messaging.enums import MessageChannel
from prevex.outreach.messaging.inbound import reply_address
from prevex.outreach.sms.base import request_left


def sms_callback_url(provider: str) -> str:
    """The delivery-report address given to providers that take one per message (OVH), with its secret."""
    if provider not in ("brevo", "ovh"):
        return ""
    return _callback_url(provider, settings.PREVEX_SMS_WEBHOOK_BASE_URL or settings.PREVEX_PUBLIC_URL)


@lru_cache(maxsize=8)
def _callback_url(provider: str, base: str) -> str:
    """Reversed once per process (it was 5 ms of each send in the bench, docs/performance.md)."""
    return base.rstrip("/") + reverse(f"messaging:webhook_{provider}_sms")


def supports_idempotency(channel: str) -> bool:
    if channel == MessageChannel.SMS:
        return sms_backend().supports_idempotency
    return False  # no ESP behind Anymail takes an idempotency key for a send


_backends: dict[str, sms.Backend] = {}


def sms_backend() -> sms.Backend:
    """One backend per configured path and process (its HTTP session keeps the connections alive)."""
    path = settings.PREVEX_SMS_BACKEND
    if path not in _backends:
        _backends.clear()
        _backends[path] = sms.get_backend(path)
    return _backends[path]


def deliver(message) -> sms.Result:
    if message.channel == MessageChannel.SMS:
        backend = sms_backend()
        return backend.send(
            sms.Outgoing(
                to=message.recipient,
                body=message.body,
                sender=message.sender,
                idempotency_key=message.idempotency_key,
                callback_url=sms_callback_url(backend.name),
            )
        )
    return _send_email(message)


def _send_email(message) -> sms.Result:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=message.sender or settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-Prevex-Message": message.idempotency_key},
        reply_to=[address] if (address := reply_address(message)) else None,
        connection=get_connection(timeout=settings.PREVEX_SMS_TIMEOUT),
    )
    email.metadata = {"prevex_message": message.idempotency_key}  # Anymail: comes back in the tracking events
    try:
        email.send()
    except AnymailRecipientsRefused as error:
        raise sms.PermanentError("recipient refused", "refused") from error
    except AnymailAPIError as error:
        # Anymail's transport errors are also the requests exception they wrap (a ReadTimeout…).
        if isinstance(error, requests.RequestException) and request_left(error):
            raise sms.UncertainError("ESP: no answer", "timeout") from error
        status = getattr(error, "status_code", None)
        if status is None or status == 429 or status >= 500:
            raise sms.TemporaryError(f"ESP {status or 'unreachable'}", str(status or "connection")) from error
        raise sms.PermanentError(f"ESP {status}", str(status)) from error
    except AnymailError as error:
        raise sms.PermanentError(type(error).__name__, "anymail") from error
    except (smtplib.SMTPException, OSError) as error:
        raise sms.TemporaryError(type(error).__name__, "smtp") from error
    status = getattr(email, "anymail_status", None)
    message_id = status.message_id if status is not None and status.message_id else message.idempotency_key
    return sms.Result(provider=_email_provider(), message_id=str(message_id))


def _email_provider() -> str:
    backend = settings.EMAIL_BACKEND
    return backend.split(".")[2] if backend.startswith("anymail.backends.") else "email"
