import datetime as dt

import pytest
import time_machine

from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.tests.factories import CommuneFactory

TODAY = dt.date(2024, 5, 2)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def massy(db):
    return CommuneFactory()


@pytest.fixture
def sector(team, massy):
    sector = SectorFactory(team=team, name="Nord-Ouest")
    sector.communes.add(massy)
    return sector


@pytest.fixture
def situation(team, massy, sector):
    return SituationFactory(
        team=team,
        commune=massy,
        sector=sector,
        tenant_last_name="Lefèvre",
        tenant_first_name="Anaïs",
        reference="EM91-00001",
    )
