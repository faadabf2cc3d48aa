"""The outreach tasks kept in step with the timelines, in bulk, and the pauses of a household's sequence.

`tasks_sync` recomputes the plan (`sequence.plan`) of many situations from a handful of queries (situations,
the teams' steps, events, pauses, tasks: one each per chunk, whatever the number of situations) and reconciles
the stored `Task` rows with it in a few multi-row statements. The writer of the timelines calls it (through a
hook) in the transaction that changes a timeline; `tasks_sync_team` is the daily job.

This app never writes a `Situation` or an `Event` (only prevex/situations/services does): it reads them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import chunks, insert_rows, update_rows
from prevex.outreach.enums import AdHocTask, EndReason, TaskStatus
from prevex.outreach.models import Pause, SequenceStep, Task, specs_of
from prevex.outreach.sequence import ESSONNE_SEQUENCE, EventFact, PlannedTask, SequenceFacts, plan
from prevex.outreach.sequence import Pause as PauseFact
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.services import locked

SYNC_CHUNK = 2000  # situations per round of queries
# The events the plan reads (the others, notes, hearings, landlord contacts, change nothing to it).
PLAN_EVENT_KINDS = (
    EventKind.LETTER,
    EventKind.VISIT,
    EventKind.REMINDER,
    EventKind.TENANT_CONTACT,
    EventKind.ADHESION,
    EventKind.CLOSURE,
    EventKind.REOPENING,
)
SITUATION_FIELDS = (
    "pk",
    "team_id",
    "reference",
    "received_on",
    "hearing_date",
    "social_services",
    "social_services_checked_on",
)
# What a task row holds of its planned task (besides team, situation and step), in this order.
TASK_FIELDS = (
    "label",
    "due_on",
    "late",
    "done_on",
    "done_event_id",
    "cancelled_on",
    "cancelled_reason",
    "cancelled_event_id",
    "proposed_closure",
    "organisation_kind",
    "role",
)
ONE_DAY = dt.timedelta(days=1)


# --- the sequence of a team ------------------------------------------------------------------------------------


def sequences_of(team_ids) -> dict[int, tuple]:
    """Each team's sequence (its own steps, or the shipped default while it has none), in one query."""
    team_ids, rows = set(team_ids), defaultdict(list)
    for step in SequenceStep.objects.filter(team_id__in=team_ids).order_by("position", "id"):
        rows[step.team_id].append(step)
    return {team_id: specs_of(rows[team_id]) if rows[team_id] else ESSONNE_SEQUENCE for team_id in team_ids}


@transaction.atomic
def sequence_install_default(team) -> list[SequenceStep]:
    """Give a team its own copy of the shipped sequence, for its coordinator to edit (nothing if it has one)."""
    if SequenceStep.objects.filter(team=team).exists():
        return list(SequenceStep.objects.filter(team=team).order_by("position", "id"))
    steps = [
        SequenceStep.from_spec(spec, team=team, position=position)
        for position, spec in enumerate(ESSONNE_SEQUENCE, start=1)
    ]
    return SequenceStep.objects.bulk_create(steps)


# --- plans of many situations, from a few queries ----------------------------------------------------------------


@dataclass(frozen=True)
class SituationPlan:
    pk: int
    team_id: int
    reference: str
    plan: object  # sequence.Plan


def _social_services_known_on(row: dict) -> dt.date | None:
    if row["social_services"] != SocialServicesCheck.KNOWN:
        return None
    return row["social_services_checked_on"] or row["received_on"]


def _events_by_situation(ids, as_of: dt.date) -> dict[int, list[EventFact]]:
    events = defaultdict(list)
    rows = Event.objects.filter(situation_id__any=ids, occurred_on__lte=as_of, kind__in=PLAN_EVENT_KINDS).values_list(
        "pk", "situation_id", "kind", "occurred_on", "recipient", "visit_outcome"
    )
    for pk, situation_id, kind, occurred_on, recipient, outcome in rows:
        events[situation_id].append(EventFact(kind, occurred_on, recipient, outcome, pk))
    return events


def pause_fact(starts_on: dt.date, ends_on: dt.date, resumed_on: dt.date | None, as_of: dt.date):
    """The days a pause held as of `as_of`: resumed early (on or before `as_of`), it held until the day before."""
    until = ends_on
    if resumed_on is not None and resumed_on <= as_of:
        until = min(until, resumed_on - ONE_DAY)
    return PauseFact(starts_on, until) if until >= starts_on else None


