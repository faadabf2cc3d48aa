"""The writer's guard of the timeline rules: each change of a timeline is checked whole, before and after, with
`timeline_errors` (prevex/situations/timeline.py), and refused if it brings an error the timeline did not have.

One at a time (an event recorded, corrected or deleted; a situation's dates edited) or in bulk (the imports'
new situations, events and changes, a few queries whatever their number).
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone

from prevex.core.bulk import chunks
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.timeline import FACT_FIELDS, TimelineError, TimelineFacts, new_errors, timeline_errors

# What the timeline rules read of an event (and of a situation: `FACT_FIELDS`).
EVENT_FIELDS = ("id", "situation_id", "kind", "occurred_on", "hearing_on", "act")


class TimelineRefused(ValidationError):
    """A change the timeline refuses: `errors` are the TimelineError it would bring (messages in French)."""

    def __init__(self, errors: list[TimelineError]):
        super().__init__([error.message for error in errors], code="timeline")
        self.errors = errors


def events_of(situation) -> list[Event]:
    """The events of a situation as they are saved, with what the rules read of them."""
    return list(Event.objects.filter(situation_id=situation.pk).only(*EVENT_FIELDS))


def change_errors(situation, *, add=(), replace=None, remove=None, facts: dict | None = None) -> list[TimelineError]:
    """The errors a change would bring to the timeline of a situation: events added (unsaved), an event corrected
    (`replace`: its new values, same pk), one deleted (`remove`), and new values of the situation's facts (its
    hearing date, earlier hearings, assignation or reception)."""
    before = events_of(situation)
    changed = {getattr(replace, "pk", None), getattr(remove, "pk", None)} - {None}
    after = [event for event in before if event.pk not in changed]
    after += [replace] if replace is not None else []
    after += list(add)
    return new_errors(
        timeline_errors(before, TimelineFacts.of(situation)),
        timeline_errors(after, TimelineFacts.of(situation, **(facts or {}))),
    )


def refuse(errors: list[TimelineError]) -> None:
    if errors:
        raise TimelineRefused(errors)


class NewEvent(NamedTuple):
    """A new event (not saved yet), as the rules read it."""

    kind: str
    occurred_on: object
    hearing_on: object = None
    act: str = ""
    pk: None = None


def _probe(event: dict) -> NewEvent:
    """A new event given as a dict of Event fields, as the rules read it."""
    return NewEvent(event["kind"], event["occurred_on"], event.get("hearing_on"), event.get("act", ""))


def _named(errors: list[TimelineError], reference: str) -> list[TimelineError]:
    """Errors of a situation among many, its reference first: an import says which situation it refuses."""
    return [TimelineError(f"{reference} : {error.message}", error.field, error.event) for error in errors]


def new_timelines_errors(timelines: list[tuple[dict, list[dict]]]) -> list[TimelineError]:
    """The errors of new situations' timelines, given as (fields, events as dicts), each named by its
    reference: everything is new there. Reads nothing."""
    errors, today = [], timezone.localdate()
    for fields, events in timelines:
        found = timeline_errors([_probe(event) for event in events], TimelineFacts.from_values(fields, today=today))
        if found:
            errors += _named(found, fields.get("reference", ""))
    return errors


def _situations(pks: list[int]) -> dict[int, Situation]:
    found = {}
    for chunk in chunks(sorted(pks)):
        found.update(Situation.objects.only("reference", *FACT_FIELDS).in_bulk(chunk))
    return found


def _timelines(pks: list[int]) -> dict[int, list[Event]]:
    events = {pk: [] for pk in pks}
    for chunk in chunks(sorted(pks)):
        for event in Event.objects.filter(situation_id__in=chunk).only(*EVENT_FIELDS):
            events[event.situation_id].append(event)
    return events


def many_changes_errors(added: dict[int, list[dict]], facts: dict[int, dict] | None = None) -> list[TimelineError]:
    """The errors that events added to situations ({pk: events as dicts}) and new values of their facts
    ({pk: {field: value}}) would bring to their timelines, each named by the situation's reference; a few
    queries whatever the number of situations."""
    errors = []
    for reference, brought in changes_errors_by_situation(added, facts).values():
        errors += _named(brought, reference)
    return errors


def changes_errors_by_situation(
    added: dict[int, list[dict]], facts: dict[int, dict] | None = None
) -> dict[int, tuple[str, list[TimelineError]]]:
    """{pk: (reference, the errors the change would bring)} for the situations it would break (an import's
    preview flags their rows); a few queries whatever the number of situations."""
    facts = facts or {}
    pks = sorted({*added, *facts})
    situations, timelines = _situations(pks), _timelines(pks)
    found, today = {}, timezone.localdate()
    for pk in pks:
        situation, before = situations[pk], timelines[pk]
        after = before + [_probe(event) for event in added.get(pk, [])]
        brought = new_errors(
            timeline_errors(before, TimelineFacts.of(situation, today=today)),
            timeline_errors(after, TimelineFacts.of(situation, today=today, **facts.get(pk, {}))),
        )
        if brought:
            found[pk] = (situation.reference, brought)
    return found


def dates_change_errors(situation: Situation, values: dict) -> list[TimelineError]:
    """The errors that new dates of a situation ({field: value} among its assignation, reception and hearing)
    would bring to its timeline, as `situation_update` writes them: a hearing date replaced joins the earlier
    hearings, with a note dated today."""
    facts, added = dict(values), []
    before = situation.hearing_date
    if "hearing_date" in values and before is not None and before != values["hearing_date"]:
        facts["earlier_hearing_dates"] = sorted({*situation.earlier_hearing_dates, before.isoformat()})
        added.append(_probe({"kind": EventKind.NOTE, "occurred_on": timezone.localdate()}))
    return change_errors(situation, add=added, facts=facts)
