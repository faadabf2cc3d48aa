"""The client's address, read in one place for the lockout (django-axes) and the journal.

Behind reverse proxies every request comes from the nearest proxy: the client's address is then the entry of
X-Forwarded-For that the outermost trusted proxy appended, the Nth from the right for N proxies
(PREVEX_TRUSTED_PROXY_COUNT). Entries further left are whatever the client chose to send and are ignored;
without the setting the header is ignored altogether (anyone could write it).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PREVEX_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote[:45]
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:  # not through the proxies (or they do not set the header): the peer's address
        return remote[:45]
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote[:45]
