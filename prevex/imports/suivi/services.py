"""The tracking sheet's use cases: upload, columns, preview, confirm (the page, or the command line's --commit)."""

import hashlib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import chunks
from prevex.imports import profiles, services, undo
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.pipeline import Decision
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.suivi import sheet
from prevex.imports.suivi.fields import CATALOGUE
from prevex.situations import services as services_writer
from prevex.situations.models import Event, Situation


def read_preview(
    *, team, data: bytes, filename: str, mapping: list[str] | None = None, codes: dict | None = None
) -> sheet.Preview:
    """Validate a tracking sheet without writing anything (raises ImportFileError if unreadable)."""
    layout = sheet.read_sheet(read_table(data, filename))
    return sheet.preview(team, layout, mapping=mapping, codes=codes)


def batch_upload(*, team, data: bytes, filename: str, user) -> tuple[ImportBatch, sheet.Preview]:
    """Keep the file as received, in a batch awaiting its columns (the format's own headers, the team's saved
    profile for this header, or a suggestion) and its confirmation, and return its preview.

    A file that cannot be imported at all (unreadable, no data row) raises ImportFileError and is not kept.
    """
    layout = sheet.read_sheet(read_table(data, filename))  # read once: for the profile, then the preview
    profile = profiles.profile_for(team, ImportKind.SUIVI, layout)
    mapping = profiles.mapping_for(layout, profile, CATALOGUE) if profile else sheet.suggested_mapping(layout)
    codes = profile.codes if profile else {}
    result = sheet.preview(team, layout, mapping=mapping, codes=codes)
    if result.file_errors and not result.problems:
        raise ImportFileError(*(str(error) for error in result.file_errors))
    batch = services.new_batch(team, ImportKind.SUIVI, data, filename, user)
    batch.mapping = mapping
    batch.summary = _summary(batch, result, profile, codes)
    services.store_upload(batch, data, user)
    return batch, result


def _summary(batch: ImportBatch, result: sheet.Preview, profile, codes: dict) -> dict:
    layout = result.layout
    return services.preview_summary(
        batch,
        result,
        profile,
        codes=codes,
        unknown_codes=sheet.unknown_codes(layout, result.mapping, codes),
        problems=result.problems,
        exact=sheet.exact_mapping(layout),
    )


def batch_preview(batch: ImportBatch, codes: dict | None = None) -> sheet.Preview:
    with batch.file.open("rb") as stored:
        data = stored.read()
    codes = batch.summary.get("codes", {}) if codes is None else codes
    return read_preview(team=batch.team, data=data, filename=batch.filename, mapping=batch.mapping or None, codes=codes)


def batch_remap(
    *, batch: ImportBatch, mapping: list[str], codes: dict | None = None, save_as: str = "", user=None
) -> sheet.Preview:
    """Decide again with the columns (and the meaning of the team's own codes) the user chose, optionally saved
    as the team's profile of this header."""
    codes = codes or {}
    return services.batch_remap(
        batch=batch,
        mapping=mapping,
        decide=lambda batch, mapping: _preview_with(batch, mapping, codes),
        summarise=lambda batch, result, profile: _summary(batch, result, profile, codes),
        save_as=save_as,
        user=user,
        codes=codes,
    )


def _preview_with(batch: ImportBatch, mapping: list[str], codes: dict) -> sheet.Preview:
    batch.mapping = mapping
    return batch_preview(batch, codes)


@transaction.atomic
def batch_commit(*, batch: ImportBatch, user) -> dict:
    """Write the valid rows of the batch, all in one transaction, and journal it."""
    services.lock_team_imports(batch.team)
    batch = services.lock_pending(batch)
    services.lock_named_situations(batch)
    result = batch_preview(batch)
    if result.file_errors:
        raise ImportFileError(*(str(error) for error in result.file_errors))
    written = sheet.commit(batch.team, result, user, batch=batch)
    counts = {key: value for key, value in written.items() if key != "applied"}
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    kept = {key: batch.summary[key] for key in ("profile", "headers", "header_line", "codes") if key in batch.summary}
    batch.summary = {**result.summary(), **kept, "written": written}  # the first rows' cells are no longer needed
    link_rows_to_situations(batch)
    batch.save(update_fields=["status", "committed_at", "summary"])
    services.journal_commit(batch, user, counts)
    return counts


def undo_blocker(batch: ImportBatch) -> str:
    """Why the import can no longer be undone ('' if it can): something was written since on a situation it
    created or added events to."""
    if refused := undo.not_undoable(batch):
        return refused
    added = batch.summary.get("written", {}).get("applied", [])
    if added and Event.objects.filter(pk__in=added).count() != len(added):
        return _("Un événement ajouté par cet import a été supprimé depuis.")
    if undo.touched_since(batch, _touched(batch)):
        return _("Une situation créée ou complétée par cet import a été modifiée depuis.")
    return ""


def _touched(batch: ImportBatch):
    added = batch.summary.get("written", {}).get("applied", [])
    completed = Event.objects.filter(pk__in=added).values("situation_id")
    return Situation.objects.filter(Q(import_batch=batch) | Q(pk__in=completed))


def _revert(batch: ImportBatch, user) -> dict:
    """Its new situations removed, the events it added to known ones deleted."""
    written = batch.summary["written"]
    added = written.get("applied", [])
    details = {"import": str(batch.public_id), "undo": True}
    services_writer.events_delete_many(team=batch.team, events=added, author=user, details=details)
    services_writer.situations_delete(undo.created_by(batch))
    return {"removed": written["created"], "reverted": written["updated"]}


def batch_undo(*, batch: ImportBatch, user) -> dict:
    """Remove what the import wrote: its new situations, and the events it added to situations already known."""
    return undo.batch_undo(batch=batch, user=user, touched=_touched, blocker=undo_blocker, revert=_revert)


def link_rows_to_situations(batch: ImportBatch) -> None:
    """Each written row names its situation: an erasure finds it even if the reference is corrected later."""
    # Not a conflict's row: it is another household than the situation with its reference.
    linked = (*Decision.WRITTEN, Decision.UNCHANGED)
    rows = [row for row in batch.summary.get("details", []) if row["decision"] in linked]
    public_ids = {}
    for chunk in chunks([row["reference"] for row in rows]):
        public_ids.update(
            Situation.objects.for_team(batch.team).filter(reference__in=chunk).values_list("reference", "public_id")
        )
    for row in rows:
        if row["reference"] in public_ids:
            row["situation"] = str(public_ids[row["reference"]])


@transaction.atomic
def import_sheet(*, team, data: bytes, filename: str, user=None) -> tuple[sheet.Preview, dict]:
    """Preview and commit in one go, validating once (the command line's --commit): (preview, written)."""
    services.lock_team_imports(team)
    result = read_preview(team=team, data=data, filename=filename)
    if result.file_errors:
        raise ImportFileError(*(str(error) for error in result.file_errors))
    written = sheet.commit(team, result, user)
    written.pop("applied")  # without a batch, no undo
    details = {"kind": ImportKind.SUIVI, "sha256": hashlib.sha256(data).hexdigest(), **written}
    AuditEntry.log(actor=user, action=AuditAction.IMPORT, target=team, team=team, details=details)
    return result, written


def import_file(*, team, data: bytes, filename: str, user=None) -> dict:
    """What `import_sheet` wrote."""
    return import_sheet(team=team, data=data, filename=filename, user=user)[1]
