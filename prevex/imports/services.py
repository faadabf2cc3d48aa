"""Import use cases: upload and preview, confirm, cancel. Nothing is written before confirmation."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports import tracking_sheet
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError, read_table
from prevex.organisations.models import Team


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
    batch = ImportBatch(team=team, kind=ImportKind.SUIVI, filename=filename[:255], uploaded_by=user,
                        sha256=sha256, summary=summary)  # fmt: skip
    batch.file.save("upload", ContentFile(data), save=False)
    batch.save()
    return batch, result


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
    the second one then sees the first one's situations, and adds no duplicate."""
    Team.objects.select_for_update().only("pk").get(pk=team.pk)


@transaction.atomic
def batch_commit(*, batch: ImportBatch, user) -> dict:
    """Write the valid rows of the batch, all in one transaction, and journal it."""
    lock_team_imports(batch.team)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    result = batch_preview(batch)
    written = tracking_sheet.commit(batch.team, result, user)
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    batch.summary = {**result.summary(), "written": written}
    batch.save(update_fields=["status", "committed_at", "summary"])
    AuditEntry.log(actor=user, action=AuditAction.IMPORT, target=batch, team=batch.team,
                   details={"kind": batch.kind, "sha256": batch.sha256, **written})  # fmt: skip
    return written


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, user) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    batch.status = ImportStatus.CANCELLED
    batch.save(update_fields=["status"])
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
    AuditEntry.log(actor=user, action=AuditAction.IMPORT, target=team, team=team,
                   details={"kind": ImportKind.SUIVI, "file": filename,
                            "sha256": hashlib.sha256(data).hexdigest(), **written})  # fmt: skip
    return result, written


def import_file(*, team, data: bytes, filename: str, user=None) -> dict:
    """What `import_sheet` wrote."""
    return import_sheet(team=team, data=data, filename=filename, user=user)[1]