def _pauses_by_situation(ids, as_of: dt.date) -> dict[int, list[PauseFact]]:
    pauses = defaultdict(list)
    rows = Pause.objects.filter(situation_id__any=ids, starts_on__lte=as_of).values_list(
        "situation_id", "starts_on", "ends_on", "resumed_on"
    )
    for situation_id, starts_on, ends_on, resumed_on in rows:
        if (fact := pause_fact(starts_on, ends_on, resumed_on, as_of)) is not None:
            pauses[situation_id].append(fact)
    return pauses


def _plans(situations: list[dict], as_of: dt.date, *, created: bool = False) -> list[SituationPlan]:
    ids = [row["pk"] for row in situations]
    sequences = sequences_of(row["team_id"] for row in situations)
    events = _events_by_situation(ids, as_of)
    pauses = defaultdict(list) if created else _pauses_by_situation(ids, as_of)  # a new situation has no pause
    # A timeline with no event and no pause plans the same for every situation of its team received the same day
    # with the same hearing (thousands in one list): `plan` is pure, so those are planned once.
    bare_plans = {}

    def plan_of(row: dict):
        facts = SequenceFacts(
            received_on=row["received_on"],
            hearing_date=row["hearing_date"],
            events=tuple(events[row["pk"]]),
            pauses=tuple(pauses[row["pk"]]),
            social_services_known_on=_social_services_known_on(row),
        )
        if facts.events or facts.pauses:
            return plan(sequences[row["team_id"]], facts, as_of)
        key = (row["team_id"], facts)
        if key not in bare_plans:
            bare_plans[key] = plan(sequences[row["team_id"]], facts, as_of)
        return bare_plans[key]

    return [
        SituationPlan(pk=row["pk"], team_id=row["team_id"], reference=row["reference"], plan=plan_of(row))
        for row in situations
    ]


def team_plans(team, as_of: dt.date | None = None):
    """The plan of every situation of a team received on or before `as_of` (today by default), chunk by chunk."""
    as_of = as_of or timezone.localdate()
    ids = list(Situation.objects.filter(team=team, received_on__lte=as_of).order_by("pk").values_list("pk", flat=True))
    for chunk in chunks(ids, SYNC_CHUNK):
        yield from _plans(list(Situation.objects.filter(pk__any=chunk).values(*SITUATION_FIELDS)), as_of)


def open_tasks(team, as_of: dt.date | None = None) -> list[tuple[str, PlannedTask]]:
    """(reference, task) of the team's open tasks as of a day, from the timelines as they were that day, in
    due-date then reference order."""
    found = [
        (situation.reference, task) for situation in team_plans(team, as_of) for task in situation.plan.open_tasks()
    ]
    return sorted(found, key=lambda item: (item[1].due_on, item[0], item[1].step.code))


# --- reconciling the stored tasks ----------------------------------------------------------------------------------


@dataclass
class SyncResult:
    situations: int = 0
    created: int = 0
    updated: int = 0

    def __add__(self, other: "SyncResult") -> "SyncResult":
        return SyncResult(
            self.situations + other.situations, self.created + other.created, self.updated + other.updated
        )


def _wanted(task: PlannedTask, labels: dict) -> tuple | None:
    """The stored values of a planned task, or None for a step that never was due (nothing to store). `labels`
    caches the translated labels for a sync (the same few for thousands of tasks)."""
    if task.status == TaskStatus.WAITING or (task.status == TaskStatus.CANCELLED and task.due_on is None):
        return None
    key = (task.step.code, task.proposed_closure)
    if key not in labels:
        labels[key] = task.label
    return (
        labels[key],
        task.due_on or task.done_on,  # done before its previous step was: due the day it was done
        task.late,
        task.done_on,
        task.done_by_event_pk,
        task.cancelled_on,
        task.cancelled_reason,
        task.cancelled_by_event_pk,
        task.proposed_closure,
        task.step.organisation_kind,
        task.step.role,
    )


def _stored(row: dict) -> tuple:
    return tuple(row[name] for name in TASK_FIELDS)


def _is_open(row: dict) -> bool:
    return row["done_on"] is None and row["cancelled_on"] is None


def _cancel(row: dict, reason: str, on: dt.date, event_pk: int | None = None) -> tuple:
    values = dict(zip(TASK_FIELDS, _stored(row), strict=True))
    values.update(cancelled_on=on, cancelled_reason=reason, cancelled_event_id=event_pk)
    return tuple(values[name] for name in TASK_FIELDS)


