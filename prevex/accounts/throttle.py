"""Password reset requests: at most a few e-mails an hour per address and per client address (the cache)."""

from django.conf import settings

from prevex.accounts.usernames import hashed_username
from prevex.core.clientip import client_ip
from prevex.core.ratelimit import within_limit

PERIOD_SECONDS = 60 * 60


def password_reset_allowed(request, email: str) -> bool:
    address = hashed_username(email.strip().lower())
    by_address = within_limit("reset:address", address, settings.PREVEX_PASSWORD_RESET_PER_ADDRESS, PERIOD_SECONDS)
    by_ip = within_limit("reset:ip", client_ip(request), settings.PREVEX_PASSWORD_RESET_PER_IP, PERIOD_SECONDS)
    return by_address and by_ip
