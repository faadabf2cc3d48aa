"""Import use cases: upload and preview, confirm, cancel. Nothing is written before confirmation."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import chunks
from prevex.imports import tracking_sheet
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError, read_table
from prevex.organisations.models import Team
from prevex.situations.models import Situation


def read_preview(*, team, data: bytes, filename: str) -> tracking_sheet.Preview:
    """Validate a tracking sheet without writing anything (raises ImportFileError if unreadable)."""
    if len(data) > settings.PREVEX_IMPORT_MAX_BYTES:
        limit = settings.PREVEX_IMPORT_MAX_BYTES // (1024 * 1024)
        raise ImportFileError(
            _("« %(name)s » dépasse la taille maximale de %(limit)s Mo.") % {"name": filename, "limit": limit}
        )
    return tracking_sheet.preview(team, read_table(data, filename))


def batch_upload(*, team, data: bytes, filename: str, user) -> tuple[ImportBatch, tracking_sheet.Preview]:
    """Keep the file as received, in a batch awaiting confirmation, and return its preview.

    A file that cannot be imported at all (unreadable, required columns missing) raises ImportFileError
    and is not kept.
    """
    result = read_preview(team=team, data=data, filename=filename)
    if result.file_errors:
        raise ImportFileError(*(str(error) for error in result.file_errors))
    sha256 = hashlib.sha256(data).hexdigest()
    summary = {**result.summary(), "already_committed": _last_commit_of(team, sha256)}
    batch = ImportBatch(
        team=team, kind=ImportKind.SUIVI, filename=filename[:255], uploaded_by=user, sha256=sha256, summary=summary
    )
    store_upload(batch, data, user)
    return batch, result


def store_upload(batch: ImportBatch, data: bytes, user) -> None:
    """Save the batch with its file, and journal it: all of it, or nothing, not even the file.

    The file holds personal data: if the database refuses the batch (or anything fails once the file is
    written), the file is deleted, never left on disk without a batch to find it (and erase it).
    """
    batch.file.save("upload", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            batch.save()
            journal_upload(batch, user)
    except BaseException:
        batch.file.delete(save=False)
        raise


def journal_upload(batch: ImportBatch, user) -> None:
    """A file received, before anything is written (any pipeline). Never its name: it may carry a person's."""
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPLOAD,
        target=batch,
        team=batch.team,
        details={"kind": batch.kind, "sha256": batch.sha256, "rows": len(batch.summary.get("details", []))},
    )


def journal_view(batch: ImportBatch, user, *, view: str, page: int | None = None) -> None:
    """A page of a batch that lists the households of the file was shown (once per page shown)."""
    details = {"kind": batch.kind, "view": view} | ({"page": page} if page is not None else {})
    AuditEntry.log(actor=user, action=AuditAction.VIEW, target=batch, team=batch.team, details=details)


def _last_commit_of(team, sha256: str) -> str | None:
    """When this very file was last imported by the team (ISO date-time), if it was."""
    batch = ImportBatch.objects.filter(team=team, sha256=sha256, status=ImportStatus.COMMITTED).first()
    return batch.committed_at.isoformat() if batch and batch.committed_at else None


def batch_preview(batch: ImportBatch) -> tracking_sheet.Preview:
    with batch.file.open("rb") as stored:
        return read_preview(team=batch.team, data=stored.read(), filename=batch.filename)


def check_pending(batch: ImportBatch) -> None:
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportFileError(_("Cet import a déjà été confirmé ou annulé."))


def lock_team_imports(team) -> None:
    """One import at a time per team (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers):
    the second one then sees the first one's situations, and adds no duplicate.

    FOR NO KEY UPDATE, not FOR UPDATE: inserting a journal entry takes a KEY SHARE lock on its team, and an
    event recorded meanwhile, which holds its situation, must not wait for the team there: it would deadlock
    with the import (or its undo) waiting for that situation."""
    Team.objects.select_for_update(no_key=True).only("pk").get(pk=team.pk)


@transaction.atomic
def batch_commit(*, batch: ImportBatch, user) -> dict:
    """Write the valid rows of the batch, all in one transaction, and journal it."""
    lock_team_imports(batch.team)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    result = batch_preview(batch)
    written = tracking_sheet.commit(batch.team, result, user, batch=batch)
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    batch.summary = {**result.summary(), "written": written}
    link_rows_to_situations(batch)
    batch.save(update_fields=["status", "committed_at", "summary"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.IMPORT,
        target=batch,
        team=batch.team,
        details={"kind": batch.kind, "sha256": batch.sha256, **written},
    )
    return written


def link_rows_to_situations(batch: ImportBatch) -> None:
    """Each written row names its situation: an erasure finds it even if the reference is corrected later."""
    rows = [row for row in batch.summary.get("details", []) if row["decision"] != tracking_sheet.Decision.ERROR]
    public_ids = {}
    for chunk in chunks([row["reference"] for row in rows]):
        public_ids.update(
            Situation.objects.for_team(batch.team).filter(reference__in=chunk).values_list("reference", "public_id")
        )
    for row in rows:
        if row["reference"] in public_ids:
            row["situation"] = str(public_ids[row["reference"]])


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, user) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    batch.status = ImportStatus.CANCELLED
    batch.save(update_fields=["status"])
    AuditEntry.log(actor=user, action=AuditAction.CANCEL, target=batch, team=batch.team, details={"kind": batch.kind})
    file = batch.file
    transaction.on_commit(lambda: file.delete(save=False))  # a cancelled upload keeps no personal data


@transaction.atomic
def import_sheet(*, team, data: bytes, filename: str, user=None) -> tuple[tracking_sheet.Preview, dict]:
    """Preview and commit in one go, validating once (the command line's --commit): (preview, written)."""
    lock_team_imports(team)
    result = read_preview(team=team, data=data, filename=filename)
    if result.file_errors:
        raise ImportFileError(*(str(error) for error in result.file_errors))
    written = tracking_sheet.commit(team, result, user)
    AuditEntry.log(
        actor=user,
        action=AuditAction.IMPORT,
        target=team,
        team=team,
        details={"kind": ImportKind.SUIVI, "sha256": hashlib.sha256(data).hexdigest(), **written},
    )
    return result, written


def import_file(*, team, data: bytes, filename: str, user=None) -> dict:
    """What `import_sheet` wrote."""
    return import_sheet(team=team, data=data, filename=filename, user=user)[1]
