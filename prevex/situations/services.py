"""Use cases that change a situation and its timeline: each one atomic, journaled, cache refreshed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import Team
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation, SituationReferent
from prevex.situations.routing import sector_for_commune


def _jsonable(values: dict) -> dict:
    return {key: value if isinstance(value, bool | int | None) else str(value) for key, value in values.items()}


class EditConflict(Exception):
    """Someone saved the situation since the form was loaded."""


ANONYMISED_MESSAGE = gettext_lazy(
    "Cette situation est anonymisée : elle ne peut plus être modifiée ni complétée (événement, référents, import)."
)


class SituationAnonymised(PermissionDenied):
    """An anonymised situation is read-only: what is written on it again would never be erased, since
    retention and erasure skip the situations already anonymised."""

    def __init__(self, situation: Situation):
        super().__init__(str(ANONYMISED_MESSAGE))
        self.situation = situation


def check_writable(situation: Situation) -> None:
    """Raise SituationAnonymised if the situation is anonymised (check it on a locked, fresh row)."""
    if situation.anonymised_on:
        raise SituationAnonymised(situation)


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
    if event.kind == EventKind.HEARING and situation.hearing_date and day < situation.hearing_date:
        return _("L'audience a lieu le %(date)s : la présence s'enregistre à cette date.") % {
            "date": f"{situation.hearing_date:%d/%m/%Y}"
        }
    return None


def _locked(situation: Situation) -> Situation:
    """The situation, locked until the transaction ends (its timeline changes one writer at a time), and still
    writable (raises SituationAnonymised, or Situation.DoesNotExist if an import undo removed it meanwhile)."""
    locked = Situation.objects.select_for_update().get(pk=situation.pk)
    check_writable(locked)
    return locked


def lock_situations(situations) -> list[int]:
    """Lock several situations (a queryset) until the transaction ends, in the one order every writer of
    several situations uses, by pk: two transactions locking the same rows in different orders can deadlock.
    Returns their pks."""
    return list(situations.select_for_update().order_by("pk").values_list("pk", flat=True))


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
    if situation.sector:
        SituationReferent.objects.bulk_create(
            SituationReferent(situation=situation, organisation_id=a.organisation_id, user_id=a.user_id)
            for a in situation.sector.assignees.all()
        )
    AuditEntry.log(actor=author, action=AuditAction.CREATE, target=situation, team=situation.team)
    return situation


@transaction.atomic
def situation_update(*, situation: Situation, author, changed: dict, version: int | None) -> Situation:
    """Save the edited fields of a form loaded at `version`; `changed` maps each field to its value before
    the edit, for the journal. Raises EditConflict if the situation was saved in between (or `version` is
    unknown: None), SituationAnonymised if it is anonymised."""
    _locked(situation)
    if version is None:
        raise EditConflict
    if not Situation.objects.filter(pk=situation.pk, version=version).update(version=F("version") + 1):
        raise EditConflict
    situation.version, situation.updated_by = version + 1, author
    situation.save(update_fields=[*changed, "commune", "sector", "updated_by", "updated_at"])
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
    _locked(situation)
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
    """Add an event to a situation's timeline (raises ValidationError if the timeline refuses it)."""
    event.situation = _locked(event.situation)
    error = timeline_rule_error(event.situation, event)
    if error:
        raise ValidationError(error)
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
    _locked(event.situation)
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
    situation = _locked(event.situation)
    snapshot = _jsonable(model_to_dict(event, Event.DATA_FIELDS))
    AuditEntry.log(
        actor=author,
        action=AuditAction.DELETE,
        target=event,
        details={"situation": str(situation.public_id), "before": snapshot},
    )
    event.delete()
    situation.refresh_state()