def _resumed(row: dict, task: PlannedTask) -> bool:
    """A step cancelled (by a closure, say) that is due or done again (after a reopening): a new row."""
    return row["cancelled_on"] is not None and task.status in (TaskStatus.OPEN, TaskStatus.DONE)


def _current(rows: list[dict]) -> dict[str, dict]:
    """Each step's current row: its open one, else its latest."""
    current = {}
    for row in sorted(rows, key=lambda row: row["id"]):
        if not (row["step"] in current and _is_open(current[row["step"]])):
            current[row["step"]] = row
    return current


def reconcile(
    situation: SituationPlan, rows: list[dict], as_of: dt.date, labels: dict | None = None
) -> tuple[list[dict], list[tuple]]:
    """(rows to insert, (pk, *values) rows to update) bringing a situation's stored tasks to its plan.

    A step's current row takes the plan's values, except that a step resumed after a cancellation (a reopening)
    gets a new row, the cancelled one staying as history. An open row whose step is no longer due, or no longer
    in the sequence, is cancelled."""
    inserts, updates, labels = [], [], {} if labels is None else labels
    current = _current(rows)
    planned = {task.step.code: task for task in situation.plan.tasks}
    for code, task in planned.items():
        wanted, row = _wanted(task, labels), current.get(code)
        if row is None or (wanted is not None and _resumed(row, task)):
            if wanted is not None:
                inserts.append(
                    {"team_id": situation.team_id, "situation_id": situation.pk, "step": code}
                    | dict(zip(TASK_FIELDS, wanted, strict=True))
                )
        elif wanted is None:
            if _is_open(row):
                reason = task.cancelled_reason or EndReason.NO_LONGER_DUE
                updates.append(
                    (row["id"], *_cancel(row, reason, task.cancelled_on or as_of, task.cancelled_by_event_pk))
                )
        elif wanted != _stored(row):
            updates.append((row["id"], *wanted))
    for code, row in current.items():
        if code not in planned and _is_open(row):
            updates.append((row["id"], *_cancel(row, EndReason.STEP_REMOVED, as_of)))
    return inserts, updates


def _first_rows(situation: SituationPlan, labels: dict) -> list[dict]:
    """`reconcile` of a situation with no stored task: a row for each step that is, or was, due."""
    wanted = [(task.step.code, _wanted(task, labels)) for task in situation.plan.tasks]
    return [
        {"team_id": situation.team_id, "step": code, **dict(zip(TASK_FIELDS, values, strict=True))}
        for code, values in wanted
        if values is not None
    ]


def _sync_chunk(ids: list[int], as_of: dt.date, *, created: bool = False) -> SyncResult:
    """`created`: the situations were created in this transaction (no task or pause yet, and no other
    transaction can lock them): neither locked nor looked up."""
    situations = Situation.objects.filter(pk__any=ids).order_by("pk")
    situations = list((situations if created else situations.select_for_update()).values(*SITUATION_FIELDS))
    plans = _plans(situations, as_of, created=created)
    rows = defaultdict(list)
    stored = Task.objects.none() if created else Task.objects.filter(situation_id__any=ids, planned=True)
    for row in stored.values("id", "situation_id", "step", *TASK_FIELDS):
        rows[row["situation_id"]].append(row)
    inserts, updates, labels = [], [], {}
    first_tasks = {}  # a shared plan (see `_plans`) of situations with no stored task yet: its rows, made once
    for situation in plans:
        if not rows[situation.pk]:
            if id(situation.plan) not in first_tasks:
                first_tasks[id(situation.plan)] = _first_rows(situation, labels)
            inserts += [task | {"situation_id": situation.pk} for task in first_tasks[id(situation.plan)]]
            continue
        new, changed = reconcile(situation, rows[situation.pk], as_of, labels)
        inserts += new
        updates += changed
    insert_rows(Task, inserts)
    now = timezone.now()
    update_rows(Task, [*TASK_FIELDS, "updated_at"], [(*update, now) for update in updates])
    return SyncResult(situations=len(plans), created=len(inserts), updated=len(updates))


@transaction.atomic
def tasks_sync(situation_ids, as_of: dt.date | None = None, *, created: bool = False) -> SyncResult:
    """Bring the stored tasks of these situations to their plans as of `as_of` (today by default): create
    the missing, move the due dates, mark done with the event, cancel with the reason. Idempotent. `created`:
    the writer has just created these situations in this transaction (the hook says so)."""
    as_of = as_of or timezone.localdate()
    result = SyncResult()
    for chunk in chunks(sorted(set(situation_ids)), SYNC_CHUNK):
        result += _sync_chunk(chunk, as_of, created=created)
    return result


