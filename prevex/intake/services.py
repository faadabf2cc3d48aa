"""Use cases of the préfecture lists: upload, map, preview, confirm, undo. Nothing is written before confirmation.

The batch keeps the file as received, its column mapping and the preview the coordinator saw; confirming
reads the file again and refuses if what it would write is not what was shown.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.privacy import undo_refused
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.services import check_pending, lock_team_imports, store_upload
from prevex.intake.decisions import Decision, IntakePreview, decide
from prevex.intake.fields import suggest_mapping
from prevex.intake.layout import Layout, read_layout
from prevex.intake.matching import generated_reference_prefix
from prevex.intake.models import EligibilityRules, MappingProfile
from prevex.situations import services
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.services import lock_situations


def check_size(data: bytes, filename: str) -> None:
    if len(data) > settings.PREVEX_IMPORT_MAX_BYTES:
        limit = settings.PREVEX_IMPORT_MAX_BYTES // (1024 * 1024)
        raise ImportFileError(
            _("« %(name)s » dépasse la taille maximale de %(limit)s Mo.") % {"name": filename, "limit": limit}
        )


def _in_file(error: ImportFileError, filename: str) -> ImportFileError:
    """The same error, naming the file when its message does not already."""
    return ImportFileError(
        *(message if filename in message else f"« {filename} » : {message}" for message in error.messages)
    )


def read_list(data: bytes, filename: str, *, team) -> tuple[Layout, MappingProfile | None]:
    """The table of a préfecture list and the team's saved profile for its layout, if one fits."""
    check_size(data, filename)
    try:
        table = read_table(data, filename)
        layout = read_layout(table)
        profile = profile_for(team, layout)
        if profile and layout.signature[: len(profile.headers)] != profile.headers:
            layout = read_layout(table, signature=profile.headers)
    except ImportFileError as error:
        raise _in_file(error, filename) from error
    return layout, profile


def profile_for(team, layout: Layout) -> MappingProfile | None:
    signature = layout.signature
    for profile in MappingProfile.objects.filter(team=team).order_by("-updated_at"):
        if signature[: len(profile.headers)] == profile.headers:
            return profile
    return None


def mapping_for(layout: Layout, profile: MappingProfile | None) -> list[str]:
    mapping = list(profile.mapping) if profile else suggest_mapping(layout.headers)
    return (mapping + [""] * len(layout.headers))[: len(layout.headers)]


def preview_list(
    *, team, data: bytes, filename: str, mapping: list[str] | None = None, profile_name: str | None = None
) -> IntakePreview:
    """Every row decided, nothing written (the command line's dry run)."""
    layout, profile = read_list(data, filename, team=team)
    if profile_name is not None:
        profile = _named_profile(team, profile_name)
    return decide(team=team, layout=layout, mapping=mapping or mapping_for(layout, profile))


@transaction.atomic
def profile_delete(*, profile: MappingProfile, user) -> None:
    AuditEntry.log(actor=user, action=AuditAction.DELETE, target=profile, team=profile.team)
    profile.delete()


def _named_profile(team, name: str) -> MappingProfile:
    profile = MappingProfile.objects.filter(team=team, name=name).first()
    if profile is None:
        raise ImportFileError(_("Aucun profil « %(name)s » pour cette équipe.") % {"name": name})
    return profile


def batch_upload(
    *, team, data: bytes, filename: str, user, received_on: dt.date, profile_name: str | None = None
) -> ImportBatch:
    """Keep the file in a batch awaiting its mapping (suggested, or the saved profile's) and preview it."""
    layout, profile = read_list(data, filename, team=team)
    if profile_name is not None:
        profile = _named_profile(team, profile_name)
    batch = ImportBatch(
        team=team,
        kind=ImportKind.PREFECTURE,
        filename=filename[:255],
        uploaded_by=user,
        sha256=hashlib.sha256(data).hexdigest(),
        received_on=received_on,
        mapping=mapping_for(layout, profile),
    )
    batch.summary = _summary(batch, decide(team=team, layout=layout, mapping=batch.mapping), profile)
    store_upload(batch, data, user)
    return batch


