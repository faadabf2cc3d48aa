"""The watermark of what a preview was decided against: the day, and the team's journal of writes.

Every write on a team's data is journaled in the same transaction (the one writer of situations and events,
the eligibility rules, imports and their undo), so the count and the last id of the team's write entries
change with any write committed since: the count catches a transaction still open when the watermark was
taken that commits later with a smaller id, and the journal's own purge journals itself (its entry's id is
the new last one). Reads, logins and uploads are not writes and do not count, nor are the column profiles, which
say how to read the team's next files and no decision reads.
"""

from django.db.models import Count, Max
from django.utils import timezone

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import MappingProfile

WRITES = (
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.IMPORT,
    AuditAction.ANONYMISE,
    AuditAction.UNDO,
    AuditAction.PURGE,
)

NOT_READ = MappingProfile._meta.label_lower


def watermark(team) -> list:
    """[today, number of the team's write entries, the last one's id]: JSON, compared as a whole."""
    writes = AuditEntry.objects.filter(team=team, action__in=WRITES).exclude(target_type=NOT_READ)
    journal = writes.aggregate(count=Count("id"), last=Max("id"))
    return [timezone.localdate().isoformat(), journal["count"], journal["last"]]
