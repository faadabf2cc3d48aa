"""The journal entries the writer appends for what it did: one entry at a time, or many in one insert."""

from prevex.audit.models import AuditEntry
from prevex.core.bulk import chunks
from prevex.situations.models import Situation


def attribution(user) -> dict:
    """Who did it, as events and journal entries record it: the user and their organisation."""
    membership = getattr(user, "membership", None) if user is not None else None
    return {"author_id": getattr(user, "pk", None), "organisation_id": getattr(membership, "organisation_id", None)}


def journal(*, actor, action: str, target, details: dict | None = None, team=None) -> AuditEntry:
    return AuditEntry.log(actor=actor, action=action, target=target, details=details, team=team)


def journal_many(*, team, actor, action: str, entries: list[tuple[str, dict]]) -> int:
    """One entry per (situation public id, details), inserted in bulk; personal values in the details (values
    before and after a change) are set apart as `AuditEntry.log` does."""
    target_type = Situation._meta.label_lower
    return AuditEntry.log_many(actor=actor, team=team, action=action, target_type=target_type, entries=entries)


def public_ids(pks: list[int]) -> dict[int, str]:
    found = {}
    for chunk in chunks(pks):
        found.update(
            (pk, str(public_id))
            for pk, public_id in Situation.objects.filter(pk__any=chunk).values_list("pk", "public_id")
        )
    return found
