import pytest

from prevex.situations.tests.factories import SituationFactory


@pytest.fixture
def situation(team):
    """Assigned on 15/02/2024, hearing on Tuesday 14/05/2024 (the suite's today: 02/05/2024)."""
    return SituationFactory(team=team, reference="EM91-00001")
