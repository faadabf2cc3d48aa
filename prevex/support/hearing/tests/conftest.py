import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from prevex.situations.tests.factories import SituationFactory
from prevex.support import budget
from prevex.support.hearing import sources


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf", response.status_code
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())  # spaces as typed in the tests


@pytest.fixture
def situation(team):
    """Assigned on 15/02/2024, hearing on Tuesday 14/05/2024 (the suite's today: 02/05/2024)."""
    return SituationFactory(team=team, reference="EM91-00007", court="Tribunal judiciaire d'Évry")


class StubDiagnosis:
    """A test double of the diagnosis interface the sheet reads (`sources.py`)."""

    diagnosed_on = dt.date(2024, 4, 20)
    rent_debt_on = dt.date(2024, 4, 18)
    dls_number = "091042400123"

    def budget(self) -> budget.Budget:
        return budget.Budget(
            household=budget.Household(adults=(budget.Person(34),), children=(budget.Person(7), budget.Person(3))),
            resources=budget.Resources(salaries=Decimal("1450.00"), family_benefits=Decimal("310.00")),
            charges=budget.Charges(rent=Decimal("690.00"), energy=Decimal("95.00")),
            rent_debt=Decimal("2980.00"),
            current_rent_resumed=True,
            housing=budget.Housing(rent=Decimal("640.00"), commune_code="91228"),
        )

    def get_rent_debt_source_display(self) -> str:
        return "Décompte du commissaire de justice"

    def get_housing_benefit_status_display(self) -> str:
        return "Demande en cours"


@pytest.fixture
def with_diagnosis(monkeypatch):
    """A diagnosis provider registered through the hook, as the diagnosis app will do in its ready()."""
    stub = StubDiagnosis()
    monkeypatch.setitem(sources._providers, "diagnosis", lambda situation: stub)
    return stub