def _summary(batch: ImportBatch, preview: IntakePreview, profile: MappingProfile | None) -> dict:
    previous = ImportBatch.objects.filter(team=batch.team, sha256=batch.sha256, status=ImportStatus.COMMITTED).first()
    return {
        **preview.summary(),
        "headers": preview.layout.headers,
        "samples": [[str(cell)[:60] for cell in cells] for _line, cells in preview.layout.data[:3]],
        "profile": profile.name if profile else "",
        "already_committed": previous.committed_at.isoformat() if previous and previous.committed_at else None,
    }


def _read_batch(batch: ImportBatch) -> Layout:
    with batch.file.open("rb") as stored:
        return read_list(stored.read(), batch.filename, team=batch.team)[0]


@transaction.atomic
def batch_remap(*, batch: ImportBatch, mapping: list[str], save_as: str = "", user=None) -> IntakePreview:
    """Decide again with the coordinator's mapping, optionally saved as the profile of this layout."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    layout = _read_batch(batch)
    preview = decide(team=batch.team, layout=layout, mapping=mapping)
    profile = None
    if save_as and not preview.problems:
        profile, created = MappingProfile.objects.update_or_create(
            team=batch.team,
            name=save_as[:100],
            defaults={"headers": layout.signature, "mapping": mapping, "created_by": user},
        )
        AuditEntry.log(
            actor=user,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            target=profile,
            team=batch.team,
            details={"import": str(batch.public_id), "fields": ["headers", "mapping"]},
        )
    batch.mapping = mapping
    batch.summary = _summary(batch, preview, profile)
    batch.save(update_fields=["mapping", "summary"])
    return preview


@transaction.atomic
def batch_commit(*, batch: ImportBatch, user) -> dict:
    """Write what the preview showed, all in one transaction; refuse if it is no longer what would happen."""
    lock_team_imports(batch.team)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    check_pending(batch)
    preview = decide(team=batch.team, layout=_read_batch(batch), mapping=batch.mapping)
    if preview.problems:
        raise ImportFileError(*preview.problems)
    if preview.fingerprint() != batch.summary.get("fingerprint"):
        raise PreviewOutdated(batch, preview)
    written = write(batch=batch, preview=preview, user=user)
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    # The first rows' cells, shown to choose the columns, are no longer needed once the list is imported.
    batch.summary = {**{key: value for key, value in batch.summary.items() if key != "samples"}, "written": written}
    batch.save(update_fields=["status", "committed_at", "summary"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.IMPORT,
        target=batch,
        team=batch.team,
        details={
            "kind": batch.kind,
            "sha256": batch.sha256,
            **{key: value for key, value in written.items() if key != "applied"},
        },
    )
    return written


class PreviewOutdated(ImportFileError):
    """The team's situations changed since the preview: it was computed again and must be looked at."""

    def __init__(self, batch: ImportBatch, preview: IntakePreview):
        super().__init__(
            _(
                "Les situations de l'équipe ont changé depuis l'aperçu (un autre import ou une saisie) : "
                "voici l'aperçu à jour, vérifiez-le avant de confirmer."
            )
        )
        self.batch, self.preview = batch, preview


def refresh_outdated(error: PreviewOutdated) -> None:
    """Keep the up-to-date preview on the batch (outside the failed transaction)."""
    batch = error.batch
    batch.summary = _summary(batch, error.preview, None) | {"profile": batch.summary.get("profile", "")}
    batch.save(update_fields=["summary"])


def write(*, batch: ImportBatch, preview: IntakePreview, user) -> dict:
    """Create the new situations (routed, with their default referents) and apply the updates, through the
    writer's bulk twins."""
    team = batch.team
    new_rows = [row for row in preview.rows if row.decision == Decision.NEW]
    services.situations_create_many(team=team, situations=_new_situations(team, batch, new_rows), author=user)
    updates = [row for row in preview.rows if row.decision == Decision.UPDATE]
    lock_situations(Situation.objects.filter(pk__in=[row.existing.pk for row in updates]))
    applied = services.situations_change_with_note(
        changes=[_change(row, batch) for row in updates], author=user, occurred_on=batch.received_on
    )
    return {"created": len(new_rows), "updated": len(applied), "applied": applied}


