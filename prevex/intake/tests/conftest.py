import datetime as dt
from pathlib import Path

import pytest
import time_machine

from prevex.territories.services import communes_load

DATA = Path(__file__).parent / "data"
MARCH = DATA / "assignations-2024-03.xlsx"
APRIL = DATA / "assignations-2024-04.csv"
MDS_ANSWER = DATA / "reponse-mds-2024-03.csv"


@pytest.fixture
def essonne(team):
    communes_load(departement="91")
    return team


@pytest.fixture
def april_2024():
    with time_machine.travel(dt.datetime(2024, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        yield dt.date(2024, 4, 20)


def csv_list(*rows: str, header: str = "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;DETTE") -> bytes:
    """A small préfecture list in CSV (UTF-8, `;`)."""
    return (header + "\n" + "\n".join(rows) + "\n").encode()
