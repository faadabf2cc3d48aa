"""The rules of a whole timeline: one pure function over a situation's ordered events, and what a change of
the timeline newly breaks.

`timeline_errors` reads nothing and writes nothing: it is given the events (Event rows, or any object with
their `kind`, `occurred_on`, `hearing_on` and `pk`) and the situation's facts they are checked against
(`TimelineFacts`). The writer calls it, through `new_errors`, before and after every change of a timeline
(an event recorded, corrected or deleted, a situation edited, an import's events), and refuses only the errors
the change brings: a timeline with an old error can still be completed or corrected elsewhere.
"""

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.situations.enums import ACTS_AFTER_JUDGMENT, ACTS_BEFORE_ASSIGNATION, EventKind, ProcedureAct
from prevex.situations.rules import event_date_error

# What the rules read of a situation.
FACT_FIELDS = ("hearing_date", "earlier_hearing_dates", "assignation_date", "received_on")


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


@dataclass(frozen=True)
class TimelineFacts:
    """What a timeline is checked against besides its events: the procedure's hearings (the current one and
    those it replaced), its assignation, the reception of the situation and today."""

    hearings: frozenset[dt.date]
    assignation_date: dt.date | None
    received_on: dt.date | None
    today: dt.date

    @classmethod
    def of(cls, situation, *, today: dt.date | None = None, **changed) -> "TimelineFacts":
        """The facts of a situation (a Situation, or any object with its fields), with `changed` fields
        (hearing_date, earlier_hearing_dates, assignation_date, received_on) taking their new values."""
        values = {name: getattr(situation, name, None) for name in FACT_FIELDS}
        return cls.from_values({**values, **changed}, today=today)

    @classmethod
    def from_values(cls, values: dict, *, today: dt.date | None = None) -> "TimelineFacts":
        """The facts from a dict of a situation's fields (those absent: None)."""
        hearings = {_as_date(day) for day in values.get("earlier_hearing_dates") or []}
        if values.get("hearing_date") is not None:
            hearings.add(values["hearing_date"])
        return cls(
            hearings=frozenset(hearings),
            assignation_date=values.get("assignation_date"),
            received_on=values.get("received_on"),
            today=today or timezone.localdate(),
        )


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@dataclass(frozen=True)
class TimelineError:
    """Why a timeline is not valid, in French, naming the event; `field` is the event's field at fault (the
    date of a form: `occurred_on`, or `hearing_on` for a presence). Errors compare by their message."""

    message: str
    field: str = dataclasses.field(default="occurred_on", compare=False)
    event: object = dataclasses.field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.message


def _order(indexed) -> tuple:
    """The timeline's order, the one the derived state uses (state.py): by date, then by recording order; an
    event not saved yet comes after those of its day that are."""
    index, event = indexed
    pk = getattr(event, "pk", None)
    return (event.occurred_on, 0, pk, 0) if pk is not None else (event.occurred_on, 1, 0, index)


def ordered(events) -> list:
    return [event for _index, event in sorted(enumerate(events), key=_order)]


def _name(event) -> str:
    """The event, as a sentence names it: « réouverture du 12/03/2024 »."""
    if event.kind == EventKind.HEARING:
        return _("présence à l'audience du %(date)s") % {"date": _day(_hearing_day(event))}
    if event.kind == EventKind.PROCEDURE_ACT and getattr(event, "act", ""):
        label = str(ProcedureAct(event.act).label)
    else:
        label = str(EventKind(event.kind).label)
    return _("%(kind)s du %(date)s") % {"kind": label[:1].lower() + label[1:], "date": _day(event.occurred_on)}


def _error(rule: str, event, where: str = "occurred_on") -> TimelineError:
    return TimelineError(f"{rule} " + _("Événement en cause : %(event)s.") % {"event": _name(event)}, where, event)


def _hearing_day(event) -> dt.date:
    return getattr(event, "hearing_on", None) or event.occurred_on


def timeline_errors(events, facts: TimelineFacts) -> list[TimelineError]:
    """Everything wrong with a whole timeline, in its order: a date in the future or implausible (the rule of
    `event_date_error`), a closure of a closed situation, a reopening of an open one, a presence that belongs to
    no hearing of the procedure, dated before its hearing, or recorded twice for one hearing, a procedure act out
    of the procedure's order (`_act_errors`)."""
    timeline = ordered(events)
    errors = _act_errors(timeline, facts)
    closed = False
    presences = set()
    for position, event in enumerate(timeline):
        errors += _date_errors(event, facts)
        if event.kind == EventKind.CLOSURE:
            if closed:
                errors.append(_closure_error(event, timeline[position + 1 :]))
            closed = True
        elif event.kind == EventKind.REOPENING:
            if not closed:
                errors.append(_reopening_error(event, timeline[position + 1 :]))
            closed = False
        elif event.kind == EventKind.HEARING:
            errors += _presence_errors(event, facts, presences)
            presences.add(_hearing_day(event))
    return errors


