"""Password reset requests: at most a few e-mails an hour per address and per client address (the cache)."""

from django.conf import settings
from django.core.cache import cache

from prevex.accounts.usernames import hashed_username
from prevex.core.clientip import client_ip

PERIOD_SECONDS = 60 * 60


def _within(key: str, limit: int) -> bool:
    """Count one more request in the window opened by the first one; True while the count is within limit."""
    cache.add(key, 0, PERIOD_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, PERIOD_SECONDS)
        count = 1
    return count <= limit


def password_reset_allowed(request, email: str) -> bool:
    by_address = _within(
        f"prevex:reset:address:{hashed_username(email.strip().lower())}", settings.PREVEX_PASSWORD_RESET_PER_ADDRESS
    )
    by_ip = _within(f"prevex:reset:ip:{client_ip(request)}", settings.PREVEX_PASSWORD_RESET_PER_IP)
    return by_address and by_ip