def _new_situations(team, batch: ImportBatch, rows) -> list[services.NewSituation]:
    """The new situations, as `situation_create` would make them, with their journal entries' details."""
    rules = EligibilityRules.for_team(team)
    check = SocialServicesCheck.TO_CHECK if rules.wait_for_social_services_check else SocialServicesCheck.UNCHECKED
    references = _references(team, sum(1 for row in rows if not row.candidate.values["reference"]))
    return [
        services.NewSituation(
            fields={
                **row.candidate.values,
                "reference": row.candidate.values["reference"] or next(references),
                "commune": row.candidate.commune,
                "received_on": batch.received_on,
                "social_services": check,
                "import_batch_id": batch.pk,
                "import_row": row.line,
            },
            details={"import": str(batch.public_id), "row": row.line},
        )
        for row in rows
    ]


def _references(team, count: int):
    """Free references ESSONNE-00042… for the households the list gives no procedure number."""
    prefix = generated_reference_prefix(team)
    taken = Situation.objects.for_team(team).filter(reference__startswith=prefix).aggregate(last=Max("reference"))
    last = taken["last"] or ""
    number = int(last[len(prefix) :]) if last[len(prefix) :].isdigit() else 0
    for offset in range(1, count + 1):
        yield f"{prefix}{number + offset:05d}"


def _change(row, batch: ImportBatch) -> services.Change:
    """A row of the list updating a known situation: the new values, and the note saying where they come from."""
    note = _("Liste de la préfecture du %(date)s (ligne %(line)s) : %(changes)s") % {
        "date": f"{batch.received_on:%d/%m/%Y}",
        "line": row.line,
        "changes": " ; ".join(f"{c['field']} : {c['before']} → {c['after']}" for c in row.as_dict()["changes"]),
    }
    return services.Change(
        situation_id=row.existing.pk,
        note=note,
        values={name: after for name, (_before, after) in row.changes.items()},
        details={"import": str(batch.public_id), "row": row.line},
    )


def undo_blocker(batch: ImportBatch) -> str:
    """Why the import can no longer be undone ('' if it can): one of its situations was touched since."""
    if batch.status != ImportStatus.COMMITTED or batch.kind != ImportKind.PREFECTURE:
        return _("Seul un import confirmé d'une liste de la préfecture peut être défait.")
    if refused := undo_refused(batch):
        return refused
    applied = batch.summary.get("written", {}).get("applied", [])
    created = Situation.objects.filter(import_batch=batch)
    if created.filter(version__gt=1).exists() or Event.objects.filter(situation__in=created).exists():
        return _("Une situation créée par cet import a été modifiée depuis.")
    versions = dict(Situation.objects.filter(pk__in=[a["situation"] for a in applied]).values_list("pk", "version"))
    notes = [a["note"] for a in applied]
    later_events = Event.objects.filter(situation__in=versions, created_at__gt=batch.committed_at).exclude(pk__in=notes)
    if any(versions.get(a["situation"]) != a["version"] for a in applied) or later_events.exists():
        return _("Une situation mise à jour par cet import a été modifiée depuis.")
    touched = AuditEntry.objects.filter(
        target_type=Situation._meta.label_lower,
        created_at__gt=batch.committed_at,
        target_id__in=[str(p) for p in created.values_list("public_id", flat=True)],
    ).exclude(action=AuditAction.VIEW)
    if touched.exists():
        return _("Une situation créée par cet import a été modifiée depuis (référents).")
    return ""


@transaction.atomic
def batch_undo(*, batch: ImportBatch, user) -> dict:
    """Remove what the import wrote: its new situations, and the previous values of those it updated."""
    lock_team_imports(batch.team)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    applied = batch.summary.get("written", {}).get("applied", [])
    # Its situations locked before looking whether one was touched, by pk as every writer does: an event or
    # an edit racing with the undo either came first, and the undo sees it and refuses, or waits for it.
    lock_situations(Situation.objects.filter(Q(import_batch=batch) | Q(pk__in=[a["situation"] for a in applied])))
    if blocker := undo_blocker(batch):
        raise ImportFileError(blocker)
    services.situations_delete(Situation.objects.filter(import_batch=batch))
    services.situations_revert(applied=applied, author=user)
    batch.status = ImportStatus.UNDONE
    batch.save(update_fields=["status"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.UNDO,
        target=batch,
        team=batch.team,
        details={"created_removed": batch.summary["written"]["created"], "updates_reverted": len(applied)},
    )
    file = batch.file
    transaction.on_commit(lambda: file.delete(save=False))
    return {"removed": batch.summary["written"]["created"], "reverted": len(applied)}
