import pytest

from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.tests.factories import CommuneFactory


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
