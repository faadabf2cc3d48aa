import datetime as dt

import pytest

from prevex.organisations.tests.factories import SectorFactory
from prevex.territories.tests.factories import CommuneFactory

TODAY = dt.date(2024, 7, 15)


@pytest.fixture
def frozen_at():
    """`frozen_today` (prevex/core/testing.py) stops the clock on 15 July 2024 in the bilan's tests."""
    return dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.UTC)


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
