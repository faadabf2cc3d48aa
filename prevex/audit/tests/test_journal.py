import pytest
from django.urls import reverse

from prevex.audit.models import AppendOnlyError, AuditAction, AuditEntry
from prevex.situations.tests.factories import SituationFactory


@pytest.fixture
def entry(coordinator):
    return AuditEntry.log(actor=coordinator, action=AuditAction.VIEW, target=coordinator)


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(entry):
    entry.action = AuditAction.DELETE
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action=AuditAction.DELETE)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["action"])
    entry.refresh_from_db()
    assert entry.action == AuditAction.VIEW


def test_viewing_a_situation_is_journaled_with_the_organisation(client, social_worker, tout_azimut, team):
    situation = SituationFactory(team=team)
    client.force_login(social_worker)
    client.get(situation.get_absolute_url())
    entry = AuditEntry.objects.about(situation).get(action=AuditAction.VIEW)
    assert (entry.actor, entry.organisation, entry.team) == (social_worker, tout_azimut, team)


def test_the_coordinator_reads_the_team_journal_and_filters_it(
    client, coordinator, social_worker, other_team_member, team
):
    situation = SituationFactory(team=team, tenant_last_name="Visible")
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
    AuditEntry.log(actor=other_team_member, action=AuditAction.VIEW, target=other_team_member)
    client.force_login(coordinator)
    page = client.get(reverse("audit:team_journal"))
    assert page.status_code == 200 and "Sonia Sociale" in page.text and "Otto Autre" not in page.text
    filtered = client.get(reverse("audit:team_journal"), {"actor": coordinator.pk, "action": AuditAction.VIEW})
    assert "Aucune entrée." in filtered.text


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder", "outsider"])
def test_only_coordinators_read_the_journal(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("audit:team_journal")).status_code == 403


def test_each_person_exports_their_own_history(client, social_worker, coordinator, team):
    situation = SituationFactory(team=team)
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
    AuditEntry.log(actor=coordinator, action=AuditAction.VIEW, target=situation)
    client.force_login(social_worker)
    response = client.get(reverse("audit:my_history"))
    content = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and content.count("Consultation") == 1
    assert AuditEntry.objects.filter(actor=social_worker, action=AuditAction.EXPORT).exists()


def test_only_retention_purges_old_entries(entry):
    import datetime as dt

    from django.utils import timezone

    assert AuditEntry.purge_older_than(timezone.now() - dt.timedelta(days=1)) == 0
    assert AuditEntry.purge_older_than(timezone.now() + dt.timedelta(seconds=1)) == 1
