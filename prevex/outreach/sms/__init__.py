"""Sending one SMS through a provider, behind one small interface (`base.Backend`), chosen by the setting
`PREVEX_SMS_BACKEND` like Django's EMAIL_BACKEND: `brevo.py` and `ovh.py` talk to real providers, `console.py`
and `file.py` are for development. Nothing here knows a household or the database: the messaging app
(`prevex.outreach.messaging`) keeps the messages, their states and the rules."""

from django.conf import settings
from django.utils.module_loading import import_string

from prevex.outreach.sms.base import (
    Backend,
    Outgoing,
    PermanentError,
    Result,
    SmsError,
    TemporaryError,
    UncertainError,
)

__all__ = [
    "Backend",
    "Outgoing",
    "PermanentError",
    "Result",
    "SmsError",
    "TemporaryError",
    "UncertainError",
    "get_backend",
]


def get_backend(path: str | None = None) -> Backend:
    """The configured backend (or the one at `path`), built from the settings."""
    return import_string(path or settings.PREVEX_SMS_BACKEND)()
