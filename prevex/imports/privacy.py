"""What import batches hold about households, for the privacy registry; and their purge after a short delay.

A batch keeps the file as received and a summary: counts, and one row per line of the file (names, values,
error messages quoting cells). A file mixes households and cannot be partly erased: it is deleted as soon as
one household it mentions is erased, and in any case a short delay after its upload (pending or cancelled:
PREVEX_IMPORT_PENDING_DAYS), its commit (PREVEX_IMPORT_KEEP_DAYS) or, for the social services' answers,
their application (PREVEX_IMPORT_PENDING_DAYS). The rows of an erased household are blanked at once;
purging a batch keeps its counts only. Its file name, which may be a person's, goes with the file.
"""

import datetime as dt
from collections import Counter
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.organisations.models import Team

EXTENSIONS = frozenset({".csv", ".xlsx", ".xls", ".ods", ".txt"})
# What the summary of a purged batch keeps besides its counts (numbers).
KEPT_TEXTS = ("profile",)


def anonymise(situation) -> None:
    """Blank the household's rows in the team's tracking sheets; delete the file that brought the situation."""

    for batch in team_batches(situation, ImportKind.SUIVI):
        blank = {"name": "", "tenant": "", "errors": [], "warnings": [], "reason": ""}
        erase_rows(batch, _sheet_rows_about(situation), blank=blank)
    if situation.import_batch_id:
        drop_file(ImportBatch.objects.select_for_update().get(pk=situation.import_batch_id))


def _sheet_rows_about(situation):
    public_id, reference = str(situation.public_id), situation.reference

    def is_about(row: dict) -> bool:
        # A conflict's row has the situation's reference, but is about another household.
        same_reference = bool(reference) and row.get("reference") == reference and row.get("decision") != "conflict"
        return row.get("situation") == public_id or same_reference

    return is_about


def personal_data(situation) -> dict:
    is_about = _sheet_rows_about(situation)
    return {
        "tracking_sheet_rows": [
            {
                **describe(batch),
                "line": row["line"],
                "decision": row["decision"],
                "tenant": row.get("name") or row.get("tenant", ""),  # "tenant" in batches kept before 2026-12
                "errors": row.get("errors", []),
            }
            for batch in team_batches(situation, ImportKind.SUIVI, locked=False)
            for row in filter(is_about, batch.summary.get("details", []))
        ]
    }


def describe(batch: ImportBatch) -> dict:
    return {
        "file": f"{batch.get_kind_display()} « {batch.filename} »",
        "uploaded_at": timezone.localtime(batch.created_at).isoformat(timespec="seconds"),
        "status": batch.get_status_display(),
        "file_kept": bool(batch.file),
    }


def team_batches(situation, kind: str, *, locked: bool = True):
    batches = ImportBatch.objects.filter(team_id=situation.team_id, kind=kind, purged_at__isnull=True)
    return batches.select_for_update() if locked else batches


def erase_rows(batch: ImportBatch, is_about, *, blank: dict, situation_pk: int | None = None) -> bool:
    """Blank the rows `is_about` picks (and what the summary says elsewhere about their lines), then delete
    the file; a batch not committed (pending or cancelled) is purged whole. True if a row was about it."""
    rows = batch.summary.get("details", [])
    lines = {row["line"] for row in rows if is_about(row)}
    if not lines:
        return False
    if batch.status in (ImportStatus.PREVIEWED, ImportStatus.CANCELLED):
        purge_batch(batch)
        return True
    summary = {key: value for key, value in batch.summary.items() if key != "samples"}
    summary["details"] = [{**row, **blank, "erased": True} if row["line"] in lines else row for row in rows]
    if isinstance(summary.get("errors"), list):
        summary["errors"] = [error for error in summary["errors"] if error.get("line") not in lines]
    written = summary.get("written")
    if situation_pk is not None and isinstance(written, dict) and written.get("applied"):
        applied = [change for change in written["applied"] if change.get("situation") != situation_pk]
        summary["written"] = {**written, "applied": applied}
    summary["erased_rows"] = summary.get("erased_rows", 0) + len(lines)
    batch.summary = summary
    batch.save(update_fields=["summary"])
    drop_file(batch)
    return True


def drop_file(batch: ImportBatch) -> None:
    """Delete the kept file (once the transaction is committed) and replace its name by a neutral one."""
    name, storage = batch.file.name, batch.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    batch.file, batch.filename = "", neutral_filename(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(file="", filename=batch.filename)


def neutral_filename(batch: ImportBatch) -> str:
    extension = PurePath(batch.filename).suffix.lower()
    day = timezone.localtime(batch.created_at).date() if batch.created_at else timezone.localdate()
    return f"{batch.kind}-{day:%Y-%m-%d}{extension if extension in EXTENSIONS else ''}"


def purge_batch(batch: ImportBatch) -> None:
    """Keep only the counts of a batch: file, file name and per-row detail deleted; a pending one is cancelled."""
    drop_file(batch)
    if batch.status == ImportStatus.PREVIEWED:
        batch.status = ImportStatus.CANCELLED
    batch.summary = reduced(batch.summary)
    batch.purged_at = timezone.now()
    batch.save(update_fields=["status", "summary", "purged_at"])


def reduced(summary: dict) -> dict:
    kept = {
        key: value
        for key, value in summary.items()
        if isinstance(value, int) or (key in KEPT_TEXTS and isinstance(value, str))
    }
    if isinstance(summary.get("written"), dict):
        kept["written"] = {key: value for key, value in summary["written"].items() if isinstance(value, int)}
    return kept


def due_for_purge(now: dt.datetime):
    pending = now - dt.timedelta(days=settings.PREVEX_IMPORT_PENDING_DAYS)
    kept = now - dt.timedelta(days=settings.PREVEX_IMPORT_KEEP_DAYS)
    not_committed = Q(status__in=[ImportStatus.PREVIEWED, ImportStatus.CANCELLED], created_at__lt=pending)
    applied_answers = Q(kind=ImportKind.SOCIAL_SERVICES, status=ImportStatus.COMMITTED, committed_at__lt=pending)
    committed = Q(status__in=[ImportStatus.COMMITTED, ImportStatus.UNDONE], committed_at__lt=kept)
    return ImportBatch.objects.filter(not_committed | applied_answers | committed, purged_at__isnull=True)


def purge(*, now: dt.datetime, wet: bool) -> int:
    """The nightly purge (`apply_retention`): the batches past their delay (counted only unless `wet`)."""
    due = due_for_purge(now)
    if not wet:
        return due.count()
    purged = Counter()
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            batch = due.select_for_update().filter(pk=pk).first()
            if batch is not None:
                purge_batch(batch)
                purged[batch.team_id] += 1
    for team in Team.objects.filter(pk__in=purged):
        AuditEntry.log(
            actor=None, action=AuditAction.PURGE, target=team, team=team, details={"imports": purged[team.pk]}
        )
    return sum(purged.values())


def undo_refused(batch: ImportBatch) -> str:
    """Why an import whose detail was erased can no longer be undone ('' if it can)."""
    if batch.purged_at or batch.summary.get("erased_rows"):
        return _(
            "Le détail de cet import a été effacé (durée de conservation ou demande d'effacement) : "
            "il ne peut plus être défait."
        )
    return ""
