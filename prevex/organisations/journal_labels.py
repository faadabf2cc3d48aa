"""How the journal names a team, a sector, an organisation (`prevex/audit/presenters.py`)."""

from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes
from prevex.organisations.models import Organisation, Sector, Team


def _named(model, entries) -> dict[str, str]:
    ids = {int(entry.target_id) for entry in entries if entry.target_id.isdigit()}
    return {str(obj.pk): str(obj) for obj in model.objects.filter(pk__in=ids)}


@describes("organisations.team")
def teams(entries, viewer) -> dict[int, Target]:
    membership = getattr(viewer, "membership", None)
    own = str(membership.team_id) if membership else None
    names = _named(Team, [entry for entry in entries if entry.target_id != own])
    return {
        entry.pk: Target(_("l'équipe"))
        if entry.target_id == own
        else Target(_("l'équipe « %(name)s »") % {"name": names.get(entry.target_id, "?")})
        for entry in entries
    }


@describes("organisations.sector")
def sectors(entries, viewer) -> dict[int, Target]:
    names = _named(Sector, entries)
    return {
        entry.pk: _target(_("le secteur « %(name)s »"), _("un secteur (supprimé)"), names.get(entry.target_id))
        for entry in entries
    }


@describes("organisations.organisation")
def organisations(entries, viewer) -> dict[int, Target]:
    names = _named(Organisation, entries)
    return {
        entry.pk: _target(_("l'organisation « %(name)s »"), _("une organisation"), names.get(entry.target_id))
        for entry in entries
    }


def _target(found: str, missing: str, name: str | None) -> Target:
    return Target(found % {"name": name}) if name is not None else Target(missing)
