"""The tasks a judgment brings (issue 12 §6): an expulsion ordered → request delays from the JEX before the
CQL delay ends; a payment plan granted → the FSL file. Told by the writer's hook after every timeline write.

The JEX task's due date (docs/procedure.md, "Tâches après le jugement"):
- once the CQL is recorded, the last day of its delay (`cql_end`), even when that day is past (the task is
  then late: the tenant no longer has the delay's protection, the JEX can still be seized until the eviction);
  a CQL recorded after the judgment, corrected or recorded again (the latest counts) re-dates the open task;
- without a CQL, the day the decision was recorded (the JEX may be seized as soon as the expulsion is
  ordered), and again that day if the CQL is deleted;
- when the acts contradict each other (the engine computes nothing), the task keeps its date.
A task done or cancelled is never reopened nor re-dated."""

import datetime as dt

from django.utils import timezone

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.outreach.services import task_add, tasks_redate
from prevex.situations.enums import PLAN_DECISIONS, Decision, EventKind, ProcedureAct
from prevex.situations.models import Event, Situation
from prevex.support.procedure.acts import ACT_FIELDS, situation_deadlines


def followup_kind(decision: str) -> str | None:
    if decision == Decision.EVICTION_ORDERED:
        return AdHocTask.REQUEST_JEX
    if decision in PLAN_DECISIONS:
        return AdHocTask.FSL_FILE
    return None


def decision_followups(situation_ids: list[int], created: bool = False) -> None:
    """Open each judgment's follow-up task once per situation (a task done or cancelled is not reopened) and keep
    the open JEX task dated by the CQL: one query when no judgment has a decision, which is nearly always."""
    judgments = Event.objects.filter(
        situation_id__any=situation_ids, kind=EventKind.PROCEDURE_ACT, act=ProcedureAct.JUDGMENT
    ).exclude(decision="")
    wanted = {(event.situation_id, kind) for event in judgments if (kind := followup_kind(event.decision))}
    if not wanted:
        return
    tasks = list(
        Task.objects.filter(
            situation_id__in={pk for pk, _kind in wanted}, step__in={kind for _pk, kind in wanted}, planned=False
        ).only("situation_id", "step", "due_on", "created_at", "done_on", "cancelled_on")
    )
    existing = {(task.situation_id, task.step) for task in tasks}
    jex = {pk for pk, kind in wanted if kind == AdHocTask.REQUEST_JEX}
    acts = _acts_by_situation(jex)
    situations = Situation.objects.in_bulk({pk for pk, _kind in wanted - existing} | jex)
    today = timezone.localdate()
    for pk, kind in sorted(wanted - existing):
        due_on = jex_due_on(situations[pk], acts.get(pk, []), today) if kind == AdHocTask.REQUEST_JEX else today
        task_add(situations[pk], kind, due_on=due_on)
    redated = {
        task.pk: due_on
        for task in tasks
        if task.step == AdHocTask.REQUEST_JEX
        and task.is_open
        and (due_on := jex_due_on(situations[task.situation_id], acts.get(task.situation_id, []), _created(task)))
    }
    tasks_redate(redated)


def _acts_by_situation(situation_ids) -> dict[int, list[Event]]:
    found: dict[int, list[Event]] = {}
    if situation_ids:
        for event in Event.objects.filter(situation_id__any=situation_ids, kind=EventKind.PROCEDURE_ACT).only(
            *ACT_FIELDS
        ):
            found.setdefault(event.situation_id, []).append(event)
    return found


def _created(task: Task) -> dt.date:
    return timezone.localdate(task.created_at)


def jex_due_on(situation, events, without_cql: dt.date) -> dt.date | None:
    """The JEX task's due date (see the module's docstring): the end of the CQL delay, `without_cql` when no CQL
    is recorded, None (keep the date) when the engine refuses the acts."""
    deadlines, errors = situation_deadlines(situation, events)
    cql_end = next((deadline.date for deadline in deadlines if deadline.id == "cql_end"), None)
    if cql_end is not None:
        return cql_end
    if errors:
        return None
    return without_cql
