"""How the journal names situations and events (`prevex/audit/presenters.py`): by reference, with a link, for
whoever may open the situation; otherwise without naming it (another team's, or one that is gone)."""

import datetime as dt

from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes, uuids
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation


def visible_situations(viewer, public_ids) -> dict[str, Situation]:
    """The situations among these public ids the viewer may open, by public id (reference and id only): what the
    presenters of every record tied to a situation name it by."""
    situations = Situation.objects.visible_by(viewer).filter(public_id__in=uuids(public_ids))
    return {str(situation.public_id): situation for situation in situations.only("public_id", "reference")}


def _situation_target(situation: Situation | None) -> Target:
    if situation is None:
        return Target(_("une situation"))
    return Target(_("la situation %(reference)s") % {"reference": situation.reference}, situation.get_absolute_url())


@describes("situations.situation")
def situations(entries, viewer) -> dict[int, Target]:
    visible = visible_situations(viewer, {entry.target_id for entry in entries})
    return {entry.pk: _situation_target(visible.get(entry.target_id)) for entry in entries}


@describes("situations.event")
def events(entries, viewer) -> dict[int, Target]:
    visible = visible_situations(viewer, {entry.details.get("situation") for entry in entries})
    ids = {int(entry.target_id) for entry in entries if entry.target_id.isdigit()}
    existing = {str(event.pk): event for event in Event.objects.filter(pk__in=ids).only("pk", "kind", "occurred_on")}
    targets = {}
    for entry in entries:
        situation = visible.get(str(entry.details.get("situation")))
        if situation is None:
            targets[entry.pk] = Target(_("un événement"))
            continue
        what = _event_words(existing.get(entry.target_id), entry.details)
        text = _("l'événement « %(event)s » de la situation %(reference)s") % {
            "event": what,
            "reference": situation.reference,
        }
        targets[entry.pk] = Target(text, situation.get_absolute_url())
    return targets


def _event_words(event: Event | None, details: dict) -> str:
    """Its kind and date: from the event, or from the journal once it is deleted."""
    if event is not None:
        kind, occurred_on = event.kind, event.occurred_on
    else:
        values = details.get("before") if isinstance(details.get("before"), dict) else details
        kind, occurred_on = values.get("kind"), values.get("occurred_on")
        try:
            occurred_on = dt.date.fromisoformat(str(occurred_on))
        except ValueError:
            occurred_on = None
    label = str(EventKind(kind).label) if kind in EventKind.values else _("événement")
    return f"{label} du {occurred_on:%d/%m/%Y}" if occurred_on else label
