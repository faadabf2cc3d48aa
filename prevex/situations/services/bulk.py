"""The bulk twins of the single-object services, for imports, their undo, the social-services answer and the
demo: the same rows, routing, search text, cached state and journal as one at a time, in a few statements.

Timeline rules are the caller's: the imports validate the order of their dates before writing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from prevex.audit.models import AuditAction
from prevex.core.bulk import chunks, insert_rows, update_rows
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.routing import sectors_by_commune
from prevex.situations.services.cache import SEARCHED_FIELDS, refresh_states, search_text
from prevex.situations.services.journal import attribution, journal, journal_many, public_ids
from prevex.situations.services.locks import check_writable
from prevex.situations.services.referents import default_referents_create
from prevex.situations.services.situations import situation_set_fields

_BLANK = dict.fromkeys([*SEARCHED_FIELDS, "phone"], "")


@dataclass
class NewSituation:
    """A situation to create: its fields (`commune` a Commune; `sector_id` routed from it if absent), the events
    of its timeline (dicts of Event fields) and the details of its journal entry (ids, row numbers: never a
    value of the file)."""

    fields: dict
    events: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)


def _situation_row(team, new: NewSituation, sectors: dict, authors: dict) -> dict:
    values = dict(new.fields)
    commune = values.pop("commune")
    values.setdefault("sector_id", sectors.get(commune.pk))
    probe = SimpleNamespace(**{**_BLANK, **values})
    return {
        **values,
        **authors,
        "team_id": team.pk,
        "commune_id": commune.pk,
        "search_text": search_text(probe, commune_name=commune.name),
    }


@transaction.atomic
def situations_create_many(
    *, team, situations: list[NewSituation], author, journaled: bool = True
) -> list[tuple[int, str]]:
    """Create situations with their timelines, routed to their communes' sectors with the sectors' default people
        in charge, their state cached and one journal entry each (unless `journaled` is False: the demo journals its
    load once). An event's own `author_id`/`organisation_id` win over the author's. Returns (pk, public id) in
    the order given."""
    if not situations:
        return []
    sectors = sectors_by_commune(team)
    authors = {"created_by_id": getattr(author, "pk", None), "updated_by_id": getattr(author, "pk", None)}
    rows = [_situation_row(team, new, sectors, authors) for new in situations]
    insert_rows(Situation, rows)
    created = {}
    for chunk in chunks([row["reference"] for row in rows]):
        for pk, reference, public_id, sector_id in (
            Situation.objects.for_team(team)
            .filter(reference__in=chunk)
            .values_list("pk", "reference", "public_id", "sector_id")
        ):
            created[reference] = (pk, str(public_id), sector_id)
    ordered = [created[row["reference"]] for row in rows]
    default_referents_create(team, [(pk, sector_id) for pk, _public_id, sector_id in ordered])
    who = attribution(author)
    timelines = zip(situations, ordered, strict=True)
    insert_rows(
        Event, [{**who, **event, "situation_id": pk} for new, (pk, _p, _s) in timelines for event in new.events]
    )
    refresh_states([pk for pk, _p, _s in ordered])
    if not journaled:
        return [(pk, public_id) for pk, public_id, _s in ordered]
    journal_many(
        team=team,
        actor=author,
        action=AuditAction.CREATE,
        entries=[(public_id, new.details) for new, (_pk, public_id, _s) in zip(situations, ordered, strict=True)],
    )
    return [(pk, public_id) for pk, public_id, _s in ordered]


@transaction.atomic
def events_record_many(*, team, events: dict[int, list[dict]], author, details: dict[int, dict]) -> int:
    """Add events (dicts of Event fields) to the timelines of situations {pk: events}, their states refreshed,
    one journal entry per situation (`details[pk]`: no personal value). Returns the number of events."""
    who = attribution(author)
    count = insert_rows(Event, [{**event, **who, "situation_id": pk} for pk, rows in events.items() for event in rows])
    refresh_states(list(events))
    ids = public_ids(list(events))
    journal_many(team=team, actor=author, action=AuditAction.UPDATE, entries=[(ids[pk], details[pk]) for pk in events])
    return count


@dataclass
class Change:
    """Fields to change on a situation (`values`: field -> new value), with the note explaining it on its
    timeline and the details of its journal entry (besides the values before and after)."""

    situation_id: int
    values: dict
    note: str
    details: dict = field(default_factory=dict)


def _jsonable(values: dict) -> dict:
    return {key: None if value is None else str(value) for key, value in values.items()}


@transaction.atomic
def situations_change_with_note(*, changes: list[Change], author, occurred_on) -> list[dict]:
    """Change fields of situations the caller has locked (refusing anonymised ones), each with a note on its
    timeline dated `occurred_on` and a journal entry of the values before and after. Returns, per change,
    {situation, version, note, before}: what an undo needs (`situations_revert`)."""
    if not changes:
        return []
    situations = {}
    for chunk in chunks([change.situation_id for change in changes]):
        situations.update(Situation.objects.select_related("commune", "team").in_bulk(chunk))
    applied, notes, changed = [], [], defaultdict(set)
    now = timezone.now()
    for change in changes:
        situation = situations[change.situation_id]
        check_writable(situation)
        before = {name: getattr(situation, name) for name in change.values}
        for name, value in change.values.items():
            setattr(situation, name, value)
        situation.version += 1
        situation.updated_by, situation.updated_at = author, now
        changed[situation.pk] |= set(change.values)
        applied.append({"situation": situation.pk, "version": situation.version, "before": _jsonable(before)})
        notes.append(
            Event(
                situation=situation,
                kind=EventKind.NOTE,
                occurred_on=occurred_on,
                note=change.note,
                **attribution(author),
            )
        )
    _write_fields(situations, changed)
    for record, note in zip(applied, Event.objects.bulk_create(notes), strict=True):
        record["note"] = note.pk
    refresh_states([change.situation_id for change in changes])
    for change, record in zip(changes, applied, strict=True):
        journal(
            actor=author,
            action=AuditAction.UPDATE,
            target=situations[change.situation_id],
            team=situations[change.situation_id].team,
            details={**change.details, "before": record["before"], "after": _jsonable(change.values)},
        )
    return applied


def _write_fields(situations: dict, changed: dict[int, set]) -> None:
    """Write the changed fields of these situations (and their version, author, time and search text), one
    batched UPDATE per set of fields changed."""
    groups = defaultdict(list)
    for pk, names in changed.items():
        situation = situations[pk]
        situation.search_text = search_text(situation)
        groups[tuple(sorted(names))].append(situation)
    for names, group in groups.items():
        columns = [*names, "version", "updated_by", "updated_at", "search_text"]
        attnames = [Situation._meta.get_field(name).attname for name in columns]
        update_rows(
            Situation,
            columns,
            [(situation.pk, *(getattr(situation, name) for name in attnames)) for situation in group],
        )


@transaction.atomic
def situations_revert(*, applied: list[dict], author) -> None:
    """Undo `situations_change_with_note`: the values before, the note removed, journaled as an undo."""
    for change in applied:
        situation = Situation.objects.select_for_update().select_related("team").get(pk=change["situation"])
        before = {name: Situation._meta.get_field(name).to_python(value) for name, value in change["before"].items()}
        situation_set_fields(situation, before, author=author)
        Event.objects.filter(pk=change["note"]).delete()
        refresh_states(Situation.objects.filter(pk=situation.pk))
        journal(
            actor=author,
            action=AuditAction.UPDATE,
            target=situation,
            team=situation.team,
            details={"undo": True, "after": change["before"]},
        )
