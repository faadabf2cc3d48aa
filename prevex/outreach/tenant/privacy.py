"""What the tenant's page holds about a household, for the privacy registry (`prevex/privacy/registry.py`).

Its links (when made, until when valid, revoked or not; never the token). Anonymisation deletes them: the
tokens already printed then open the generic page, which names no team. The phone a tenant gave on the page
went to the timeline's note (erased by the situations holder) and to the label of the task it opened (taken
back to the task's kind by the outreach holder).
"""

from prevex.outreach.tenant.models import TenantLink


def anonymise(situation) -> None:
    TenantLink.objects.filter(situation_id=situation.pk).delete()


def _day(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(situation) -> dict:
    links = TenantLink.objects.filter(situation_id=situation.pk).select_related("situation").order_by("created_at")
    return {
        "tenant_links": [
            {
                "created_on": _day(link.created_at.date()),
                "expires_on": _day(link.expires_on(link.situation.hearing_date)),
                "revoked_on": _day(link.revoked_at.date() if link.revoked_at else None),
            }
            for link in links
        ]
    }
