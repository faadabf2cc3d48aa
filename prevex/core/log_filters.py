"""Filters of the log records (LOGGING in config/settings.py)."""

import logging
import traceback

from django.db import Error as DjangoDatabaseError

WITHHELD = "[message withheld: a database error may quote the data it refused]"


def _database_error(error: BaseException) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DjangoDatabaseError) or type(error).__module__.split(".")[0] in ("psycopg", "sqlite3"):
            return True
        error = error.__cause__ or error.__context__
    return False


def _redacted(error: BaseException) -> str:
    """The traceback of `error` and of the errors it comes from, their types and frames, without their messages."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    parts = []
    for error in reversed(chain):
        parts.append("Traceback (most recent call last):\n" + "".join(traceback.format_tb(error.__traceback__)))
        parts.append(f"{type(error).__module__}.{type(error).__qualname__}: {WITHHELD}\n")
    return "\n".join(parts).rstrip("\n")


class RedactDatabaseErrors(logging.Filter):
    """A database error's message never reaches the log: PostgreSQL quotes the values it refuses (`DETAIL: Key
    (reference)=(…)`, `CONTEXT: JSON data, line 1: {"name": "Dupré…`), here the cells of an imported file.
    Its type and traceback do."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and _database_error(error):
            record.exc_info, record.exc_text = None, _redacted(error)
        return True


class RedactSecretPaths(logging.Filter):
    """An address that is itself a key (the tenant's personal link: `/aller-vers/locataire/<token>/`) never
    reaches the log whole: Django logs the path of every answer of 400 or more (an expired or limited link).
    The prefixes are PREVEX_SECRET_PATH_PREFIXES; what follows them is replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django.conf import settings

        prefixes = getattr(settings, "PREVEX_SECRET_PATH_PREFIXES", ())
        if prefixes and isinstance(record.args, tuple):
            record.args = tuple(_without_secret(arg, prefixes) for arg in record.args)
        return True


def _without_secret(value, prefixes):
    if isinstance(value, str):
        for prefix in prefixes:
            if value.startswith(prefix) and len(value) > len(prefix):
                return f"{prefix}[…]"
    return value
