"""The timeline of a situation: recording, correcting and deleting its events, one at a time."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.rules import hearing_presence_error
from prevex.situations.services.cache import refresh_state
from prevex.situations.services.journal import journal
from prevex.situations.services.locks import locked
from prevex.situations.services.situations import jsonable


def timeline_rule_error(situation: Situation, event: Event) -> str | None:
    """Why this new event cannot join the timeline as it stands, in French (None if it can)."""
    day = event.occurred_on
    if event.kind == EventKind.CLOSURE:
        if situation.is_closed:
            return _("La situation est déjà clôturée.")
        last_reopening = situation.events.filter(kind=EventKind.REOPENING).order_by("-occurred_on").first()
        if last_reopening and day < last_reopening.occurred_on:
            return _("La clôture ne peut pas précéder la dernière réouverture (%(date)s).") % {
                "date": f"{last_reopening.occurred_on:%d/%m/%Y}"
            }
    if event.kind == EventKind.REOPENING:
        if not situation.is_closed:
            return _("La situation n'est pas clôturée.")
        if day < situation.closed_on:
            return _("La réouverture ne peut pas précéder la clôture (%(date)s).") % {
                "date": f"{situation.closed_on:%d/%m/%Y}"
            }
    return hearing_presence_error(situation, event)


def _save_new(event: Event, author) -> Event:
    """Attribute and save a new event of a situation locked by the caller (timeline rules already applied)."""
    membership = getattr(author, "membership", None)
    event.author = author
    event.organisation = membership.organisation if membership else None
    event.save()
    refresh_state(event.situation)
    return event


@transaction.atomic
def event_record(*, event: Event, author) -> Event:
    """Add an event to a situation's timeline (raises ValidationError if the timeline refuses it)."""
    event.situation = locked(event.situation)
    error = timeline_rule_error(event.situation, event)
    if error:
        raise ValidationError(error)
    _save_new(event, author)
    journal(
        actor=author,
        action=AuditAction.CREATE,
        target=event,
        details={"situation": str(event.situation.public_id), **jsonable(model_to_dict(event, Event.DATA_FIELDS))},
    )
    return event


def note_add(situation: Situation, *, note: str, occurred_on, author) -> Event:
    """A note on the timeline of a situation locked by the caller, for a change it journals itself."""
    return _save_new(Event(situation=situation, kind=EventKind.NOTE, occurred_on=occurred_on, note=note), author)


def _check_author(event: Event, user) -> None:
    if not event.is_editable_by(user):
        raise PermissionDenied


def _whose(event: Event, user) -> dict:
    """A colleague's entry corrected or deleted (`correct_any_event`): the journal names its author (by id)."""
    return {"author": event.author_id} if event.author_id != user.pk else {}


@transaction.atomic
def event_update(*, event: Event, author, before: dict) -> Event:
    """Save a corrected event; `before` holds its fields as they were, for the journal."""
    _check_author(event, author)
    locked(event.situation)
    event.save()
    refresh_state(event.situation)
    after = model_to_dict(event, Event.DATA_FIELDS)
    changed = {key: value for key, value in before.items() if after.get(key) != value}
    journal(
        actor=author,
        action=AuditAction.UPDATE,
        target=event,
        details={
            "situation": str(event.situation.public_id),
            "before": jsonable(changed),
            "after": jsonable({key: after[key] for key in changed}),
            **_whose(event, author),
        },
    )
    return event


@transaction.atomic
def event_delete(*, event: Event, author) -> None:
    _check_author(event, author)
    situation = locked(event.situation)
    snapshot = jsonable(model_to_dict(event, Event.DATA_FIELDS))
    journal(
        actor=author,
        action=AuditAction.DELETE,
        target=event,
        details={"situation": str(situation.public_id), "before": snapshot, **_whose(event, author)},
    )
    event.delete()
    refresh_state(situation)
