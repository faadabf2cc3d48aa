"""The outreach sequence of a household as a pure policy: which step is due when, done by which event, or
cancelled for which reason. No database here: `plan` is given the steps (a team's `SequenceStep` rows or the
shipped `ESSONNE_SEQUENCE`) and a few facts of one situation, and answers for any day.

The rule of a due date (issue 10, docs/aller-vers.md): the first step of a chain is due the day the situation
was received; every later step is due `delay_days` after its previous step was done, but no later than 7 days
before the hearing and never before the previous step was done:
`due = max(previous_done, min(previous_done + delay, hearing − 7 days))` (no cap without a hearing). A step
due after `hearing − 7 days` is *en retard sur l'audience*.

The sequence ends on a sign the household was reached (a contact, an adhesion, a visit where the tenant was
met: for good), on a visit that found the household gone or refusing (a closure is proposed), on a closure,
or when the household is found followed by the social services. A reopening lifts a closure and a gone or
refused visit (not a contact): the sequence resumes at its next undone step, due from the reopening day.
A pause makes nothing due: what falls in it is due the day after it.

Only what happened on or before `as_of` counts, so a plan as of a past day is the plan as it was that day
(the situation's hearing date is its current one: the day a hearing was moved is not recorded).
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.organisations.enums import OrganisationKind, Role
from prevex.outreach.enums import EndReason, TaskStatus
from prevex.outreach.next_step import GONE_VISIT_CLOSURES
from prevex.situations.enums import Channel, ClosureReason, EventKind, Recipient, VisitOutcome

# Every step after the first of its chain is due at the latest this long before the hearing.
HEARING_MARGIN = dt.timedelta(days=7)
ONE_DAY = dt.timedelta(days=1)

# The kinds of events a step can be done by.
COMPLETING_KINDS = (EventKind.LETTER, EventKind.VISIT, EventKind.REMINDER)
# A visit that did not reach the household: the next visit (or the reminder) is due. Issue 10 says "absent";
# "left" and "not at this address" end the sequence anyway, and after a reopening (the household is there
# after all) they did not reach it either: the next visit is due.
FAILED_VISIT_OUTCOMES = frozenset({VisitOutcome.ABSENT, VisitOutcome.LEFT, VisitOutcome.NPAI})
# Signs the household was reached: they end the tenant's outreach for good (a reopening does not resume it).
_CONTACT_ENDINGS = {EventKind.TENANT_CONTACT: EndReason.TENANT_CONTACT, EventKind.ADHESION: EndReason.ADHESION}
# Visits that end the outreach and propose a closure: the household is gone, or refused at the door.
VISIT_ENDINGS = {
    VisitOutcome.MET: EndReason.VISIT_MET,
    VisitOutcome.LEFT: EndReason.VISIT_LEFT,
    VisitOutcome.NPAI: EndReason.VISIT_NPAI,
    VisitOutcome.REFUSED: EndReason.VISIT_REFUSED,
}
PROPOSED_CLOSURES = {**GONE_VISIT_CLOSURES, VisitOutcome.REFUSED: ClosureReason.REFUS_DE_POURSUIVRE}


@dataclass(frozen=True)
class StepSpec:
    """One step of a team's sequence: what to do, who does it, when it is due and which event does it.

    `after` is the code of the step it follows (None: the step starts a chain, due the day the situation is
    received); `needs_failure`: due only if that previous step failed (a visit where the household was
    absent). The step is done by the first event of kind `done_by` to `recipient` not already doing an earlier
    step (visits: the first one does `visite_1`, the second `visite_2`). The steps to the landlord are ended
    by a closure only: they never hold the tenant's sequence back, nor stop with it."""

    code: str
    label: str
    delay_days: int = 0
    channels: tuple[str, ...] = ()
    organisation_kind: str = ""
    role: str = ""
    after: str | None = None
    needs_failure: bool = False
    done_by: str = EventKind.LETTER
    recipient: str = Recipient.TENANT

    @property
    def delay(self) -> dt.timedelta:
        return dt.timedelta(days=self.delay_days)

    def is_done_by(self, event: "EventFact") -> bool:
        """Letters name their recipient; a visit or a reminder without one is the tenant's."""
        if event.kind != self.done_by:
            return False
        if event.recipient == self.recipient:
            return True
        return not event.recipient and event.kind != EventKind.LETTER and self.recipient == Recipient.TENANT


_TENANT_CHANNELS = (Channel.POST, Channel.SMS, Channel.EMAIL)
_SOCIAL, _LEGAL = OrganisationKind.SOCIAL, OrganisationKind.LEGAL

