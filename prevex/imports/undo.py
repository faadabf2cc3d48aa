"""Undoing a confirmed import, for every pipeline that can: while nobody touched what it wrote.

The pipeline says which situations its import touched, why it can no longer be undone, and how to take back
what it wrote; this module locks, asks, reverts, journals and deletes the kept file, once for all.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from prevex.audit.models import SITUATION_TYPE, AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.privacy import undo_refused
from prevex.imports.reading import ImportFileError
from prevex.imports.services import lock_team_imports
from prevex.situations.models import Situation
from prevex.situations.services import lock_situations


def created_by(batch: ImportBatch):
    return Situation.objects.filter(import_batch=batch)


def not_undoable(batch: ImportBatch) -> str:
    """Why no import of this batch can be undone, whatever its pipeline ('' if it can be)."""
    if batch.status != ImportStatus.COMMITTED:
        return _("Seul un import confirmé peut être défait.")
    return undo_refused(batch)


def touched_since(batch: ImportBatch, situations) -> bool:
    """Whether anything was written on these situations (a queryset) since the import: every write is
    journaled by the one writer, so a journal entry about them or their events (an event, an edit, referents…)
    after the import's own entry."""
    imported = AuditEntry.objects.filter(
        action=AuditAction.IMPORT, target_type=ImportBatch._meta.label_lower, target_id=str(batch.public_id)
    ).aggregate(last=Max("pk"))["last"]
    public_ids = [str(public_id) for public_id in situations.values_list("public_id", flat=True)]
    about = Q(target_type=SITUATION_TYPE, target_id__in=public_ids) | Q(details__situation__in=public_ids)
    since = Q(pk__gt=imported) if imported else Q(created_at__gt=batch.committed_at)
    # An undo's own entries, and what a later import wrote once it was undone itself, no longer count. (A JSON
    # key absent from an entry is NULL in SQL: each exclusion also asks that the key be there.)
    later = AuditEntry.objects.filter(about, since).exclude(action=AuditAction.VIEW).exclude(details__has_key="undo")
    undone = ImportBatch.objects.filter(team=batch.team, status=ImportStatus.UNDONE)
    undone_ids = [str(public_id) for public_id in undone.values_list("public_id", flat=True)]
    if undone_ids:
        later = later.exclude(Q(details__has_key="import") & Q(details__import__in=undone_ids))
    return later.exists()


@transaction.atomic
def batch_undo(
    *, batch: ImportBatch, user, touched: Callable, blocker: Callable[[ImportBatch], str], revert: Callable
) -> dict:
    """Lock the team's imports, the batch and the situations it touched (`touched(batch)`, a queryset), by pk
    as every writer does — an event or an edit racing with the undo either came first, and the undo sees it and
    refuses, or waits for it —, then, unless `blocker(batch)` says why not, `revert(batch, user)`: {removed,
    reverted}."""
    lock_team_imports(batch.team)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    lock_situations(touched(batch))
    if message := blocker(batch):
        raise ImportFileError(message)
    undone = revert(batch, user)
    batch.status = ImportStatus.UNDONE
    batch.save(update_fields=["status"])
    details = {"created_removed": undone["removed"], "updates_reverted": undone["reverted"]}
    AuditEntry.log(actor=user, action=AuditAction.UNDO, target=batch, team=batch.team, details=details)
    file = batch.file
    transaction.on_commit(lambda: file.delete(save=False))
    return undone
