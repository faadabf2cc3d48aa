"""How the journal names an import (`prevex/audit/presenters.py`): its kind and date, never its file's name
(it may carry a person's)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes, uuids
from prevex.imports.models import ImportBatch, MappingProfile


@describes("imports.importbatch")
def batches(entries, viewer) -> dict[int, Target]:
    membership = getattr(viewer, "membership", None)
    ids = {entry.target_id for entry in entries}
    found = ImportBatch.objects.filter(team_id=membership.team_id if membership else None)
    found = {str(batch.public_id): batch for batch in found.filter(public_id__in=uuids(ids))}
    return {entry.pk: _batch_target(found.get(entry.target_id)) for entry in entries}


def _batch_target(batch: ImportBatch | None) -> Target:
    if batch is None:
        return Target(_("un import"))
    day = batch.received_on or timezone.localtime(batch.created_at).date()
    return Target(
        _("l'import du %(date)s (%(kind)s)") % {"date": f"{day:%d/%m/%Y}", "kind": batch.get_kind_display().lower()}
    )


@describes("imports.mappingprofile")
@describes("intake.mappingprofile")  # the entries written before the profiles moved from intake (2026-12)
def profiles(entries, viewer) -> dict[int, Target]:
    membership = getattr(viewer, "membership", None)
    ids = {int(entry.target_id) for entry in entries if entry.target_id.isdigit()}
    found = MappingProfile.objects.filter(team_id=membership.team_id if membership else None, pk__in=ids)
    names = {str(profile.pk): profile.name for profile in found.only("pk", "name")}
    return {entry.pk: _profile_target(names.get(entry.target_id)) for entry in entries}


def _profile_target(name: str | None) -> Target:
    if name is None:
        return Target(_("un profil de correspondance (supprimé)"))
    return Target(_("le profil de correspondance « %(name)s »") % {"name": name})
