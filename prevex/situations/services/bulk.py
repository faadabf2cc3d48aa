"""The bulk twins of the single-object services, for imports, their undo, the social-services answer and the
demo: the same rows, routing, search text, cached state and journal as one at a time, in a few statements.

The timeline rules are the writer's here too: a batch that would bring an error to a timeline (a closure of a
closed situation, a second presence for one hearing, a date in the future…) is refused whole (TimelineRefused,
each message naming the situation's reference), before anything is written; the imports' previews flag what
they can beforehand.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from prevex.audit.models import AuditAction
from prevex.core.bulk import chunks, insert_rows, insert_rows_returning_pks, update_rows
from prevex.situations.enums import EventKind
from prevex.situations.households import stored_household_key
from prevex.situations.models import Event, Situation
from prevex.situations.routing import sectors_by_commune
from prevex.situations.services.cache import SEARCHED_FIELDS, after_timelines_change, search_text
from prevex.situations.services.journal import attribution, journal, journal_many, public_ids
from prevex.situations.services.locks import check_writable
from prevex.situations.services.referents import default_referents_create
from prevex.situations.services.situations import situation_set_fields
from prevex.situations.services.timeline import FACT_FIELDS, many_changes_errors, new_timelines_errors, refuse
from prevex.situations.state import derive_state, milestones_of, state_columns

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
    probe = SimpleNamespace(**{**_BLANK, **values, "commune_id": commune.pk})
    return {
        **values,
        **authors,
        "team_id": team.pk,
        "commune_id": commune.pk,
        "search_text": search_text(probe, commune_name=commune.name),
        "household_key": stored_household_key(probe),
    }


def _state_of(new: NewSituation) -> dict:
    """The cache columns of a new situation, from the events it is created with (in the order they are stored)."""
    return state_columns(derive_state(milestones_of(new.fields, new.events)))


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
    refuse(new_timelines_errors([(new.fields, new.events) for new in situations]))
    sectors = sectors_by_commune(team)
    authors = {"created_by_id": getattr(author, "pk", None), "updated_by_id": getattr(author, "pk", None)}
    # The cached state is inserted with the row, derived from the events about to be stored: updating 10,000 new
    # rows afterwards cost more than inserting them (each update writes every index of the table again).
    rows = [{**_situation_row(team, new, sectors, authors), **_state_of(new)} for new in situations]
    insert_rows(Situation, rows)
    created = {}
    for chunk in chunks([row["reference"] for row in rows]):
        for pk, reference, public_id, sector_id in (
            Situation.objects.for_team(team)
            .filter(reference__any=chunk)
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
    after_timelines_change([pk for pk, _p, _s in ordered], cached=[], created=True)
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
def events_record_many(*, team, events: dict[int, list[dict]], author, details: dict[int, dict]) -> list[int]:
    """Add events (dicts of Event fields) to the timelines of situations {pk: events}, their states refreshed,
    one journal entry per situation (`details[pk]`: no personal value). Returns the pks of the events added
    (what an undo removes). Raises TimelineRefused if they bring an error to a timeline."""
    refuse(many_changes_errors(events))
    who = attribution(author)
    rows = [{**event, **who, "situation_id": pk} for pk, added in events.items() for event in added]
    added = insert_rows_returning_pks(Event, rows)
    after_timelines_change(list(events))
    ids = public_ids(list(events))
    journal_many(team=team, actor=author, action=AuditAction.UPDATE, entries=[(ids[pk], details[pk]) for pk in events])
    return added


@transaction.atomic
def events_delete_many(*, team, events: list[int], author, details: dict) -> int:
    """Delete events an import added (pks), once the caller has locked their situations and checked nothing
    was written on them since: their states refreshed, one journal entry per situation (`details`: ids only).
    Returns the number deleted."""
    situations = sorted(set(Event.objects.filter(pk__in=events).values_list("situation_id", flat=True)))
    deleted = 0
    for chunk in chunks(sorted(events)):
        deleted += Event.objects.filter(pk__in=chunk, situation__team=team).delete()[0]
    after_timelines_change(situations)
    ids = public_ids(situations)
    journal_many(team=team, actor=author, action=AuditAction.UPDATE, entries=[(ids[pk], details) for pk in situations])
    return deleted


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
    timeline dated `occurred_on` and a journal entry of the values before and after; a hearing date replaced
    joins the earlier hearings (as `situation_update` keeps it). Raises TimelineRefused if a change brings an
    error to a timeline. Returns, per change, {situation, version, note, before[, earlier_hearing_dates]}: what
    an undo needs (`situations_revert`)."""
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
        earlier = list(situation.earlier_hearing_dates)
        for name, value in change.values.items():
            setattr(situation, name, value)
        situation.version += 1
        situation.updated_by, situation.updated_at = author, now
        changed[situation.pk] |= set(change.values)
        applied.append({"situation": situation.pk, "version": situation.version, "before": _jsonable(before)})
        if _keep_postponed_hearing(situation, before.get("hearing_date")):
            changed[situation.pk].add("earlier_hearing_dates")
            applied[-1]["earlier_hearing_dates"] = earlier
        notes.append(
            Event(
                situation=situation,
                kind=EventKind.NOTE,
                occurred_on=occurred_on,
                note=change.note,
                **attribution(author),
            )
        )
    refuse(
        many_changes_errors(
            {pk: [{"kind": EventKind.NOTE, "occurred_on": occurred_on}] for pk in changed},
            {pk: {name: getattr(situations[pk], name) for name in FACT_FIELDS} for pk in changed},
        )
    )
    _write_fields(situations, changed)
    for record, note in zip(applied, Event.objects.bulk_create(notes), strict=True):
        record["note"] = note.pk
    after_timelines_change([change.situation_id for change in changes])
    by_team = defaultdict(list)
    for change, record in zip(changes, applied, strict=True):
        situation = situations[change.situation_id]
        details = {**change.details, "before": record["before"], "after": _jsonable(change.values)}
        by_team[situation.team].append((str(situation.public_id), details))
    for team, entries in by_team.items():
        journal_many(team=team, actor=author, action=AuditAction.UPDATE, entries=entries)
    return applied


def _keep_postponed_hearing(situation: Situation, replaced) -> bool:
    """Add the hearing date a change replaced to the situation's earlier hearings; True if it was added."""
    if (
        replaced is None
        or replaced == situation.hearing_date
        or replaced.isoformat() in situation.earlier_hearing_dates
    ):
        return False
    situation.earlier_hearing_dates = sorted({*situation.earlier_hearing_dates, replaced.isoformat()})
    return True


def _write_fields(situations: dict, changed: dict[int, set]) -> None:
    """Write the changed fields of these situations (and their version, author, time, search text and household
    key), one batched UPDATE per set of fields changed."""
    groups = defaultdict(list)
    for pk, names in changed.items():
        situation = situations[pk]
        situation.search_text = search_text(situation)
        situation.household_key = stored_household_key(situation)
        groups[tuple(sorted(names))].append(situation)
    for names, group in groups.items():
        columns = [*names, "version", "updated_by", "updated_at", "search_text", "household_key"]
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
        if "earlier_hearing_dates" in change:  # the hearing date the change replaced is current again
            situation.earlier_hearing_dates = change["earlier_hearing_dates"]
            Situation.objects.filter(pk=situation.pk).update(earlier_hearing_dates=situation.earlier_hearing_dates)
        Event.objects.filter(pk=change["note"]).delete()
        after_timelines_change([situation.pk])
        journal(
            actor=author,
            action=AuditAction.UPDATE,
            target=situation,
            team=situation.team,
            details={"undo": True, "after": change["before"]},
        )