# The shipped default: the Essonne team's sequence (issue 10, docs/aller-vers.md), exactly.
ESSONNE_SEQUENCE: tuple[StepSpec, ...] = (
    StepSpec(
        code="premier_courrier",
        label=gettext_lazy("Premier courrier au locataire (courrier, SMS, e-mail)"),
        channels=_TENANT_CHANNELS,
        organisation_kind=_SOCIAL,
        role=Role.SOCIAL_WORKER,
        done_by=EventKind.LETTER,
    ),
    StepSpec(
        code="courrier_bailleur",
        label=gettext_lazy("Courrier au bailleur"),
        channels=(Channel.POST,),
        organisation_kind=_LEGAL,
        role=Role.JURISTE,
        done_by=EventKind.LETTER,
        recipient=Recipient.LANDLORD,
    ),
    StepSpec(
        code="visite_1",
        label=gettext_lazy("Première visite à domicile, sans rendez-vous"),
        delay_days=10,
        channels=(Channel.IN_PERSON,),
        organisation_kind=_SOCIAL,
        role=Role.SOCIAL_WORKER,
        after="premier_courrier",
        done_by=EventKind.VISIT,
    ),
    StepSpec(
        code="visite_2",
        label=gettext_lazy("Deuxième visite à domicile, sans rendez-vous"),
        delay_days=10,
        channels=(Channel.IN_PERSON,),
        organisation_kind=_SOCIAL,
        role=Role.SOCIAL_WORKER,
        after="visite_1",
        needs_failure=True,
        done_by=EventKind.VISIT,
    ),
    StepSpec(
        code="relance",
        label=gettext_lazy("Relance du locataire (courrier, SMS, e-mail)"),
        delay_days=15,
        channels=_TENANT_CHANNELS,
        organisation_kind=_SOCIAL,
        role=Role.SOCIAL_WORKER,
        after="visite_2",
        needs_failure=True,
        done_by=EventKind.REMINDER,
    ),
)

# Not a step of a team's sequence: the task a visit that found the household gone (or refusing) adds, done by
# the closure, withdrawn by a contact.
CLOSURE_PROPOSAL = StepSpec(
    code="cloture",
    label=gettext_lazy("Clôturer la situation"),
    organisation_kind="",
    role=Role.COORDINATOR,
    done_by=EventKind.CLOSURE,
    recipient="",
)


@dataclass(frozen=True)
class EventFact:
    """What the plan reads of an event of the timeline."""

    kind: str
    occurred_on: dt.date
    recipient: str = ""
    visit_outcome: str = ""
    pk: int | None = None

    @property
    def order(self) -> tuple:
        return (self.occurred_on, self.pk or 0)

    @property
    def failed(self) -> bool:
        """Whether the household was not reached by it: a visit found nobody; a letter or a reminder, unless a
        contact followed (which ends the sequence anyway)."""
        return self.kind != EventKind.VISIT or self.visit_outcome in FAILED_VISIT_OUTCOMES


@dataclass(frozen=True)
class Pause:
    """A coordinator's pause of one household's sequence, from `start` to `until` (both included)."""

    start: dt.date
    until: dt.date
    reason: str = ""

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.until


@dataclass(frozen=True)
class SequenceFacts:
    """What the plan reads of a situation: its reception, its hearing, its timeline, its pauses, and the day it
    was found followed by the social services (if it was)."""

    received_on: dt.date
    hearing_date: dt.date | None = None
    events: tuple[EventFact, ...] = ()
    pauses: tuple[Pause, ...] = ()
    social_services_known_on: dt.date | None = None


@dataclass(frozen=True)
class Ending:
    """Something that ends (a part of) the sequence: why, on which day, by which event."""

    reason: str
    on: dt.date
    event_pk: int | None = None

    @property
    def order(self) -> tuple:
        return (self.on, self.event_pk or 0)


@dataclass(frozen=True)
class PlannedTask:
    step: StepSpec
    due_on: dt.date | None = None
    late: bool = False
    done_on: dt.date | None = None
    done_by_event_pk: int | None = None
    cancelled_on: dt.date | None = None
    cancelled_reason: str = ""  # an EndReason
    cancelled_by_event_pk: int | None = None
    proposed_closure: str = ""  # a ClosureReason, on the closure proposal

    @property
    def status(self) -> TaskStatus:
        if self.done_on is not None:
            return TaskStatus.DONE
        if self.cancelled_reason:
            return TaskStatus.CANCELLED
        return TaskStatus.OPEN if self.due_on is not None else TaskStatus.WAITING

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def label(self) -> str:
        if self.proposed_closure:
            return _("Clôturer la situation : %(reason)s") % {"reason": ClosureReason(self.proposed_closure).label}
        return str(self.step.label)


