"""A situation's procedure read into the deadline engine: its acts are events of the timeline (kind
PROCEDURE_ACT), its assignation and hearings are the situation's own fields. Nothing is typed twice: each date
the engine reads has one place where it is recorded."""

import datetime as dt

from prevex.situations.enums import EventKind, ProcedureAct
from prevex.situations.models import Event
from prevex.support.deadlines import (
    Acts,
    Deadline,
    DeadlineInputError,
    add_months,
    compute_deadlines,
    next_deadline,
    validate_acts,
)

# The engine's input each act feeds (docs/procedure.md). CCAPEX_SIGNALEMENT feeds none: it is on the timeline.
ACT_INPUTS = {
    ProcedureAct.LEASE_SIGNED: "lease_signed_on",
    ProcedureAct.LEASE_RENEWED: "lease_renewed_on",
    ProcedureAct.CDP_SERVED: "cdp_served_on",
    ProcedureAct.PREFET_NOTIFIED: "prefet_notified_on",
    ProcedureAct.DSF_REQUESTED: "dsf_requested_on",
    ProcedureAct.DSF_SENT: "dsf_sent_on",
    ProcedureAct.JUDGMENT: "judgment_on",
    ProcedureAct.JUDGMENT_SERVED: "judgment_served_on",
    ProcedureAct.CQL_SERVED: "cql_served_on",
    ProcedureAct.JEX_REQUESTED: "jex_requested_on",
    ProcedureAct.JEX_DECIDED: "jex_decided_on",
    ProcedureAct.CFP_REQUESTED: "cfp_requested_on",
    ProcedureAct.CFP_ANSWERED: "cfp_answered_on",
}


# What the engine reads of an act event.
ACT_FIELDS = ("situation_id", "kind", "act", "occurred_on", "cdp_regime", "decision_months")


def acts_of(situation, events) -> Acts:
    """The engine's acts of a situation, from its events (already loaded: no query). An act recorded twice
    counts at its latest date (a new commandement replaces the earlier one); the JEX's latest decision gives the
    delay it granted (`decision_months`, none when it refused), counted from that decision; the latest commandement
    de payer the CDP regime the juriste forced, if any. The first hearing is
    the earliest of the procedure's hearings; after a renvoi, the current `hearing_date` is the postponed
    hearing."""
    values: dict[str, dt.date | str | None] = {}
    for event in sorted(events, key=lambda event: event.occurred_on):
        if event.kind == EventKind.PROCEDURE_ACT and event.act in ACT_INPUTS:
            values[ACT_INPUTS[event.act]] = event.occurred_on
            if event.act == ProcedureAct.CDP_SERVED:  # the latest commandement's regime, forced or not
                values["cdp_regime"] = event.cdp_regime or None
            if event.act == ProcedureAct.JEX_DECIDED:
                values.pop("jex_delay_until", None)
                if event.decision_months:
                    values["jex_delay_until"] = jex_delay_until(event.occurred_on, event.decision_months)
    hearings = sorted({dt.date.fromisoformat(str(day)) for day in situation.earlier_hearing_dates or []})
    if situation.hearing_date:
        hearings = sorted({*hearings, situation.hearing_date})
    if hearings:
        values["hearing_on"] = hearings[0]
        if len(hearings) > 1:
            values["postponed_hearing_on"] = hearings[-1]
    if situation.assignation_date:
        values["assignation_served_on"] = situation.assignation_date
    return Acts(**values)


def jex_delay_until(decided_on: dt.date, months: int) -> dt.date:
    """The last day of a delay of `months` the JEX granted on `decided_on` (CPC 641: the same day number)."""
    return add_months(decided_on, months)


def situation_deadlines(situation, events) -> tuple[list[Deadline], list[str]]:
    """The deadlines of a situation and, when its acts cannot be read together, the engine's reasons in French
    (then no deadline: a date computed from contradictory acts would mislead)."""
    acts = acts_of(situation, events)
    try:
        validate_acts(acts)
    except DeadlineInputError as error:
        return [], error.messages
    return compute_deadlines(acts), []


def next_legal_deadline(situation, events, today: dt.date) -> Deadline | None:
    deadlines, _errors = situation_deadlines(situation, events)
    return next_deadline(deadlines, today)


def next_legal_deadlines(situations, today: dt.date) -> dict[int, Deadline | None]:
    """The next legal deadline of each situation (by pk), with one query for all their acts (Aujourd'hui)."""
    acts_by_situation: dict[int, list] = {situation.pk: [] for situation in situations}
    for event in Event.objects.filter(situation_id__in=acts_by_situation, kind=EventKind.PROCEDURE_ACT).only(
        *ACT_FIELDS
    ):
        acts_by_situation[event.situation_id].append(event)
    return {
        situation.pk: next_legal_deadline(situation, acts_by_situation[situation.pk], today) for situation in situations
    }
