"""Use cases of the préfecture lists: upload, map, preview, confirm, undo. Nothing is written before confirmation.

The batch keeps the file as received, its column mapping and the preview the coordinator saw; confirming
reads the file again and refuses if what it would write is not what was shown.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.imports import services as import_services
from prevex.imports import undo
from prevex.imports.layout import Layout, read_layout
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus, MappingProfile
from prevex.imports.pipeline import PreviewOutdated
from prevex.imports.profiles import mapping_for, named_profile, profile_for
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.services import (
    journal_commit,
    lock_named_situations,
    lock_pending,
    lock_team_imports,
    new_batch,
    preview_summary,
    store_upload,
)
from prevex.imports.watermark import watermark
from prevex.intake.models import EligibilityRules
from prevex.intake.prefecture import plan as kept_plan
from prevex.intake.prefecture.decisions import IntakePreview, decide
from prevex.intake.prefecture.fields import CATALOGUE
from prevex.intake.prefecture.matching import generated_reference_prefix
from prevex.intake.prefecture.plan import Plan
from prevex.situations import services
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.services import lock_situations
from prevex.territories.matching import CommuneNames


def _in_file(error: ImportFileError, filename: str) -> ImportFileError:
    """The same error, naming the file when its message does not already."""
    return ImportFileError(
        *(message if filename in message else f"« {filename} » : {message}" for message in error.messages)
    )


def read_list(data: bytes, filename: str, *, team) -> tuple[Layout, MappingProfile | None]:
    """The table of a préfecture list and the team's saved profile for its layout, if one fits."""
    try:
        table = read_table(data, filename)
        layout = read_layout(table, catalogue=CATALOGUE)
        profile = profile_for(team, ImportKind.PREFECTURE, layout)
        if profile and layout.signature[: len(profile.headers)] != profile.headers:
            layout = read_layout(table, catalogue=CATALOGUE, signature=profile.headers)
    except ImportFileError as error:
        raise _in_file(error, filename) from error
    return layout, profile


def preview_list(
    *,
    team,
    data: bytes,
    filename: str,
    mapping: list[str] | None = None,
    profile_name: str | None = None,
    received_on: dt.date | None = None,
) -> IntakePreview:
    """Every row decided, nothing written (the command line's dry run)."""
    layout, profile = read_list(data, filename, team=team)
    if profile_name is not None:
        profile = named_profile(team, ImportKind.PREFECTURE, profile_name)
    mapping = mapping or mapping_for(layout, profile, CATALOGUE)
    return decide(team=team, layout=layout, mapping=mapping, received_on=received_on)


def batch_upload(
    *, team, data: bytes, filename: str, user, received_on: dt.date, profile_name: str | None = None
) -> ImportBatch:
    """Keep the file in a batch awaiting its mapping (suggested, or the saved profile's) and preview it."""
    layout, profile = read_list(data, filename, team=team)
    if profile_name is not None:
        profile = named_profile(team, ImportKind.PREFECTURE, profile_name)
    mapping = mapping_for(layout, profile, CATALOGUE)
    batch = new_batch(team, ImportKind.PREFECTURE, data, filename, user, received_on=received_on, mapping=mapping)
    preview = _decide(team, layout, batch.mapping, received_on)
    batch.summary = _summary(batch, preview, profile)
    store_upload(batch, data, user)
    return batch


def _watermark(team) -> list:
    """The team's writes (`imports.watermark`), and what a decision reads that is written without a journal
    entry: the team's social landlords (the button adding the shipped ones), its slug (the prefix of the
    references Prevex generates, edited in the admin) and its département's communes (loaded from the INSEE
    lists)."""
    landlords = team.social_landlords.aggregate(count=Count("id"), last=Max("id"))
    communes = CommuneNames.fingerprint(team.departement)
    return [*watermark(team), landlords["count"], landlords["last"], team.slug, communes]


def _decide(team, layout: Layout, mapping: list[str], received_on) -> IntakePreview:
    """`decide`, with the watermark of the team's writes taken before it (kept with the plan)."""
    before = _watermark(team)
    preview = decide(team=team, layout=layout, mapping=mapping, received_on=received_on)
    preview.watermark = before
    return preview


def _summary(batch: ImportBatch, preview: IntakePreview, profile: MappingProfile | None) -> dict:
    summary = preview_summary(batch, preview, profile)
    if not preview.problems:
        summary[kept_plan.KEY] = kept_plan.kept(preview, preview.watermark, summary["fingerprint"])
    return summary


def _read_batch(batch: ImportBatch) -> Layout:
    with batch.file.open("rb") as stored:
        return read_list(stored.read(), batch.filename, team=batch.team)[0]


def batch_remap(*, batch: ImportBatch, mapping: list[str], save_as: str = "", user=None) -> IntakePreview:
    """Decide again with the coordinator's mapping, optionally saved as the profile of this layout."""
    return import_services.batch_remap(
        batch=batch, mapping=mapping, decide=_decide_batch, summarise=_summary, save_as=save_as, user=user
    )


def _decide_batch(batch: ImportBatch, mapping: list[str]) -> IntakePreview:
    return _decide(batch.team, _read_batch(batch), mapping, batch.received_on)


