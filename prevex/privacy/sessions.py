"""The sessions, for the privacy registry: what a session may still hold about a household is dropped when
it is erased, and expired sessions are deleted every night (Django's `clearsessions`).

The situation list keeps no searched text in the session; this is the safety net for anything that would
(remembered filters of an older version, a future page): a value of the session mentioning the household's
name, first name, co-tenants, phone, e-mail or address is removed, the login itself is untouched.
"""

import json
import re
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from prevex.core.text import normalize

DATABASE_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
HOUSEHOLD_FIELDS = ("tenant_last_name", "tenant_first_name", "other_tenants", "phone", "email", "address")


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def anonymise(situation) -> None:
    if settings.SESSION_ENGINE not in DATABASE_ENGINES:
        return
    patterns = [
        re.compile(rf"\b{re.escape(text)}\b")
        for text in {normalize(str(getattr(situation, name) or "")) for name in HOUSEHOLD_FIELDS}
        if len(text) >= 2
    ]
    if not patterns:
        return
    store = _store()()
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        data = store.decode(session.session_data)
        kept = _without(data, patterns)
        if kept != data:
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(kept))
            if hasattr(store, "cache_key_prefix"):  # cached_db: the cached copy goes too
                from django.core.cache import caches

                caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key_prefix + session.session_key)


def _without(data: dict, patterns) -> dict:
    """The session without the values (or, in a dict value, the entries) that mention the household."""

    def mentions(value) -> bool:
        text = normalize(json.dumps(value, ensure_ascii=False, default=str))
        return any(pattern.search(text) for pattern in patterns)

    kept = {}
    for key, value in data.items():
        if key.startswith("_auth_"):
            kept[key] = value
        elif isinstance(value, dict):
            kept[key] = {name: item for name, item in value.items() if not mentions(item)}
        elif not mentions(value):
            kept[key] = value
    return kept


def purge(*, now, wet: bool) -> int:
    """Expired sessions, deleted (`clearsessions`); counted only unless `wet`."""
    if settings.SESSION_ENGINE not in DATABASE_ENGINES:
        if wet:
            _store().clear_expired()
        return 0
    expired = Session.objects.filter(expire_date__lt=now).count()
    if wet:
        _store().clear_expired()
    return expired
