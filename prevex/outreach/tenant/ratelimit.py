"""How often the tenant's page answers one client address, and takes requests for one link (fixed windows of
`prevex/core/ratelimit.py`)."""

from django.utils.crypto import salted_hmac

from prevex.core.clientip import client_ip
from prevex.core.ratelimit import hit, within_limit
from prevex.outreach.tenant.conf import setting

DAY = 24 * 60 * 60


def client_key(request) -> str:
    """The client's address, keyed (neither the cache nor the journal keeps a tenant's address in clear)."""
    return salted_hmac("prevex.outreach.tenant.client", client_ip(request)).hexdigest()[:32]


def page_hit(request) -> int:
    """One more request to the page from this client address, whatever the token: how many in the window (the
    page answers PREVEX_TENANT_PAGE_PER_IP of them per PREVEX_TENANT_PAGE_WINDOW seconds)."""
    return hit("tenant:ip", client_key(request), setting("PREVEX_TENANT_PAGE_WINDOW"))


def page_limit() -> int:
    return setting("PREVEX_TENANT_PAGE_PER_IP")


def request_allowed(token_hash: str) -> bool:
    """The requests sent through one link (valid ones only): PREVEX_TENANT_PAGE_POSTS_PER_DAY a day."""
    return within_limit("tenant:post", token_hash, setting("PREVEX_TENANT_PAGE_POSTS_PER_DAY"), DAY)
