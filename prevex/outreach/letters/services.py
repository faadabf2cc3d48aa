"""The letters of the day (the due letter tasks of a team, printed as one PDF, then confirmed sent: one event each
on the timeline, through the writer), a letter alone, and a returned letter (NPAI).

This app never writes a `Situation` or an `Event` itself: `events_record_many` and `note_add` do, and the
writer's hook marks the tasks done (`prevex.outreach.services.tasks_sync`) in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach.enums import AdHocTask
from prevex.outreach.letters.enums import LANDLORD_KINDS, SENT_EVENTS, STEP_LETTERS, LetterKind
from prevex.outreach.letters.letters import (
    Letter,
    address_problem,
    build_letter,
    letterhead_for,
    sender_for,
    texts_for,
)
from prevex.outreach.letters.placeholders import personal_links
from prevex.outreach.models import Task
from prevex.outreach.services import task_add
from prevex.situations import services as writer
from prevex.situations.enums import Channel
from prevex.situations.models import Situation

LETTER_STEPS = tuple(STEP_LETTERS)


def due_letter_tasks(team, today: dt.date):
    """The team's open letter tasks due on or before today (writable situations only), oldest first."""
    return (
        Task.objects.for_team(team)
        .open()
        .filter(step__in=LETTER_STEPS, due_on__lte=today, situation__anonymised_on__isnull=True)
        .select_related("situation", "situation__commune", "situation__landlord_address")
        .order_by("due_on", "situation__reference", "step")
    )


@dataclass
class Batch:
    """The letters of the day: those ready to print, and those blocked (with their reason)."""

    sender: object
    ready: list[Letter] = field(default_factory=list)
    blocked: list[Letter] = field(default_factory=list)


def _printed_to_tenants(tasks) -> list:
    """The households (once each) of the letters to tenants that will print: those get a personal link."""
    situations = {}
    for task in tasks:
        kind = STEP_LETTERS[task.step]
        if kind not in LANDLORD_KINDS and address_problem(task.situation, kind) is None:
            situations[task.situation_id] = task.situation
    return list(situations.values())


def letters_of_the_day(team, today: dt.date, task_ids=None, *, printed: bool = False) -> Batch:
    """Every due letter of the team built (a few queries whatever their number); `task_ids` keeps only those.
    `printed`: with each tenant's personal link (made on first use by the tenant page app), for the PDF."""
    tasks = due_letter_tasks(team, today)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    sender, texts = sender_for(letterhead_for(team)), texts_for(team)
    batch = Batch(sender=sender)
    tasks = list(tasks)
    links = personal_links(_printed_to_tenants(tasks)) if printed else {}  # made for the letters printed only
    for task in tasks:
        kind = STEP_LETTERS[task.step]
        link = links.get(task.situation_id, False)
        letter = build_letter(kind, task.situation, sender, texts, today, task=task, with_link=link)
        (batch.blocked if letter.problem else batch.ready).append(letter)
    return batch


def letter_for(situation, kind: str, today: dt.date) -> tuple[Letter, object]:
    """One letter of a household (any kind, the door notice included) and the team's sender."""
    sender = sender_for(letterhead_for(situation.team))
    return build_letter(kind, situation, sender, texts_for(situation.team), today), sender


@dataclass
class Confirmation:
    recorded: int = 0  # letters recorded as sent now
    already: int = 0  # already done (a second click, a colleague): nothing recorded again
    blocked: int = 0  # not printable (their address is incomplete): not recorded


def _sent_event(kind: str, today: dt.date) -> dict:
    event_kind, recipient = SENT_EVENTS[kind]
    return {"kind": event_kind, "occurred_on": today, "recipient": recipient, "channel": Channel.POST}


@transaction.atomic
def confirm_sent(team, task_ids, user, today: dt.date) -> Confirmation:
    """Record the letters of these tasks as posted today: one event each on its timeline, in one transaction.
    Idempotent: the tasks are locked and only those still open (and printable) are recorded; the writer's hook
    then marks them done. Raises TimelineRefused (French) if a timeline refuses an event."""
    wanted = {int(pk) for pk in task_ids}
    tasks = Task.objects.filter(pk__in=wanted, team=team, step__in=LETTER_STEPS)
    # Their situations first, as every writer does (the hook syncs the tasks after locking the situations: the
    # other order could deadlock), then the tasks: a second click waits, then finds them done.
    writer.lock_situations(Situation.objects.filter(pk__in=tasks.values("situation_id")))
    locked = list(tasks.select_for_update().order_by("pk"))
    open_ids = [task.pk for task in locked if task.is_open]
    result = Confirmation(already=len(locked) - len(open_ids))  # ids of another team or not a letter: ignored
    if not open_ids:
        return result
    batch = letters_of_the_day(team, today, task_ids=open_ids)
    result.blocked = len(batch.blocked)
    events, details = {}, {}
    for letter in batch.ready:
        events.setdefault(letter.situation.pk, []).append(_sent_event(letter.kind, today))
        details.setdefault(letter.situation.pk, {"outreach": "letters_sent", "letters": []})["letters"].append(
            letter.kind
        )
    result.already += len(open_ids) - len(batch.ready) - len(batch.blocked)  # no longer due meanwhile
    if events:
        writer.events_record_many(team=team, events=events, author=user, details=details)
    result.recorded = len(batch.ready)
    return result


def find_by_reference(team, text: str) -> Situation | None:
    """The team's situation whose reference is typed or scanned (case and spaces ignored)."""
    reference = "".join((text or "").split())
    if not reference:
        return None
    situations = Situation.objects.for_team(team).filter(anonymised_on__isnull=True)  # read-only once anonymised
    return situations.filter(reference__iexact=reference).select_related("commune").first()


@transaction.atomic
def returned_letter(situation: Situation, user, today: dt.date) -> Task:
    """A letter came back (NPAI: the household may not live there): a note on the timeline, through the writer,
    and a task to check the address (a check visit); journaled. Returns the task (the open one if it exists)."""
    situation = writer.locked(situation)
    writer.note_add(
        situation,
        note=_("Courrier revenu : « n'habite pas à l'adresse indiquée » (NPAI). Vérifier l'adresse par une visite."),
        occurred_on=today,
        author=user,
    )
    task = task_add(situation, AdHocTask.CHECK_ADDRESS, due_on=today)
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPDATE,
        target=situation,
        team=situation.team,
        details={"outreach": "letter_returned", "task": task.pk},
    )
    return task


def kind_label(kind: str) -> str:
    return LetterKind(kind).label
