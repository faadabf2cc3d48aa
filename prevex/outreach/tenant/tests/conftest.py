import pytest

from prevex.outreach.tenant.models import TeamContact
from prevex.situations.tests.factories import SituationFactory

TEAM_PHONE = "+33169000000"


def make_team_contact(team) -> TeamContact:
    return TeamContact.objects.create(team=team, phone=TEAM_PHONE, hours="Du lundi au vendredi, de 9 h à 17 h")


def make_household(team):
    """A household with every kind of personal value the page must not show (received 01/03/2024, hearing
    14/05/2024 at a named court)."""
    return SituationFactory(
        team=team,
        reference="EM91-SECRET-7",
        tenant_last_name="Zéphyrine-Secrète",
        tenant_first_name="Philomène",
        address="7 impasse du Secret",
        email="zephyrine@secret.example",
        phone="+33612345678",
        landlord_name="SCI Bailleur-Secret",
        debt_amount="4321.98",
        court="Tribunal de proximité de Palaiseau",
    )


@pytest.fixture
def team_contact(team):
    return make_team_contact(team)


@pytest.fixture
def situation(team):
    return make_household(team)
