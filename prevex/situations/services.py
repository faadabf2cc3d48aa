"""Use cases that change a situation and its timeline: each one atomic, journaled, cache refreshed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import Sector
from prevex.situations.models import Event, Situation, SituationReferent


def _jsonable(values: dict) -> dict:
    return {key: value if isinstance(value, bool | int | None) else str(value) for key, value in values.items()}


def sector_for_commune(*, team, commune) -> Sector | None:
    return Sector.objects.filter(team=team, communes=commune).first()


def next_reference(team) -> str:
    """The first free reference of the form ESSONNE-00042 for a situation typed by hand."""
    number = Situation.objects.for_team(team).count() + 1
    while Situation.objects.for_team(team).filter(reference=f"{team.slug.upper()}-{number:05d}").exists():
        number += 1
    return f"{team.slug.upper()}-{number:05d}"


@transaction.atomic
def situation_create(*, situation: Situation, author) -> Situation:
    """Save a new situation, route it to its sector and give it the sector's default people in charge."""
    situation.sector = situation.sector or sector_for_commune(team=situation.team, commune=situation.commune)
    situation.created_by = situation.updated_by = author
    situation.save()
    if situation.sector:
        SituationReferent.objects.bulk_create(
            SituationReferent(situation=situation, organisation_id=a.organisation_id, user_id=a.user_id)
            for a in situation.sector.assignees.all()
        )
    AuditEntry.log(actor=author, action=AuditAction.CREATE, target=situation, team=situation.team)
    return situation


@transaction.atomic
def situation_update(*, situation: Situation, author, changed: dict) -> Situation:
    """Save edited fields; `changed` maps each field to its value before the edit, for the journal."""
    situation.updated_by = author
    situation.version += 1
    situation.save()
    after = {field: getattr(situation, field) for field in changed}
    AuditEntry.log(
        actor=author,
        action=AuditAction.UPDATE,
        target=situation,
        details={"before": _jsonable(changed), "after": _jsonable(after)},
    )
    return situation


@transaction.atomic
def referents_set(*, situation: Situation, chosen: dict, author) -> None:
    """Set the person in charge for each organisation ({organisation: user or None}), all or nothing."""
    for organisation, user in chosen.items():
        if user is None:
            SituationReferent.objects.filter(situation=situation, organisation=organisation).delete()
        else:
            SituationReferent.objects.update_or_create(
                situation=situation, organisation=organisation, defaults={"user": user}
            )
    referents = {organisation.name: str(user) if user else None for organisation, user in chosen.items()}
    AuditEntry.log(actor=author, action=AuditAction.UPDATE, target=situation, details={"referents": referents})


@transaction.atomic
def event_record(*, event: Event, author) -> Event:
    membership = getattr(author, "membership", None)
    event.author = author
    event.organisation = membership.organisation if membership else None
    event.save()
    event.situation.refresh_state()
    AuditEntry.log(
        actor=author,
        action=AuditAction.CREATE,
        target=event,
        details={"situation": str(event.situation.public_id), **_jsonable(model_to_dict(event, Event.DATA_FIELDS))},
    )
    return event


def _check_author(event: Event, user) -> None:
    if not event.is_editable_by(user):
        raise PermissionDenied


@transaction.atomic
def event_update(*, event: Event, author, before: dict) -> Event:
    """Save a corrected event; `before` holds its fields as they were, for the journal."""
    _check_author(event, author)
    event.save()
    event.situation.refresh_state()
    after = model_to_dict(event, Event.DATA_FIELDS)
    changed = {key: value for key, value in before.items() if after.get(key) != value}
    AuditEntry.log(
        actor=author,
        action=AuditAction.UPDATE,
        target=event,
        details={
            "situation": str(event.situation.public_id),
            "before": _jsonable(changed),
            "after": _jsonable({key: after[key] for key in changed}),
        },
    )
    return event


@transaction.atomic
def event_delete(*, event: Event, author) -> None:
    _check_author(event, author)
    situation = event.situation
    snapshot = _jsonable(model_to_dict(event, Event.DATA_FIELDS))
    AuditEntry.log(
        actor=author,
        action=AuditAction.DELETE,
        target=event,
        details={"situation": str(situation.public_id), "before": snapshot},
    )
    event.delete()
    situation.refresh_state()
