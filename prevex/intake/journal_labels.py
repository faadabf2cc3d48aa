"""How the journal names a mapping profile (`prevex/audit/presenters.py`)."""

from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes
from prevex.intake.models import MappingProfile


@describes("intake.mappingprofile")
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
