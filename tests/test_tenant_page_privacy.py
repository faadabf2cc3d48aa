"""The household's erasure reaches what the tenant's page holds (prevex/outreach/tenant/privacy.py, through the
whole registry: the timeline's note and the journal's values too); the right of access lists the links, never
their tokens. Here rather than in the app's tests: it drives prevex.privacy, a higher layer."""

import json

import pytest
from django.urls import reverse

from prevex.audit.models import AuditEntry, AuditValue
from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.outreach.tenant.models import TenantLink
from prevex.outreach.tenant.services import clear_token, link_for, links_revoke
from prevex.outreach.tenant.tests.conftest import make_household, make_team_contact
from prevex.privacy import registry
from prevex.privacy import services as privacy
from prevex.situations.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "team_contact")]


@pytest.fixture
def team_contact(team):
    return make_team_contact(team)


@pytest.fixture
def situation(team):
    return make_household(team)


GIVEN = "07 55 44 33 22"


def _everything_text(situation) -> str:
    rows = [
        *Event.objects.filter(situation=situation).values_list("note", flat=True),
        *Task.objects.filter(situation=situation).values_list("label", flat=True),
        *(json.dumps(values) for values in AuditValue.objects.values_list("values", flat=True)),
        *(json.dumps(details) for details in AuditEntry.objects.values_list("details", flat=True)),
    ]
    return " ".join(rows)


def test_an_erasure_removes_the_links_and_the_phone_given_on_the_page(client, situation, coordinator):
    token = clear_token(link_for(situation))
    page = reverse("tenant_page:page", kwargs={"link_token": token})
    client.post(page, {"rappel-action": "callback", "rappel-phone": GIVEN, "rappel-slot": "any"})
    assert GIVEN in _everything_text(situation) and "+33755443322" in _everything_text(situation)

    privacy.erase_on_request(situation, actor=coordinator)

    text = _everything_text(situation)
    assert GIVEN not in text and "+33755443322" not in text and "755443322" not in text
    assert not TenantLink.objects.filter(situation=situation).exists()
    assert Task.objects.get(situation=situation, step=AdHocTask.CALL_BACK).label == AdHocTask.CALL_BACK.label
    response = client.get(page)
    assert response.status_code == 404 and "01 69 00 00 00" not in response.content.decode()


def test_the_right_of_access_lists_each_link_s_dates_and_never_its_token(situation, coordinator):
    first = link_for(situation)
    links_revoke(situation, coordinator)
    second = link_for(situation)
    data = registry.personal_data(situation)["tenant_links"]
    assert data == [
        {"created_on": "2024-05-02", "expires_on": "2024-06-13", "revoked_on": "2024-05-02"},
        {"created_on": "2024-05-02", "expires_on": "2024-06-13", "revoked_on": None},
    ]
    dumped = json.dumps(registry.personal_data(situation))
    for link in (first, second):
        assert clear_token(link) not in dumped and link.token_hash not in dumped and link.salt not in dumped
