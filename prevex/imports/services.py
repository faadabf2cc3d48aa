"""What every import pipeline shares: the batch kept with its file, the journal, one import at a time per team,
the cancellation. Nothing of a file is written to the team's situations before its confirmation."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import chunks
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.profiles import profile_save
from prevex.imports.reading import ImportFileError
from prevex.organisations.models import Team
from prevex.situations.models import Situation
from prevex.situations.services import lock_situations


def new_batch(team, kind: str, data: bytes, filename: str, user, **fields) -> ImportBatch:
    """A batch for a file just received (not saved: `store_upload` saves it with its file)."""
    sha256 = hashlib.sha256(data).hexdigest()
    return ImportBatch(team=team, kind=kind, filename=filename[:255], uploaded_by=user, sha256=sha256, **fields)


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


def journal_commit(batch: ImportBatch, user, details: dict) -> None:
    AuditEntry.log(
        actor=user,
        action=AuditAction.IMPORT,
        target=batch,
        team=batch.team,
        details={"kind": batch.kind, "sha256": batch.sha256, **details},
    )


def last_commit_of(team, kind: str, sha256: str) -> str | None:
    """When this very file was last imported by the team (ISO date-time), if it was."""
    batch = ImportBatch.objects.for_team(team).of_kind(kind).filter(sha256=sha256, status=ImportStatus.COMMITTED)
    batch = batch.first()
    return batch.committed_at.isoformat() if batch and batch.committed_at else None


def check_pending(batch: ImportBatch) -> None:
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportFileError(_("Cet import a déjà été confirmé ou annulé."))


def lock_pending(batch: ImportBatch) -> ImportBatch:
    """The batch, locked, refused if it was confirmed or cancelled meanwhile."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    return batch


def lock_team_imports(team) -> None:
    """One import at a time per team (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers):
    the second one then sees the first one's situations, and adds no duplicate.

    FOR NO KEY UPDATE, not FOR UPDATE: inserting a journal entry takes a KEY SHARE lock on its team, and an
    event recorded meanwhile, which holds its situation, must not wait for the team there: it would deadlock
    with the import (or its undo) waiting for that situation."""
    Team.objects.select_for_update(no_key=True).only("pk").get(pk=team.pk)


def lock_named_situations(batch: ImportBatch) -> None:
    """Lock the team's situations the preview's rows name (by reference or as the situation they match) before
    deciding again at confirmation: a write on one meanwhile is then either seen, or waits for the import."""
    rows = batch.summary.get("details", [])
    references = [row["reference"] for row in rows if row.get("reference")]
    public_ids = [row["existing"] for row in rows if row.get("existing")]
    team_situations = Situation.objects.for_team(batch.team)
    pks = set()
    for chunk in chunks(references):
        pks.update(team_situations.filter(reference__any=chunk).values_list("pk", flat=True))
    for chunk in chunks(public_ids):
        pks.update(team_situations.filter(public_id__any=chunk).values_list("pk", flat=True))
    for chunk in chunks(sorted(pks)):  # in pk order across chunks too, as every writer locks
        lock_situations(Situation.objects.filter(pk__any=chunk))


# Where a pipeline keeps, in a pending batch's summary, what its preview decided (a form of the file's content:
# dropped with the file, at confirmation or cancellation).
PLAN_KEY = "plan"


@transaction.atomic
def batch_cancel(*, batch: ImportBatch, user) -> None:
    batch = lock_pending(batch)
    batch.status = ImportStatus.CANCELLED
    batch.summary = {key: value for key, value in batch.summary.items() if key != PLAN_KEY}
    batch.save(update_fields=["status", "summary"])
    AuditEntry.log(actor=user, action=AuditAction.CANCEL, target=batch, team=batch.team, details={"kind": batch.kind})
    file = batch.file
    transaction.on_commit(lambda: file.delete(save=False))  # a cancelled upload keeps no personal data


SAMPLE_ROWS, SAMPLE_LENGTH = 3, 60  # the first rows' cells, shown to choose the columns


def preview_summary(batch: ImportBatch, preview, profile, **extra) -> dict:
    """What a batch keeps of its preview, for every pipeline: the preview's own summary (counts, rows, the
    fingerprint of what confirming would write), the file's headers and first cells (the column step), the
    profile it was read with, and whether the same file was already imported."""
    layout = preview.layout
    return {
        **preview.summary(),
        "headers": layout.headers,
        "header_line": layout.header_line,
        "samples": [[str(cell)[:SAMPLE_LENGTH] for cell in cells] for _line, cells in layout.data[:SAMPLE_ROWS]],
        "profile": profile.name if profile else "",
        "already_committed": last_commit_of(batch.team, batch.kind, batch.sha256),
        **extra,
    }


@transaction.atomic
def batch_remap(*, batch: ImportBatch, mapping: list[str], decide, summarise, save_as: str = "", user=None, codes=None):
    """Decide a pending batch again with the columns (and the meaning of the team's own codes) the user chose,
    optionally saved as the team's profile of this header: `decide(batch, mapping)` is the pipeline's preview,
    `summarise(batch, preview, profile)` what its batch keeps of it."""
    batch = lock_pending(batch)
    preview = decide(batch, mapping)
    profile = None
    if save_as and not preview.problems:
        extra = {} if codes is None else {"codes": codes}
        profile = profile_save(batch=batch, name=save_as, layout=preview.layout, mapping=mapping, user=user, **extra)
    batch.mapping = mapping
    batch.summary = summarise(batch, preview, profile)
    batch.save(update_fields=["mapping", "summary"])
    return preview
