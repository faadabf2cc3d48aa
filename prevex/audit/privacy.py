"""What the journal holds about a household, for the privacy registry (`prevex/privacy/registry.py`).

Entries are append-only and keep field names, never personal values; those live in AuditValue rows, deleted
when the situation is anonymised. The entries themselves leave only with the journal's own retention.
"""

from django.utils.translation import gettext as _

from prevex.audit.models import AuditEntry, AuditValue


def anonymise(situation) -> None:
    AuditValue.objects.filter(situation=str(situation.public_id)).delete()


def personal_data(situation) -> dict:
    entries = (
        AuditEntry.objects.about(situation)
        .select_related("actor", "organisation", "personal")
        .order_by("created_at", "pk")
    )
    return {"journal": [_entry(entry) for entry in entries]}


def _entry(entry: AuditEntry) -> dict:
    details = entry.full_details()
    changes = [details.get(key) for key in ("before", "after")]
    changed = sorted(
        {
            *(name for change in changes if isinstance(change, dict) for name in change),
            *details.get("personal_fields", []),
        }
    )
    return {
        "date": entry.created_at.isoformat(timespec="seconds"),
        "person": str(entry.actor) if entry.actor else _("Prevex (traitement automatique)"),
        "organisation": str(entry.organisation or ""),
        "action": entry.get_action_display(),
        "object": _object(entry),
        "fields": changed,
        "details": {key: value for key, value in details.items() if key not in ("situation", "personal_fields")},
    }


def _object(entry: AuditEntry) -> str:
    return {"situations.situation": _("la situation"), "situations.event": _("un événement")}.get(
        entry.target_type, entry.target_type
    )
