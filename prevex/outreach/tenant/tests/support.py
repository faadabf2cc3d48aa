"""Test helpers of the tenant's page, shared with tests/test_every_url.py."""

import datetime as dt

from django.utils import timezone

from prevex.outreach.tenant.services import clear_token, link_for
from prevex.situations.tests.factories import SituationFactory

# What a household's page may show: the hearing's date and court (the issue says so), nothing else of it.
COURT = "Tribunal de proximité de Palaiseau"
IDENTIFYING = ("tenant_last_name", "tenant_first_name", "address", "email", "landlord_name", "phone")


def valid_token(situation) -> str:
    return clear_token(link_for(situation), situation)


def household_like(situation, **fields):
    """A household of the same team with the same names, address and landlord as `situation`, whose hearing is
    to come (today's clock: the walk is not time-controlled, and a link expires 30 days after the hearing)."""
    values = {name: getattr(situation, name) for name in IDENTIFYING}
    values |= {
        "team": situation.team,
        "reference": f"{situation.reference}-L",
        "hearing_date": timezone.localdate() + dt.timedelta(days=20),
        "court": COURT,
        "debt_amount": "4321.98",
    }
    return SituationFactory(**(values | fields))


def tenant_page_objects(situation) -> dict:
    """The every-URL walk's parameters: a valid link of a household of team A bearing the walk's secrets (its
    page must leak none of them)."""
    return {"link_token": valid_token(household_like(situation))}
