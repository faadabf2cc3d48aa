"""The demo's accompaniment (issue 12): a few accompanied households get what their social worker and juriste
would have recorded on their pages — a diagnosis (two versions for some), the household's consent, and the acts
of the procedure before the hearing (lease, commandement de payer, CCAPEX, notification to the préfet) — through
the same services as the pages. A separate seeded `random.Random`, so the stories of `data.py` (and the figures
the demo's tests pin) do not change; dates relative to today, never in the future."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from prevex.organisations.enums import OrganisationKind
from prevex.situations.enums import EventKind, ProcedureAct, Stage
from prevex.situations.models import Event, Situation
from prevex.situations.services import event_record
from prevex.support.diagnosis.services import diagnosis_record
from prevex.support.notes.models import ConsentMethod, ConsentScope
from prevex.support.notes.services import consent_record

SEED = 1291
HOUSEHOLDS = 8  # accompanied situations given a diagnosis, a consent and their procedure acts


@dataclass(frozen=True)
class DemoSupport:
    diagnoses: int
    consents: int
    acts: int


def support_load(team, today: dt.date) -> DemoSupport:
    rng = random.Random(SEED)
    counts = DemoSupport(0, 0, 0)
    for situation in _chosen(team):
        social, legal = _referents(situation)
        diagnosed_on = min(today, _adhesion_on(situation) + dt.timedelta(days=rng.randint(3, 12)))
        versions = _diagnose(situation, social, diagnosed_on, rng, today)
        consent_record(
            situation,
            social,
            given_on=diagnosed_on,
            scope=rng.choice([ConsentScope.COURT, ConsentScope.COURT, ConsentScope.PARTNERS]),
            obtained_how=rng.choice([ConsentMethod.SIGNED, ConsentMethod.ORAL_INTERVIEW]),
            today=today,
        )
        acts = _record_acts(situation, legal, rng, today)
        counts = DemoSupport(counts.diagnoses + versions, counts.consents + 1, counts.acts + acts)
    return counts


def _chosen(team) -> list[Situation]:
    """The accompanied open situations of the latest hearings, in a fixed order."""
    accompanied = Situation.objects.filter(team=team, stage=Stage.ACCOMPANIED, closed_on__isnull=True)
    return list(accompanied.order_by("-hearing_date", "pk")[:HOUSEHOLDS])


def _referents(situation: Situation):
    people = {r.organisation.kind: r.user for r in situation.referents.select_related("organisation", "user")}
    return people[OrganisationKind.SOCIAL], people[OrganisationKind.LEGAL]


def _adhesion_on(situation: Situation) -> dt.date:
    adhesion = situation.events.filter(kind=EventKind.ADHESION).order_by("occurred_on").first()
    return adhesion.occurred_on if adhesion else situation.received_on


def _money(value: float) -> Decimal:
    return Decimal(round(value)).quantize(Decimal("0.01"))


def _diagnose(situation: Situation, user, diagnosed_on: dt.date, rng: random.Random, today: dt.date) -> int:
    """A first version from the interview; for one household in two, a second one after the rent resumed."""
    children = rng.choice([0, 1, 1, 2, 3])
    couple = rng.random() < 0.4
    persons = [{"adult": True, "age": rng.randint(24, 62), "disability_rate": None}]
    if couple:
        persons.append({"adult": True, "age": rng.randint(24, 62), "disability_rate": None})
    persons += [{"adult": False, "age": rng.randint(1, 17), "disability_rate": None} for _ in range(children)]
    resources = {"salaries": f"{_money(rng.uniform(900, 1700))}"}
    if children:
        resources["family_benefits"] = f"{_money(140 * children)}"
    if rng.random() < 0.4:
        resources["rsa"] = f"{_money(rng.uniform(150, 450))}"
    charges = {"energy": f"{_money(rng.uniform(60, 140))}", "insurance": f"{_money(rng.uniform(15, 40))}"}
    if rng.random() < 0.5:
        charges["transport"] = f"{_money(rng.uniform(30, 90))}"
    rent = _money(rng.uniform(480, 820))
    benefit = _money(rng.uniform(0, 250)) if rng.random() < 0.6 else Decimal("0.00")
    values = {
        "diagnosed_on": diagnosed_on,
        "rent": rent,
        "service_charges": _money(rng.uniform(40, 110)),
        "housing_benefit": benefit,
        "housing_benefit_to_landlord": bool(benefit) and rng.random() < 0.5,
        "current_rent_resumed": False,
        "rent_debt": situation.debt_amount or Decimal("0.00"),
        "rent_debt_on": situation.assignation_date,
        "rent_debt_source": "commissaire_justice",
        "other_debts": _money(rng.uniform(300, 2500)) if rng.random() < 0.3 else Decimal("0.00"),
        "other_debts_note": "",
        "housing_benefit_status": "granted" if benefit else rng.choice(["none", "unknown"]),
        "dls_filed": rng.random() < 0.5,
        "dls_number": "",
        "dalo": "unknown",
        "fsl": rng.choice(["unknown", "filed"]),
        "resources": resources,
        "charges": charges,
    }
    if values["other_debts"]:
        values["other_debts_note"] = "Crédit à la consommation"
    diagnosis_record(situation, user, based_on=0, persons=persons, **values)
    later = diagnosed_on + dt.timedelta(days=rng.randint(20, 45))
    if rng.random() < 0.5 or later > today:
        return 1
    # The rent resumed, the debt checked again with the landlord's statement.
    values |= {
        "diagnosed_on": later,
        "current_rent_resumed": True,
        "rent_debt": max(Decimal("0.00"), values["rent_debt"] - _money(rng.uniform(100, 400))),
        "rent_debt_on": later,
        "rent_debt_source": "bailleur",
    }
    diagnosis_record(situation, user, based_on=1, persons=persons, **values)
    return 2


def _record_acts(situation: Situation, user, rng: random.Random, today: dt.date) -> int:
    """The acts before the hearing, the juriste's: all before today, the notification to the préfet just after
    the assignation (the préfecture's list comes from it)."""
    assigned = situation.assignation_date
    cdp_on = assigned - dt.timedelta(days=rng.randint(70, 150))
    acts = [
        (ProcedureAct.LEASE_SIGNED, dt.date(rng.randint(2012, 2022), rng.randint(1, 12), rng.randint(1, 28))),
        (ProcedureAct.CDP_SERVED, cdp_on),
        (ProcedureAct.CCAPEX_SIGNALEMENT, cdp_on + dt.timedelta(days=rng.randint(2, 10))),
        (ProcedureAct.PREFET_NOTIFIED, min(today, assigned + dt.timedelta(days=rng.randint(1, 4)))),
    ]
    for act, day in acts:
        event = Event(situation=situation, kind=EventKind.PROCEDURE_ACT, act=act, occurred_on=day)
        event_record(event=event, author=user)
    return len(acts)
