"""The next outreach step of an open situation, paced by its timeline (shown on its page)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from prevex.situations.enums import ClosureReason, EventKind, Stage, VisitOutcome

# The reminder letter goes 15 days after the second failed visit.
REMINDER_DELAY = dt.timedelta(days=15)
FAILED_VISIT_OUTCOMES = {VisitOutcome.ABSENT, VisitOutcome.REFUSED}
# A visit that found the household gone ends the outreach: the closure with the matching reason.
GONE_VISIT_CLOSURES = {
    VisitOutcome.LEFT: ClosureReason.DEPART_VOLONTAIRE,
    VisitOutcome.NPAI: ClosureReason.ABSENT_DE_L_ADRESSE,
}
# Events that say the household is still there, after all.
_SIGNS_OF_LIFE = {EventKind.TENANT_CONTACT, EventKind.ADHESION}


@dataclass(frozen=True)
class NextStep:
    label: str
    due_on: dt.date | None = None
    closure_reason: ClosureReason | None = None  # the step is this closure


def next_step(situation, events) -> NextStep | None:
    """What the team should do next; `events` is the situation's timeline (any order)."""
    if situation.is_closed:
        return None
    visits = sorted((e for e in events if e.kind == EventKind.VISIT), key=lambda e: (e.occurred_on, e.pk))
    closure = _closure_after_gone_visit(visits, events)
    if closure is not None:
        return closure
    steps = {
        Stage.TO_CONTACT: lambda: NextStep(_("Envoyer le premier courrier au locataire et au bailleur")),
        Stage.FIRST_LETTER: lambda: NextStep(_("Faire une première visite à domicile")),
        Stage.VISIT_1: lambda: NextStep(_("Faire une deuxième visite à domicile")),
        Stage.VISIT_2: lambda: _reminder_step(visits),
        Stage.REMINDER: lambda: NextStep(_("Attendre un contact ; clôturer sans contact après l'audience")),
        Stage.CONTACT: lambda: NextStep(_("Proposer l'accompagnement au ménage (adhésion)")),
        Stage.ACCOMPANIED: lambda: NextStep(_("Diagnostic, préconisations et préparation de l'audience")),
    }
    return steps[situation.stage]()


def _reminder_step(visits) -> NextStep:
    second = visits[1] if len(visits) > 1 else None
    if second is None or second.visit_outcome not in FAILED_VISIT_OUTCOMES:
        return NextStep(_("Envoyer la relance au locataire"))
    return NextStep(
        _("Envoyer la relance (15 jours après la 2e visite infructueuse)"), second.occurred_on + REMINDER_DELAY
    )


def _closure_after_gone_visit(visits, events) -> NextStep | None:
    """The matching closure when the last visit found the household gone and nothing since says otherwise."""
    if not visits or visits[-1].visit_outcome not in GONE_VISIT_CLOSURES:
        return None
    last = visits[-1]
    if any(e.kind in _SIGNS_OF_LIFE and e.occurred_on >= last.occurred_on for e in events):
        return None
    reason = GONE_VISIT_CLOSURES[VisitOutcome(last.visit_outcome)]
    return NextStep(_("Clôturer la situation : %(reason)s") % {"reason": reason.label}, closure_reason=reason)
