"""The tasks a judgment brings (issue 12 §6): an expulsion ordered → request delays from the JEX before the
CQL delay ends; a payment plan granted → the FSL file. Told by the writer's hook after every timeline write."""

from django.utils import timezone

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.outreach.services import task_add
from prevex.situations.enums import PLAN_DECISIONS, Decision, EventKind, ProcedureAct
from prevex.situations.models import Event, Situation
from prevex.support.procedure.acts import situation_deadlines


def followup_kind(decision: str) -> str | None:
    if decision == Decision.EVICTION_ORDERED:
        return AdHocTask.REQUEST_JEX
    if decision in PLAN_DECISIONS:
        return AdHocTask.FSL_FILE
    return None


def decision_followups(situation_ids: list[int]) -> None:
    """Open each judgment's follow-up task once per situation (a task done or cancelled is not reopened): one
    query when no judgment has a decision, which is nearly always."""
    judgments = Event.objects.filter(
        situation_id__in=situation_ids, kind=EventKind.PROCEDURE_ACT, act=ProcedureAct.JUDGMENT
    ).exclude(decision="")
    wanted = {(event.situation_id, kind) for event in judgments if (kind := followup_kind(event.decision))}
    if not wanted:
        return
    existing = set(
        Task.objects.filter(
            situation_id__in={pk for pk, _kind in wanted}, step__in={kind for _pk, kind in wanted}, planned=False
        ).values_list("situation_id", "step")
    )
    situations = Situation.objects.in_bulk({pk for pk, _kind in wanted - existing})
    for pk, kind in sorted(wanted - existing):
        situation = situations[pk]
        task_add(situation, kind, due_on=_due_on(situation, kind))


def _due_on(situation, kind):
    """The JEX before the end of the CQL delay when the CQL is recorded; otherwise, and for the FSL: today."""
    today = timezone.localdate()
    if kind == AdHocTask.REQUEST_JEX:
        deadlines, _errors = situation_deadlines(situation, list(situation.events.filter(kind=EventKind.PROCEDURE_ACT)))
        cql_end = next((deadline.date for deadline in deadlines if deadline.id == "cql_end"), None)
        if cql_end and cql_end >= today:
            return cql_end
    return today