@dataclass(frozen=True)
class Plan:
    """Every step of the sequence with its status, in the sequence's order (the closure proposal last), and
    what ended the tenant's outreach, if something did."""

    tasks: tuple[PlannedTask, ...]
    ended_reason: str = ""  # an EndReason
    ended_on: dt.date | None = None
    proposed_closure: str = ""  # a ClosureReason, while the proposal is open
    paused_until: dt.date | None = None

    def open_tasks(self) -> list[PlannedTask]:
        return [task for task in self.tasks if task.is_open]

    def task(self, code: str) -> PlannedTask | None:
        return next((task for task in self.tasks if task.step.code == code), None)


@dataclass
class _Walk:
    """The endings met walking the timeline in order (see `_walk`)."""

    contact: Ending | None = None  # a contact, an adhesion, a visit where the tenant was met: for good
    visit: Ending | None = None  # a visit that found the household gone or refusing; lifted by a reopening
    closure: Ending | None = None  # lifted by a reopening
    resumed_on: dt.date | None = None  # the last reopening that lifted something
    proposal: PlannedTask | None = None

    def tenant_end(self, social: Ending | None) -> Ending | None:
        return _earliest(self.contact, self.visit, self.closure, social)

    def landlord_end(self, social: Ending | None) -> Ending | None:
        return _earliest(self.closure, social)


def _earliest(*endings: Ending | None) -> Ending | None:
    found = [ending for ending in endings if ending is not None]
    return min(found, key=lambda ending: ending.order) if found else None


def _walk(events: list[EventFact]) -> _Walk:
    """The endings of the sequence and the closure proposal, from the timeline in chronological order."""
    walk = _Walk()
    for event in events:
        ending = _ending_of(event)
        if _is_contact(event):
            walk.contact = walk.contact or ending
            if walk.proposal is not None and walk.proposal.status == TaskStatus.OPEN:
                walk.proposal = _cancelled(walk.proposal, ending)
        elif event.kind == EventKind.VISIT and event.visit_outcome in PROPOSED_CLOSURES:
            walk.visit = walk.visit or ending
            walk.proposal = PlannedTask(
                step=CLOSURE_PROPOSAL,
                due_on=event.occurred_on,
                proposed_closure=PROPOSED_CLOSURES[VisitOutcome(event.visit_outcome)],
            )
        elif event.kind == EventKind.CLOSURE:
            walk.closure = walk.closure or ending
            if walk.proposal is not None and walk.proposal.status == TaskStatus.OPEN:
                walk.proposal = _done(walk.proposal, event)
        elif event.kind == EventKind.REOPENING and (walk.closure or walk.visit):
            walk.closure = walk.visit = None
            walk.resumed_on = event.occurred_on
    return walk


def _is_contact(event: EventFact) -> bool:
    """The household was reached (the bilan's tenant contact, prevex/situations/state.py)."""
    return event.kind in _CONTACT_ENDINGS or (event.kind == EventKind.VISIT and event.visit_outcome == VisitOutcome.MET)


def _ending_of(event: EventFact) -> Ending:
    if event.kind == EventKind.VISIT:
        reason = VISIT_ENDINGS.get(event.visit_outcome, EndReason.VISIT_MET)
    elif event.kind == EventKind.CLOSURE:
        reason = EndReason.CLOSURE
    else:
        reason = _CONTACT_ENDINGS.get(event.kind, EndReason.TENANT_CONTACT)
    return Ending(reason, event.occurred_on, event.pk)


def _done(task: PlannedTask, event: EventFact) -> PlannedTask:
    return replace(task, done_on=event.occurred_on, done_by_event_pk=event.pk)


def _cancellation(ending: Ending) -> dict:
    return {"cancelled_on": ending.on, "cancelled_reason": ending.reason, "cancelled_by_event_pk": ending.event_pk}


def _cancelled(task: PlannedTask, ending: Ending) -> PlannedTask:
    return replace(task, **_cancellation(ending))


def due_after(previous_done: dt.date, delay: dt.timedelta, hearing: dt.date | None) -> dt.date:
    """`max(previous_done, min(previous_done + delay, hearing − 7 days))`; no cap without a hearing."""
    due = previous_done + delay
    if hearing is not None:
        due = min(due, hearing - HEARING_MARGIN)
    return max(previous_done, due)


def is_late(due: dt.date, hearing: dt.date | None) -> bool:
    """Due less than 7 days before the hearing, or after it: *en retard sur l'audience*."""
    return hearing is not None and due > hearing - HEARING_MARGIN


def after_pauses(due: dt.date, pauses: tuple[Pause, ...], *, pending: bool) -> dt.date:
    """Nothing is due during a pause: a due day in one moves to the day after it (and past the next, if they
    touch). A `pending` task (still to do) also moves when it was overdue as the pause began: it waits with the
    rest of the sequence."""
    moved = True
    while moved:
        moved = False
        for pause in pauses:
            if pause.holds(due) or (pending and due < pause.start):
                due, moved = pause.until + ONE_DAY, True
    return due


