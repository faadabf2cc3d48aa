"""The persons' rights on one situation: access (JSON and a readable page), rectification, erasure."""

import json
import time

import pytest
from django.urls import reverse

from prevex.accounts.reauth import SESSION_KEY as REAUTH_KEY
from prevex.audit.models import AuditAction, AuditEntry
from prevex.privacy.services import ANONYMOUS_NAME
from prevex.situations.enums import EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory


@pytest.fixture
def situation(team, coordinator):
    situation = SituationFactory(team=team, tenant_last_name="Lefèvre", email="anais@example.org")
    EventFactory(situation=situation, kind=EventKind.NOTE, note="appel de la fille", author=coordinator)
    return situation


def test_access_gives_everything_held_with_who_saw_it(client, coordinator, juriste, situation):
    AuditEntry.log(actor=juriste, action=AuditAction.VIEW, target=situation)
    client.force_login(coordinator)
    response = client.get(reverse("privacy:rights_export", args=[situation.public_id]), {"format": "json"})
    data = json.loads(response.content)
    assert data["situation"]["tenant_last_name"] == "Lefèvre" and data["situation"]["email"] == "anais@example.org"
    assert data["events"][0]["note"] == "appel de la fille"
    assert any(entry["person"] == "Julie Juriste" and entry["action"] == "Consultation" for entry in data["journal"])
    page = client.get(reverse("privacy:rights_export", args=[situation.public_id]))
    assert "article 15 du RGPD" in page.text and "appel de la fille" in page.text
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, target_id=str(situation.public_id)).count() == 2


def test_erasure_closes_then_anonymises_and_is_journaled(client, coordinator, situation):
    client.force_login(coordinator)
    url = reverse("privacy:rights_erase", args=[situation.public_id])
    assert "sera d'abord clôturée" in client.get(url).text
    client.post(url)
    situation.refresh_from_db()
    assert situation.tenant_last_name == ANONYMOUS_NAME and situation.email == "" and situation.is_closed
    assert not situation.events.exclude(note="").exists()
    entry = AuditEntry.objects.get(action=AuditAction.ANONYMISE)
    assert entry.actor == coordinator and entry.details == {"reason": "erasure_request"}
    assert "ANONYMISÉ" in client.get(situation.get_absolute_url()).text


def test_exports_and_erasure_ask_to_confirm_identity_when_it_is_old(client, coordinator, situation):
    client.force_login(coordinator)
    session = client.session
    session[REAUTH_KEY] = time.time() - 3600
    session.save()
    for url in (
        reverse("privacy:rights_export", args=[situation.public_id]),
        reverse("privacy:rights_erase", args=[situation.public_id]),
    ):
        response = client.post(url) if url.endswith("effacer/") else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
    situation.refresh_from_db()
    assert situation.tenant_last_name == "Lefèvre"


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder"])
def test_only_the_coordinator_exercises_the_rights(client, request, who, situation):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("privacy:rights_export", args=[situation.public_id])).status_code == 403
    assert client.post(reverse("privacy:rights_erase", args=[situation.public_id])).status_code == 403


def test_the_situation_page_offers_the_rights_to_the_coordinator_only(client, coordinator, social_worker, situation):
    client.force_login(coordinator)
    assert "Droits de la personne" in client.get(situation.get_absolute_url()).text
    client.force_login(social_worker)
    assert "Droits de la personne" not in client.get(situation.get_absolute_url()).text
