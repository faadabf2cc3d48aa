"""The timeline of a situation: recording, correcting and deleting its events, one at a time."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction
from prevex.situations.enums import EventKind, HearingOutcome
from prevex.situations.models import Event, Situation
from prevex.situations.services.cache import after_timeline_change
from prevex.situations.services.journal import journal
from prevex.situations.services.locks import locked
from prevex.situations.services.situations import hearing_change_note, jsonable, situation_set_fields
from prevex.situations.services.timeline import change_errors, refuse


def timeline_rule_error(situation: Situation, event: Event) -> str | None:
    """Why this new event cannot join the timeline as it stands, in French (None if it can): the errors it
    would bring to the whole timeline (`timeline_errors`)."""
    errors = change_errors(situation, add=[event])
    return " ".join(error.message for error in errors) or None


def _save_new(event: Event, author) -> Event:
    """Attribute and save a new event of a situation locked by the caller (timeline rules already applied)."""
    membership = getattr(author, "membership", None)
    event.author = author
    event.organisation = membership.organisation if membership else None
    event.save()
    after_timeline_change(event.situation)
    return event


@transaction.atomic
def event_record(*, event: Event, author) -> Event:
    """Add an event to a situation's timeline (raises ValidationError if the timeline refuses it)."""
    event.situation = locked(event.situation)
    error = timeline_rule_error(event.situation, event)
    if error:
        raise ValidationError(error)
    _save_new(event, author)
    if event.kind == EventKind.HEARING and event.hearing_outcome == HearingOutcome.POSTPONED:
        _postpone(event, author)
    journal(
        actor=author,
        action=AuditAction.CREATE,
        target=event,
        team=event.situation.team,  # also when nobody recorded it (the tenant's own request)
        details={"situation": str(event.situation.public_id), **jsonable(model_to_dict(event, Event.DATA_FIELDS))},
    )
    return event


def _postpone(hearing: Event, author) -> None:
    """A renvoi: the situation's hearing date moves to `postponed_to`, the hearing postponed is kept among the
    earlier ones (with its presence event), the timeline says so, the cached state and the outreach tasks follow
    (after_timeline_change). Only the current hearing can be postponed."""
    situation = hearing.situation
    postponed = hearing.hearing_day
    if situation.hearing_date != postponed:
        raise ValidationError(
            _("Seule l'audience en cours (%(date)s) peut être renvoyée.")
            % {"date": f"{situation.hearing_date:%d/%m/%Y}" if situation.hearing_date else "–"}
        )
    if hearing.postponed_to is None or hearing.postponed_to <= postponed:
        raise ValidationError(_("L'audience de renvoi doit suivre l'audience renvoyée."))
    earlier = sorted({*situation.earlier_hearing_dates, postponed.isoformat()})
    situation_set_fields(
        situation, {"hearing_date": hearing.postponed_to, "earlier_hearing_dates": earlier}, author=author
    )
    note_add(
        situation,
        note=hearing_change_note(postponed, hearing.postponed_to),
        occurred_on=hearing.occurred_on,
        author=author,
    )


def note_add(situation: Situation, *, note: str, occurred_on, author) -> Event:
    """A note on the timeline of a situation locked by the caller, for a change it journals itself (raises
    TimelineRefused if its date does not fit the timeline)."""
    event = Event(situation=situation, kind=EventKind.NOTE, occurred_on=occurred_on, note=note)
    refuse(change_errors(situation, add=[event]))
    return _save_new(event, author)


def _check_author(event: Event, user) -> None:
    if not event.is_editable_by(user):
        raise PermissionDenied


def _whose(event: Event, user) -> dict:
    """A colleague's entry corrected or deleted (`correct_any_event`): the journal names its author (by id)."""
    return {"author": event.author_id} if event.author_id != user.pk else {}


@transaction.atomic
def event_update(*, event: Event, author, before: dict) -> Event:
    """Save a corrected event; `before` holds its fields as they were, for the journal. Raises TimelineRefused
    if the correction brings an error to the timeline (a reopening moved before its closure…)."""
    _check_author(event, author)
    refuse(change_errors(locked(event.situation), replace=event))
    event.save()
    after_timeline_change(event.situation)
    after = model_to_dict(event, Event.DATA_FIELDS)
    changed = {key: value for key, value in before.items() if after.get(key) != value}
    journal(
        actor=author,
        action=AuditAction.UPDATE,
        target=event,
        team=event.situation.team,
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
    """Delete an event; raises TimelineRefused if the timeline needs it (a closure a later reopening reopens)."""
    _check_author(event, author)
    situation = locked(event.situation)
    refuse(change_errors(situation, remove=event))
    snapshot = jsonable(model_to_dict(event, Event.DATA_FIELDS))
    journal(
        actor=author,
        action=AuditAction.DELETE,
        target=event,
        team=situation.team,
        details={"situation": str(situation.public_id), "before": snapshot, **_whose(event, author)},
    )
    event.delete()
    after_timeline_change(situation)