def tasks_sync_team(team, as_of: dt.date | None = None) -> SyncResult:
    """The daily job: every situation of the team, 2,000 at a time (one transaction each)."""
    ids = list(Situation.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
    result = SyncResult()
    for chunk in chunks(ids, SYNC_CHUNK):
        result += tasks_sync(chunk, as_of)
    return result


# --- pauses ----------------------------------------------------------------------------------------------------


@transaction.atomic
def pause_sequence(situation: Situation, until: dt.date, reason: str, user) -> Pause:
    """Pause a household's sequence from today to `until` (included), with a reason; its tasks move past it."""
    today = timezone.localdate()
    situation = locked(situation)  # one change of the household's outreach at a time; anonymised: refused
    reason = (reason or "").strip()
    if situation.closed_on is not None:
        raise ValidationError(_("La situation est clôturée : sa séquence d'aller-vers est déjà terminée."))
    if until < today:
        raise ValidationError(_("La pause se termine au plus tôt aujourd'hui."))
    if not reason:
        raise ValidationError(_("Indiquez le motif de la pause."))
    if Pause.objects.filter(situation=situation).in_effect(today).exists():
        raise ValidationError(_("La séquence de ce ménage est déjà en pause."))
    pause = Pause.objects.create(situation=situation, starts_on=today, ends_on=until, reason=reason, created_by=user)
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPDATE,
        target=situation,
        team=situation.team,
        # The reason is free text: under "note", the journal keeps it apart (and anonymisation deletes it).
        details={"outreach": "pause", "starts_on": today.isoformat(), "ends_on": until.isoformat(), "note": reason},
    )
    tasks_sync([situation.pk], today)
    return pause


@transaction.atomic
def resume_sequence(situation: Situation, user) -> Pause:
    """End today the pause in effect: what it held is due today."""
    today = timezone.localdate()
    situation = locked(situation)
    pause = Pause.objects.filter(situation=situation).in_effect(today).order_by("-starts_on", "-pk").first()
    if pause is None:
        raise ValidationError(_("La séquence de ce ménage n'est pas en pause."))
    pause.resumed_on, pause.resumed_by = today, user
    pause.save(update_fields=["resumed_on", "resumed_by"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPDATE,
        target=situation,
        team=situation.team,
        details={"outreach": "resume", "starts_on": pause.starts_on.isoformat(), "resumed_on": today.isoformat()},
    )
    tasks_sync([situation.pk], today)
    return pause


# --- tasks outside the sequence ----------------------------------------------------------------------------------


@transaction.atomic
def task_add(situation: Situation, kind: str, *, due_on: dt.date | None = None, note: str = "") -> Task:
    """Open a task outside the sequence (one per kind and situation: an open one is kept, and returned)."""
    open_task = Task.objects.open().filter(situation=situation, step=kind, planned=False).first()
    if open_task is not None:
        return open_task
    label = AdHocTask(kind).label
    return Task.objects.create(
        team_id=situation.team_id,
        situation=situation,
        step=kind,
        label=f"{label} : {note}" if note else label,
        due_on=due_on or timezone.localdate(),
        planned=False,
    )


def tasks_redate(due_dates: dict[int, dt.date]) -> int:
    """Move open tasks outside the sequence to new due dates ({task pk: date}): a follow-up whose deadline moved
    (the JEX request once the CQL is recorded or corrected). Returns how many moved."""
    moved = 0
    for pk, due_on in sorted(due_dates.items()):
        moved += (
            Task.objects.open()
            .filter(pk=pk, planned=False)
            .exclude(due_on=due_on)
            .update(due_on=due_on, updated_at=timezone.now())
        )
    return moved


@transaction.atomic
def task_done(task: Task, user) -> Task:
    """A person marks a task outside the sequence done (a step of the sequence is done by its event)."""
    if task.planned:
        raise ValidationError(_("Cette étape se termine en enregistrant son événement sur la chronologie."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        return task
    task.done_on, task.done_by = timezone.localdate(), user
    task.save(update_fields=["done_on", "done_by", "updated_at"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPDATE,
        target=task.situation,
        team=task.team,
        details={"outreach": "task_done", "task": task.step},
    )
    return task


def done_by_of(team) -> dict[str, str]:
    """{step code: the event kind that does it} of the team's sequence (the worklist groups tasks by it)."""
    return {spec.code: spec.done_by for spec in sequences_of([team.pk])[team.pk]}


def journal_sequence_change(team, user, codes: list[str]) -> None:
    AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=team, team=team, details={"sequence": codes})
