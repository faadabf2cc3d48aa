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
        _follow_renvoi(event, None, author)
    journal(
        actor=author,
        action=AuditAction.CREATE,
        target=event,
        team=event.situation.team,  # also when nobody recorded it (the tenant's own request)
        details={"situation": str(event.situation.public_id), **jsonable(model_to_dict(event, Event.DATA_FIELDS))},
    )
    return event


def renvoi_of(event: Event) -> tuple | None:
    """(the hearing postponed, the hearing it was postponed to) of a hearing event recording a renvoi, else None."""
    if event.kind == EventKind.HEARING and event.hearing_outcome == HearingOutcome.POSTPONED:
        return event.hearing_day, event.postponed_to
    return None


def _saved_renvoi(event: Event) -> tuple | None:
    """The renvoi an event records as it is saved (before its correction): one query, for hearings only."""
    if event.kind != EventKind.HEARING or event.pk is None:
        return None
    return renvoi_of(
        Event.objects.only("kind", "occurred_on", "hearing_on", "hearing_outcome", "postponed_to").get(pk=event.pk)
    )


def renvoi_facts(situation: Situation, before: tuple | None, after: tuple | None) -> dict:
    """The situation's hearing dates once a hearing's renvoi is withdrawn (`before`, by a correction or a
    deletion) and another recorded (`after`): {} when the renvoi is unchanged. A renvoi withdrawn gives the
    postponed hearing back its place; only the current hearing can be postponed, and only the latest renvoi
    withdrawn (raises ValidationError, in French)."""
    if before == after:
        return {}
    hearing, earlier = situation.hearing_date, set(situation.earlier_hearing_dates)
    if before is not None:
        postponed, postponed_to = before
        if hearing != postponed_to:
            raise ValidationError(
                _(
                    "Le renvoi du %(postponed)s au %(to)s ne peut plus être modifié : l'audience en cours est "
                    "désormais celle du %(current)s. Corrigez d'abord le renvoi suivant."
                )
                % {"postponed": _day(postponed), "to": _day(postponed_to), "current": _day(hearing)}
            )
        hearing = postponed
        earlier.discard(postponed.isoformat())
    if after is not None:
        postponed, postponed_to = after
        if hearing != postponed:
            raise ValidationError(
                _("Seule l'audience en cours (%(date)s) peut être renvoyée.") % {"date": _day(hearing)}
            )
        if postponed_to is None or postponed_to <= postponed:
            raise ValidationError(_("L'audience de renvoi doit suivre l'audience renvoyée."))
        earlier.add(postponed.isoformat())
        hearing = postponed_to
    return {"hearing_date": hearing, "earlier_hearing_dates": sorted(earlier)}


def _day(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "–"


def _follow_renvoi(hearing: Event, before: tuple | None, author, *, deleted: bool = False) -> None:
    """A renvoi recorded, corrected or withdrawn: the situation's hearing date moves (the hearing postponed is
    kept among the earlier ones, with its presence event; a renvoi withdrawn gives it back), the timeline says
    so, the cached state and the outreach tasks follow (after_timeline_change, by the note)."""
    situation = hearing.situation
    facts = renvoi_facts(situation, before, None if deleted else renvoi_of(hearing))
    if not facts:
        return
    previous = situation.hearing_date
    # The earlier hearings are computed here: a renvoi withdrawn or corrected does not keep the hearing it had
    # wrongly postponed to, which Situation.save() would otherwise remember as a postponement.
    situation._loaded_hearing_date = facts["hearing_date"]
    situation_set_fields(situation, facts, author=author)
    if before is not None and facts["hearing_date"] < previous:
        note = _("Renvoi retiré : l'audience du %(restored)s redevient l'audience en cours (au lieu du %(to)s).") % {
            "restored": _day(facts["hearing_date"]),
            "to": _day(previous),
        }
    else:
        note = hearing_change_note(previous, facts["hearing_date"])
    note_add(situation, note=note, occurred_on=hearing.occurred_on, author=author)


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
    situation = event.situation = locked(event.situation)
    before_renvoi = _saved_renvoi(event)
    facts = renvoi_facts(situation, before_renvoi, renvoi_of(event))
    refuse(change_errors(situation, replace=event, facts=facts))
    event.save()
    _follow_renvoi(event, before_renvoi, author)
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
    situation = event.situation = locked(event.situation)
    before_renvoi = _saved_renvoi(event)
    refuse(change_errors(situation, remove=event, facts=renvoi_facts(situation, before_renvoi, None)))
    snapshot = jsonable(model_to_dict(event, Event.DATA_FIELDS))
    journal(
        actor=author,
        action=AuditAction.DELETE,
        target=event,
        team=situation.team,
        details={"situation": str(situation.public_id), "before": snapshot, **_whose(event, author)},
    )
    if before_renvoi is not None:
        _follow_renvoi(event, before_renvoi, author, deleted=True)
    event.delete()
    after_timeline_change(situation)
