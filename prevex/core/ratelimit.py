"""Counting requests in fixed windows (the cache): the password resets, the tenant's page.

The counter of a window is a key of its own (the window's number in the key), set with the window's length as
its timeout. `cache.incr` is not used: on the database cache it rewrites the key with the default timeout, so
the window would move with every request.
"""

import time

from django.core.cache import cache


def window_key(scope: str, subject: str, period: int) -> str:
    """The cache key counting `subject`'s hits in the current window of `period` seconds."""
    return f"prevex:{scope}:{int(time.time() // period)}:{subject}"


def hit(scope: str, subject: str, period: int) -> int:
    """Count one more hit of `subject` in the current window of `period` seconds; the hits so far."""
    key = window_key(scope, subject, period)
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, period)
    return count


def within_limit(scope: str, subject: str, limit: int, period: int) -> bool:
    """One more hit; True while the window's hits are within `limit`."""
    return hit(scope, subject, period) <= limit
