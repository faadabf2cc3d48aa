"""The journal's pages: the team's journal for coordinators only, one's own history for everyone."""

import pytest
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.tests.factories import SituationFactory


def test_the_coordinator_reads_the_team_journal_and_filters_it(
    client, coordinator, social_worker, other_team_member, team
):
    situation = SituationFactory(team=team, tenant_last_name="Visible")
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
    AuditEntry.log(actor=other_team_member, action=AuditAction.VIEW, target=other_team_member)
    client.force_login(coordinator)
    page = client.get(reverse("journal:team_journal"))
    assert page.status_code == 200 and "Sonia Sociale" in page.text and "Otto Autre" not in page.text
    filtered = client.get(reverse("journal:team_journal"), {"actor": coordinator.pk, "action": AuditAction.VIEW})
    assert "Aucune entrée." in filtered.text


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder", "outsider"])
def test_only_coordinators_read_the_journal(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("journal:team_journal")).status_code == 403


def test_each_person_exports_their_own_history(client, social_worker, coordinator, team):
    situation = SituationFactory(team=team)
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
    AuditEntry.log(actor=coordinator, action=AuditAction.VIEW, target=situation)
    client.force_login(social_worker)
    response = client.get(reverse("journal:my_history"))
    content = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and content.count("Consultation") == 1
    assert AuditEntry.objects.filter(actor=social_worker, action=AuditAction.EXPORT).exists()


def test_the_pages_keep_their_addresses():
    """Bookmarks and links written before the pages left `audit` still work."""
    assert (reverse("journal:team_journal"), reverse("journal:my_history")) == (
        "/journal/",
        "/journal/mon-historique.csv",
    )
