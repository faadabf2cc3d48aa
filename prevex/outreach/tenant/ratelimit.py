"""How often the tenant's page answers one client address, and takes requests for one link (fixed windows of
`prevex/core/ratelimit.py`)."""

from django.utils.crypto import salted_hmac

from prevex.core.clientip import client_ip
from prevex.core.ratelimit import within_limit
from prevex.outreach.tenant.conf import setting

DAY = 24 * 60 * 60


def client_key(request) -> str:
    """The client's address, keyed (neither the cache nor the journal keeps a tenant's address in clear)."""
    return salted_hmac("prevex.outreach.tenant.client", client_ip(request)).hexdigest()[:32]


def page_allowed(request) -> bool:
    """Every request to the page, whatever the token: PREVEX_TENANT_PAGE_PER_IP per 10 minutes."""
    return within_limit(
        "tenant:ip", client_key(request), setting("PREVEX_TENANT_PAGE_PER_IP"), setting("PREVEX_TENANT_PAGE_WINDOW")
    )


def request_allowed(token_hash: str) -> bool:
    """The requests sent through one link: PREVEX_TENANT_PAGE_POSTS_PER_DAY a day."""
    return within_limit("tenant:post", token_hash, setting("PREVEX_TENANT_PAGE_POSTS_PER_DAY"), DAY)