@transaction.atomic
def batch_commit(*, batch: ImportBatch, user) -> dict:
    """Write what the preview showed, all in one transaction; refuse if it is no longer what would happen."""
    lock_team_imports(batch.team)
    batch = lock_pending(batch)
    lock_named_situations(batch)
    written = write(batch=batch, plan=_plan_to_write(batch), user=user)
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    # The first rows' cells, shown to choose the columns, and the plan are no longer needed once it is imported.
    summary = kept_plan.without_plan(batch.summary)
    batch.summary = {**{key: value for key, value in summary.items() if key != "samples"}, "written": written}
    batch.save(update_fields=["status", "committed_at", "summary"])
    journal_commit(batch, user, {key: value for key, value in written.items() if key != "applied"})
    return written


def _plan_to_write(batch: ImportBatch) -> Plan:
    """What the preview decided, if nothing was written for the team since (the same day); otherwise the rows
    decided again, refused if that is no longer what the preview showed. Called with the situations locked."""
    if (plan := kept_plan.current(batch.summary, _watermark(batch.team))) is not None:
        return plan
    preview = _decide_batch(batch, batch.mapping)
    if preview.problems:
        raise ImportFileError(*preview.problems)
    if preview.fingerprint() != batch.summary.get("fingerprint"):
        summary = _summary(batch, preview, None) | {"profile": batch.summary.get("profile", "")}
        raise PreviewOutdated(batch, summary)
    return Plan.of(preview)


def write(*, batch: ImportBatch, plan: Plan, user) -> dict:
    """Create the new situations (routed, with their default referents) and apply the updates, through the
    writer's bulk twins."""
    team = batch.team
    services.situations_create_many(team=team, situations=_new_situations(team, batch, plan.new), author=user)
    lock_situations(Situation.objects.filter(pk__any=[row.situation_id for row in plan.updates]))
    applied = services.situations_change_with_note(
        changes=[_change(row, batch) for row in plan.updates], author=user, occurred_on=batch.received_on
    )
    return {"created": len(plan.new), "updated": len(applied), "applied": applied}


def _new_situations(team, batch: ImportBatch, rows) -> list[services.NewSituation]:
    """The new situations, as `situation_create` would make them, with their journal entries' details."""
    rules = EligibilityRules.for_team(team)
    check = SocialServicesCheck.TO_CHECK if rules.wait_for_social_services_check else SocialServicesCheck.UNCHECKED
    references = _references(team, sum(1 for row in rows if not row.values["reference"]))
    return [
        services.NewSituation(
            fields={
                **row.values,
                "reference": row.values["reference"] or next(references),
                "commune": row.commune,
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


def _change(row: kept_plan.UpdateRow, batch: ImportBatch) -> services.Change:
    """A row of the list updating a known situation: the new values, and the note saying where they come from."""
    note = _("Liste de la préfecture du %(date)s (ligne %(line)s) : %(changes)s") % {
        "date": f"{batch.received_on:%d/%m/%Y}",
        "line": row.line,
        "changes": " ; ".join(f"{c['field']} : {c['before']} → {c['after']}" for c in row.shown),
    }
    return services.Change(
        situation_id=row.situation_id,
        note=note,
        values=row.values,
        details={"import": str(batch.public_id), "row": row.line},
    )


def undo_blocker(batch: ImportBatch) -> str:
    """Why the import can no longer be undone ('' if it can): one of its situations was touched since."""
    if refused := undo.not_undoable(batch):
        return refused
    applied = batch.summary.get("written", {}).get("applied", [])
    created = undo.created_by(batch)
    if created.filter(version__gt=1).exists() or Event.objects.filter(situation__in=created).exists():
        return _("Une situation créée par cet import a été modifiée depuis.")
    versions = dict(Situation.objects.filter(pk__in=[a["situation"] for a in applied]).values_list("pk", "version"))
    notes = [a["note"] for a in applied]
    later_events = Event.objects.filter(situation__in=versions, created_at__gt=batch.committed_at).exclude(pk__in=notes)
    if any(versions.get(a["situation"]) != a["version"] for a in applied) or later_events.exists():
        return _("Une situation mise à jour par cet import a été modifiée depuis.")
    if undo.touched_since(batch, created):
        return _("Une situation créée par cet import a été modifiée depuis (référents).")
    return ""


def _touched(batch: ImportBatch):
    applied = batch.summary.get("written", {}).get("applied", [])
    return Situation.objects.filter(Q(import_batch=batch) | Q(pk__in=[a["situation"] for a in applied]))


def _revert(batch: ImportBatch, user) -> dict:
    """Its new situations removed, the previous values of those it updated put back."""
    applied = batch.summary["written"].get("applied", [])
    services.situations_delete(undo.created_by(batch))
    services.situations_revert(applied=applied, author=user)
    return {"removed": batch.summary["written"]["created"], "reverted": len(applied)}


def batch_undo(*, batch: ImportBatch, user) -> dict:
    """Remove what the import wrote: its new situations, and the previous values of those it updated."""
    return undo.batch_undo(batch=batch, user=user, touched=_touched, blocker=undo_blocker, revert=_revert)