def check_sequence(steps) -> None:
    """Each step follows a step before it, and codes are unique (a programming error otherwise)."""
    seen = set()
    for step in steps:
        if step.code in seen or step.code == CLOSURE_PROPOSAL.code:
            raise ValueError(f"Duplicate or reserved step code: {step.code}")
        if step.after is not None and step.after not in seen:
            raise ValueError(f"Step {step.code} follows {step.after}, which is not an earlier step")
        seen.add(step.code)


def plan(steps, facts: SequenceFacts, as_of: dt.date) -> Plan:
    """The sequence of one situation as of `as_of`: every step with its status, due date and the event that
    did it or ended it. Events and pauses after `as_of` do not exist yet."""
    steps = tuple(steps)
    check_sequence(steps)
    events = sorted((event for event in facts.events if event.occurred_on <= as_of), key=lambda event: event.order)
    pauses = tuple(sorted((pause for pause in facts.pauses if pause.start <= as_of), key=lambda pause: pause.start))
    if facts.received_on > as_of:
        return Plan(tasks=tuple(PlannedTask(step=step) for step in steps))
    social = None
    if facts.social_services_known_on is not None and facts.social_services_known_on <= as_of:
        social = Ending(EndReason.SOCIAL_SERVICES, facts.social_services_known_on)
    walk = _walk(events)
    done = _completions(steps, events)
    planned: dict[str, PlannedTask] = {}
    for step in steps:
        end = walk.tenant_end(social) if step.recipient == Recipient.TENANT else walk.landlord_end(social)
        planned[step.code] = _plan_step(step, planned, done, end, walk.resumed_on, facts, pauses)
    tasks = list(planned.values())
    proposal = walk.proposal
    if proposal is not None:
        if proposal.status == TaskStatus.OPEN and social is not None:
            proposal = _cancelled(proposal, social)
        if proposal.status == TaskStatus.OPEN:
            proposal = replace(proposal, due_on=after_pauses(proposal.due_on, pauses, pending=True))
        tasks.append(proposal)
    tenant_end = walk.tenant_end(social)
    paused = next((pause for pause in pauses if pause.holds(as_of)), None)
    return Plan(
        tasks=tuple(tasks),
        ended_reason=tenant_end.reason if tenant_end else "",
        ended_on=tenant_end.on if tenant_end else None,
        proposed_closure=proposal.proposed_closure if proposal is not None and proposal.is_open else "",
        paused_until=paused.until if paused else None,
    )


def _completions(steps, events: list[EventFact]) -> dict[str, EventFact]:
    """The event doing each step: the first one of its kind not already doing an earlier step."""
    used: set[int] = set()
    done = {}
    for step in steps:
        for index, event in enumerate(events):
            if index not in used and step.is_done_by(event):
                used.add(index)
                done[step.code] = event
                break
    return done


def _plan_step(step, planned, done, end, resumed_on, facts: SequenceFacts, pauses) -> PlannedTask:
    due = _due(step, done, facts.hearing_date, facts.received_on)
    if due is not None and step.code not in done and _resumed(resumed_on, end):
        due = max(due, resumed_on)
    status = {}  # nothing: open (or waiting, without a due date)
    if step.code in done:
        status = {"done_on": done[step.code].occurred_on, "done_by_event_pk": done[step.code].pk}
    elif end is not None:
        status = _cancellation(end)
    elif _previous_succeeded(step, planned, done):
        event = done[step.after]
        status = _cancellation(Ending(EndReason.PREVIOUS_SUCCEEDED, event.occurred_on, event.pk))
    if due is not None:
        due = after_pauses(due, pauses, pending=not status)
    return PlannedTask(step=step, due_on=due, late=due is not None and is_late(due, facts.hearing_date), **status)


def _resumed(resumed_on: dt.date | None, end: Ending | None) -> bool:
    """A reopening resumed the step (not ended since, or ended after it: then it was due from it)."""
    return resumed_on is not None and (end is None or end.on >= resumed_on)


def _previous_succeeded(step, planned, done) -> bool:
    """A step due only after a failure, whose previous step reached the household."""
    previous = planned.get(step.after) if step.after else None
    return (
        step.needs_failure
        and previous is not None
        and previous.status == TaskStatus.DONE
        and not done[step.after].failed
    )


def _due(step, done, hearing, received_on) -> dt.date | None:
    """The step's due date by the rule, before reopenings and pauses; None while its previous step is undone."""
    if step.after is None:
        return received_on
    previous = done.get(step.after)
    if previous is None:
        return None
    return due_after(previous.occurred_on, step.delay, hearing)
