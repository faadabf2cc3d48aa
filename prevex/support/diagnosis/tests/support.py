"""A diagnosis recorded through the service, as the form gives it: `values(**changes)`, `record(situation, user)`."""

import datetime as dt
from decimal import Decimal

from prevex.support.diagnosis.services import diagnosis_record

D = Decimal


def values(**changes) -> dict:
    """Example E of docs/support-calculations.md: a couple with two children (8 and 4), one minimum wage; the
    rent 755 € + 120 € of charges, 155 € of APL paid to the landlord, so 720 € paid by the household."""
    base = {
        "diagnosed_on": dt.date(2026, 11, 2),
        "persons": [
            {"adult": True, "age": 34, "disability_rate": None},
            {"adult": True, "age": 31, "disability_rate": None},
            {"adult": False, "age": 8, "disability_rate": None},
            {"adult": False, "age": 4, "disability_rate": None},
        ],
        "resources": {"salaries": "1443.00", "prime_activite": "595.78", "family_benefits": "153.01"},
        "charges": {},
        "rent": D("755.00"),
        "service_charges": D("120.00"),
        "housing_benefit": D("155.00"),
        "housing_benefit_to_landlord": True,
        "current_rent_resumed": True,
        "rent_debt": D("4800.00"),
        "rent_debt_on": dt.date(2026, 10, 15),
        "rent_debt_source": "commissaire_justice",
        "other_debts": D("0"),
        "other_debts_note": "",
        "housing_benefit_status": "granted",
        "dls_filed": True,
        "dls_number": "091102400012345",
        "dalo": "none",
        "fsl": "filed",
    }
    return base | changes


def record(situation, user, based_on=None, **changes):
    if based_on is None:
        current = situation.diagnoses.order_by("-number").first()
        based_on = current.number if current else 0
    return diagnosis_record(situation, user, based_on=based_on, **values(**changes))
