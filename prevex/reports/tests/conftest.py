import datetime as dt

import pytest
import time_machine

from prevex.organisations.tests.factories import SectorFactory
from prevex.territories.tests.factories import CommuneFactory

TODAY = dt.date(2024, 7, 15)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2024, 7, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def massy(db):
    return CommuneFactory()


@pytest.fixture
def evry(db):
    return CommuneFactory(evry=True)


@pytest.fixture
def sector(team, massy):
    sector = SectorFactory(team=team, name="Nord-Ouest")
    sector.communes.add(massy)
    return sector
