"""The tenant page's lines of the journal: every visit and every request, valid link or not.

No personal value goes in clear: the client's address is keyed (`ratelimit.client_key`), the token is never
written, the phone given is under `phone` (PERSONAL_KEYS: kept apart, erased with the household).
"""

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach.tenant.models import TenantLink
from prevex.outreach.tenant.ratelimit import client_key

LINK_TYPE = TenantLink._meta.label_lower


def log(request, resolution, what: str, *, action: str = AuditAction.VIEW, **details) -> AuditEntry:
    """One entry: about the situation when the token opened a link (valid, expired or revoked), about an
    unknown link otherwise (no team: a forged token names none)."""
    details = {"tenant_page": what, "client": client_key(request), "method": request.method, **details}
    if resolution is None or resolution.link is None:
        details["link"] = resolution.status if resolution is not None else "unchecked"
        return AuditEntry.objects.create(actor=None, action=action, target_type=LINK_TYPE, details=details)
    link = resolution.link
    details["link"] = resolution.status
    return AuditEntry.log(actor=None, action=action, target=link.situation, team=link.team, details=details)
