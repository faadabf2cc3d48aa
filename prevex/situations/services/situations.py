"""Creating, editing, locking and removing situations, one at a time."""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import Team
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.routing import sector_for_commune
from prevex.situations.services.cache import after_timeline_change
from prevex.situations.services.journal import attribution
from prevex.situations.services.locks import locked
from prevex.situations.services.referents import default_referents_create
from prevex.situations.services.timeline import FACT_FIELDS, events_of, refuse
from prevex.situations.timeline import TimelineFacts, new_errors, timeline_errors


def jsonable(values: dict) -> dict:
    return {key: value if isinstance(value, bool | int | None) else str(value) for key, value in values.items()}


class EditConflict(Exception):
    """Someone saved the situation since the form was loaded."""


def next_reference(team) -> str:
    """The first free reference of the form ESSONNE-00042 for a situation typed by hand."""
    number = Situation.objects.for_team(team).count() + 1
    while Situation.objects.for_team(team).filter(reference=f"{team.slug.upper()}-{number:05d}").exists():
        number += 1
    return f"{team.slug.upper()}-{number:05d}"


@transaction.atomic
def situation_create(*, situation: Situation, author) -> Situation:
    """Save a new situation, route it to its sector and give it the sector's default people in charge."""
    if not situation.reference:
        Team.objects.select_for_update().get(pk=situation.team_id)  # one numbering at a time per team
        situation.reference = next_reference(situation.team)
    situation.sector = situation.sector or sector_for_commune(team=situation.team, commune=situation.commune)
    situation.created_by = situation.updated_by = author
    situation.save()
    default_referents_create(situation.team, [(situation.pk, situation.sector_id)])
    after_timeline_change(situation)
    AuditEntry.log(actor=author, action=AuditAction.CREATE, target=situation, team=situation.team)
    return situation


@transaction.atomic
def situation_update(*, situation: Situation, author, changed: dict, version: int | None) -> Situation:
    """Save the edited fields of a form loaded at `version`; `changed` maps each field to its value before
    the edit, for the journal. Raises EditConflict if the situation was saved in between (or `version` is
    unknown: None), SituationAnonymised if it is anonymised, TimelineRefused if its new dates (assignation,
    reception, hearing) do not fit its timeline. A hearing date replaced (a postponement) is kept among the
    earlier hearings and noted on the timeline."""
    saved = locked(situation)
    if version is None:
        raise EditConflict
    if not Situation.objects.filter(pk=situation.pk, version=version).update(version=F("version") + 1):
        raise EditConflict
    timeline_before = timeline_errors(events_of(saved), TimelineFacts.of(saved))
    situation.version, situation.updated_by = version + 1, author
    situation.save(update_fields=[*changed, "commune", "sector", "updated_by", "updated_at"])
    if "hearing_date" in changed and (note := hearing_change_note(saved.hearing_date, situation.hearing_date)):
        Event.objects.create(
            situation=situation, kind=EventKind.NOTE, occurred_on=timezone.localdate(), note=note, **attribution(author)
        )
    if set(FACT_FIELDS) & changed.keys():
        refuse(new_errors(timeline_before, timeline_errors(events_of(situation), TimelineFacts.of(situation))))
        after_timeline_change(situation)
    after = {field: getattr(situation, field) for field in changed}
    AuditEntry.log(
        actor=author,
        action=AuditAction.UPDATE,
        target=situation,
        team=situation.team,
        details={"before": jsonable(changed), "after": jsonable(after)},
    )
    return situation


def hearing_change_note(before: dt.date | None, after: dt.date | None) -> str:
    """What the timeline says of a hearing date changed by hand ('' for a first one): a postponement, mostly."""
    if before is None or before == after:
        return ""
    values = {"before": f"{before:%d/%m/%Y}", "after": f"{after:%d/%m/%Y}" if after else ""}
    if after is None:
        return _("Date d'audience du %(before)s retirée.") % values
    if after > before:
        return _("Audience reportée du %(before)s au %(after)s.") % values
    return _("Date d'audience avancée du %(before)s au %(after)s.") % values


def situation_set_fields(situation: Situation, values: dict, *, author) -> Situation:
    """Write `values` (field -> value) on a situation locked by the caller, its version bumped; no journal
    (the caller's use case journals what it did, with its own details)."""
    for name, value in values.items():
        setattr(situation, name, value)
    situation.version += 1
    situation.updated_by = author
    situation.save(update_fields=[*values, "version", "updated_by", "updated_at"])
    return situation


def situations_delete(situations) -> int:
    """Delete situations (a queryset) with their timelines and referents: an import undone. The caller has
    locked them and checked nothing else touched them."""
    return situations.delete()[0]
