import pytest

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


def test_only_retention_purges_old_entries(entry):
    import datetime as dt

    from django.utils import timezone

    assert AuditEntry.purge_older_than(timezone.now() - dt.timedelta(days=1)) == 0
    assert AuditEntry.purge_older_than(timezone.now() + dt.timedelta(seconds=1)) == 1


def test_the_purge_leaves_each_team_an_entry_saying_how_many_of_its_entries_left(team, coordinator):
    import datetime as dt

    from django.utils import timezone

    situation = SituationFactory(team=team)
    for action in (AuditAction.VIEW, AuditAction.UPDATE):
        AuditEntry.log(actor=coordinator, action=action, target=situation, team=team)
    AuditEntry.log(actor=None, action=AuditAction.VIEW, target=situation)  # no team: nobody to tell
    AuditEntry.purge_older_than(timezone.now() + dt.timedelta(seconds=1))
    purge = AuditEntry.objects.get()
    assert (purge.action, purge.team, purge.target_type, purge.details) == (
        AuditAction.PURGE,
        team,
        "organisations.team",
        {"journal": 2},
    )
    assert purge.target_id == str(team.pk) and purge.created_at
