"""Recording a diagnosis (a new version, never an update), reading its history with what changed, and running
the repayment plan and the rights check on the current version."""

import datetime as dt
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.models import Situation
from prevex.situations.services.locks import locked
from prevex.support import plan, rights
from prevex.support.diagnosis.changes import Change, changes, facts
from prevex.support.diagnosis.models import Diagnosis
from prevex.support.diagnosis.payload import check_payload


def _writable(situation: Situation, user) -> Situation:
    membership = getattr(user, "membership", None)
    if membership is None or membership.team_id != situation.team_id:
        raise PermissionDenied
    return locked(situation)  # one new version at a time; refuses an anonymised situation


@transaction.atomic
def diagnosis_record(situation: Situation, user, *, based_on: int, persons: list, **values) -> Diagnosis:
    """A new version of the situation's diagnosis. `based_on`: the number of the version the form was filled from
    (0 for the first): if another one was recorded meanwhile, nothing is written and the user is told."""
    situation = _writable(situation, user)
    last = Diagnosis.objects.filter(situation=situation).order_by("-number").values_list("number", flat=True).first()
    last = last or 0
    if based_on != last:
        raise ValidationError(
            _(
                "Une autre version du diagnostic (n° %(number)s) a été enregistrée entre-temps : rechargez la page "
                "pour partir de celle-ci."
            )
            % {"number": last}
        )
    check_payload(persons, values["resources"], values["charges"])
    membership = user.membership
    diagnosis = Diagnosis.objects.create(
        situation=situation,
        number=last + 1,
        author=user,
        organisation=membership.organisation,
        persons=persons,
        **values,
    )
    previous = Diagnosis.objects.filter(situation=situation, number=last).first()
    changed = [change.key for change in changes(facts(previous), facts(diagnosis))] if previous else []
    # The journal keeps which facts changed, never an amount, an age or a number typed.
    AuditEntry.log(
        actor=user,
        action=AuditAction.CREATE,
        target=diagnosis,
        details={"situation": str(situation.public_id), "number": diagnosis.number, "changed": changed},
    )
    return diagnosis


@dataclass(frozen=True)
class Version:
    diagnosis: Diagnosis
    changes: list[Change]  # from the version before (empty for the first)


def history(situation: Situation) -> list[Version]:
    """Every version, the latest first, each with what changed from the one before: one query."""
    versions = list(Diagnosis.objects.of(situation).order_by("number"))
    found, before = [], None
    for diagnosis in versions:
        now = facts(diagnosis)
        found.append(Version(diagnosis, changes(before, now) if before is not None else []))
        before = now
    return found[::-1]


DEFAULT_FLOOR = plan.Floor()


def repayment_plan(diagnosis: Diagnosis, floor: plan.Floor = DEFAULT_FLOOR) -> plan.RepaymentPlan:
    return plan.compute_plan(diagnosis.budget(), floor)


@dataclass(frozen=True)
class TimedEstimate:
    estimate: rights.RightsEstimate
    seconds: float


def rights_estimate(diagnosis: Diagnosis, today: dt.date) -> TimedEstimate:
    """The rights check of the diagnosis for the current month (raises rights.RightsUnavailable), timed."""
    started = time.perf_counter()
    estimate = rights.estimate_rights(diagnosis.budget(), f"{today:%Y-%m}", today)
    return TimedEstimate(estimate, time.perf_counter() - started)


def rights_gaps(diagnosis: Diagnosis, today: dt.date) -> list[rights.BenefitEstimate]:
    """The benefits the household may be entitled to beyond what it receives (gap ≥ rights.GAP_THRESHOLD), each
    with its proposed action code (`action`, `action_label`): what the actions catalogue turns into actions."""
    return rights.estimate_rights(diagnosis.budget(), f"{today:%Y-%m}", today).actions
