"""The page's limits count what they should, and neither the logs nor the journal can be filled through it (the
clock stopped on 2 May 2024)."""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from prevex.audit.models import AuditEntry
from prevex.outreach.tenant.tests.conftest import make_household, make_team_contact
from prevex.outreach.tenant.tests.support import valid_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
GOOD = {"rappel-action": "callback", "rappel-phone": "0601020304", "rappel-slot": "morning"}
MISTYPED = {**GOOD, "rappel-phone": "12"}


def page_url(team) -> str:
    return reverse("tenant_page:page", kwargs={"link_token": valid_token(make_household(team))})


def test_mistyped_numbers_do_not_use_up_the_days_requests(client, team):
    make_team_contact(team)
    url = page_url(team)
    for number in range(5):
        client.post(url, MISTYPED, REMOTE_ADDR=f"192.0.2.{number}")
    assert client.post(url, GOOD, REMOTE_ADDR="192.0.2.77").status_code == 302


def test_a_limited_link_is_logged_without_its_token(client, team, caplog):
    url = page_url(team)
    token = url.rstrip("/").rsplit("/", 1)[1]
    with caplog.at_level(logging.WARNING, logger="django.request"):
        for number in range(6):
            client.post(url, GOOD, REMOTE_ADDR=f"192.0.2.{number}")
    limited = [record.getMessage() for record in caplog.records if "Too Many Requests" in record.getMessage()]
    assert limited and all(token not in message for message in limited)
    assert "/aller-vers/locataire/[…]" in limited[0]


@override_settings(PREVEX_TENANT_PAGE_PER_IP=3)
def test_a_flood_from_one_address_is_journaled_once(client, team):
    url = page_url(team)
    before = AuditEntry.objects.count()
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.9").status_code for _ in range(10)]
    assert statuses == [200] * 3 + [429] * 7
    assert AuditEntry.objects.count() - before == 3 + 1  # the three pages seen, and the first refusal
