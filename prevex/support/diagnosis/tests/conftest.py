import datetime as dt

import pytest

from prevex.situations.tests.factories import SituationFactory


@pytest.fixture
def frozen_at():
    """November 2026: the month the rights check estimates is of the installed model's year (openfisca-france 176)."""
    return dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)


@pytest.fixture
def situation(team):
    return SituationFactory(
        team=team, commune__insee_code="91228", commune__name="Évry-Courcouronnes", commune__postal_codes="91000"
    )