def _act_errors(timeline: list, facts: TimelineFacts) -> list[TimelineError]:
    """The plausible order of the acts the timeline can check: a judgment after the last hearing, the acts of
    its execution (service, CQL, JEX, force publique) not before the first judgment. The finer order (a JEX
    decision after its request…) is the deadline engine's (`prevex.support.deadlines.validate_acts`)."""
    acts = [event for event in timeline if event.kind == EventKind.PROCEDURE_ACT]
    if not acts:
        return []
    judgments = [event.occurred_on for event in acts if getattr(event, "act", "") == ProcedureAct.JUDGMENT]
    # The hearing that judges the case: the last one (after a renvoi, the postponed hearing).
    judging = max(facts.hearings) if facts.hearings else None
    errors = []
    for event in acts:
        if event.act == ProcedureAct.JUDGMENT and judging and event.occurred_on < judging:
            rule = _("Un jugement ne peut pas précéder l'audience (%(date)s).") % {"date": _day(judging)}
            errors.append(_error(rule, event))
        elif event.act in ACTS_AFTER_JUDGMENT:
            if not judgments:
                errors.append(_error(_("Aucun jugement n'est enregistré : enregistrez d'abord le jugement."), event))
            elif event.occurred_on < min(judgments):
                rule = _("Cet acte ne peut pas précéder le jugement (%(date)s).") % {"date": _day(min(judgments))}
                errors.append(_error(rule, event))
    return errors


def _closure_error(event, later: list) -> TimelineError:
    reopenings = [other.occurred_on for other in later if other.kind == EventKind.REOPENING]
    if reopenings:
        rule = _("La clôture ne peut pas précéder la dernière réouverture (%(date)s).") % {"date": _day(reopenings[-1])}
    else:
        rule = _("La situation est déjà clôturée.")
    return _error(rule, event)


def _reopening_error(event, later: list) -> TimelineError:
    closures = [other.occurred_on for other in later if other.kind == EventKind.CLOSURE]
    if closures:
        rule = _("La réouverture ne peut pas précéder la clôture (%(date)s).") % {"date": _day(closures[0])}
    else:
        rule = _("La situation n'est pas clôturée.")
    return _error(rule, event)


def _date_errors(event, facts: TimelineFacts) -> list[TimelineError]:
    where = "hearing_on" if event.kind == EventKind.HEARING else "occurred_on"
    if event.occurred_on > facts.today:
        return [_error(_("La date %(date)s est dans le futur.") % {"date": _day(event.occurred_on)}, event, where)]
    if event.kind == EventKind.PROCEDURE_ACT and getattr(event, "act", "") in ACTS_BEFORE_ASSIGNATION:
        return []  # a lease or a commandement de payer precedes the assignation, by years for a lease
    implausible = event_date_error(
        event.occurred_on, assignation_date=facts.assignation_date, received_on=facts.received_on
    )
    return [_error(implausible, event, where)] if implausible else []


def _presence_errors(event, facts: TimelineFacts, presences: set) -> list[TimelineError]:
    hearing = _hearing_day(event)
    errors = []
    if hearing not in facts.hearings:
        if facts.hearings:
            rule = _("Le %(date)s n'est pas une audience de cette procédure (audiences : %(hearings)s).") % {
                "date": _day(hearing),
                "hearings": ", ".join(_day(day) for day in sorted(facts.hearings)),
            }
        else:
            rule = _("Aucune audience n'est connue pour cette situation : renseignez d'abord la date d'audience.")
        errors.append(_error(rule, event, "hearing_on"))
    if event.occurred_on < hearing:
        rule = _("Une présence ne peut pas précéder son audience (%(date)s).") % {"date": _day(hearing)}
        errors.append(_error(rule, event, "hearing_on"))
    if hearing in presences:
        rule = _(
            "La présence à l'audience du %(date)s est déjà enregistrée : corrigez-la dans l'historique plutôt que "
            "d'en enregistrer une autre."
        ) % {"date": _day(hearing)}
        errors.append(_error(rule, event, "hearing_on"))
    return errors


def new_errors(before: list[TimelineError], after: list[TimelineError]) -> list[TimelineError]:
    """The errors of `after` that `before` did not have (as many times as they are new): what a change brings."""
    remaining = Counter(error.message for error in before)
    brought = []
    for error in after:
        if remaining[error.message] > 0:
            remaining[error.message] -= 1
        else:
            brought.append(error)
    return brought
