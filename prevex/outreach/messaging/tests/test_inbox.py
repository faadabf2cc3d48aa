"""The team's inbox of the replies no single situation took: a coordinator attaches one to a situation of the
team (the same effect as a match) or discards it (its text blanked); nobody else sees it; retention empties it;
the situation's page shows the replies attached; Aujourd'hui links to the inbox with its count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from prevex.audit.models import AuditEntry
from prevex.organisations.tests.factories import TeamFactory
from prevex.outreach.enums import AdHocTask, EndReason
from prevex.outreach.messaging import inbound
from prevex.outreach.messaging.enums import DiscardReason, InboundStatus, MessageChannel
from prevex.outreach.messaging.models import InboundMessage
from prevex.outreach.models import Task
from prevex.privacy import registry
from prevex.situations.enums import Channel, EventKind
from prevex.situations.tests.factories import SituationFactory

pytestmark = pytest.mark.django_db
TEXT = "Bonjour, c'est Mme Dupont, je ne peux pas venir"


def waiting(team, *, text=TEXT, provider_id="1", days_ago=0) -> InboundMessage:
    return InboundMessage.objects.create(
        team=team,
        channel=MessageChannel.SMS,
        sender="+33698765432",
        body=text,
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        provider="ovh",
        provider_id=provider_id,
        status=InboundStatus.INBOX,
    )


@pytest.fixture
def logged_in(client, coordinator, frozen_today):
    client.force_login(coordinator)
    return client


def test_the_inbox_lists_the_team_replies_only(logged_in, team):
    waiting(team)
    waiting(TeamFactory(slug="autre"), text="Message d'une autre équipe", provider_id="2")
    page = logged_in.get(reverse("messaging:inbox")).content.decode()
    assert "Mme Dupont" in page and "autre équipe" not in page


def test_searching_then_attaching_records_the_contact_and_the_task(logged_in, team, coordinator):
    row = waiting(team)
    situation = SituationFactory(team=team, tenant_last_name="Dupont", reference="2024-0042")
    item = reverse("messaging:inbox_item", args=[row.public_id])
    page = logged_in.get(item, {"q": "dupont"}).content.decode()
    assert "Rattacher à 2024-0042" in page
    response = logged_in.post(
        reverse("messaging:inbox_attach", args=[row.public_id]), {"situation": situation.public_id}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.situation, row.handled_by) == (InboundStatus.ATTACHED, situation, coordinator)
    contact = situation.events.get(kind=EventKind.TENANT_CONTACT)
    assert (contact.channel, contact.author) == (Channel.SMS, coordinator)
    assert Task.objects.open().filter(situation=situation, step=AdHocTask.REPLY).count() == 1
    entry = AuditEntry.objects.get(target_type="messaging.inboundmessage", actor=coordinator)
    assert entry.details["messaging"] == "reply_attached" and entry.details["how"] == "person"
    assert "Dupont" not in str(entry.details)
    # the situation's page shows the reply; the sequence stopped on the contact
    assert "je ne peux pas venir" in logged_in.get(situation.get_absolute_url()).content.decode()
    ended = Task.objects.filter(situation=situation, planned=True, cancelled_reason=EndReason.TENANT_CONTACT)
    assert ended.exists()


def test_a_situation_of_another_team_cannot_be_attached(logged_in, team):
    row = waiting(team)
    theirs = SituationFactory(team=TeamFactory(slug="autre"))
    logged_in.post(reverse("messaging:inbox_attach", args=[row.public_id]), {"situation": theirs.public_id})
    row.refresh_from_db()
    assert row.status == InboundStatus.INBOX and not theirs.events.exists()


def test_discarding_blanks_the_reply_and_journals_the_reason(logged_in, team, coordinator):
    row = waiting(team)
    url = reverse("messaging:inbox_discard", args=[row.public_id])
    assert logged_in.post(url, {"reason": "bogus"}).status_code == 302
    assert InboundMessage.objects.get(pk=row.pk).status == InboundStatus.INBOX  # refused: the reason is named
    assert logged_in.post(url, {"reason": DiscardReason.UNWANTED}).status_code == 302
    row.refresh_from_db()
    assert (row.status, row.discard_reason, row.body, row.sender) == (
        InboundStatus.DISCARDED, DiscardReason.UNWANTED, "", ""
    )  # fmt: skip
    entry = AuditEntry.objects.get(target_type="messaging.inboundmessage", actor=coordinator)
    assert entry.details["reason"] == DiscardReason.UNWANTED
    assert logged_in.get(reverse("messaging:inbox_item", args=[row.public_id])).status_code == 404


def test_other_team_and_other_roles_cannot_reach_the_inbox(client, team, social_worker, other_team_member):
    row = waiting(team)
    client.force_login(other_team_member)
    assert client.get(reverse("messaging:inbox_item", args=[row.public_id])).status_code == 404
    assert client.post(reverse("messaging:inbox_discard", args=[row.public_id]), {"reason": "other"}).status_code == 404
    client.force_login(social_worker)
    assert client.get(reverse("messaging:inbox")).status_code == 403
    assert InboundMessage.objects.get(pk=row.pk).status == InboundStatus.INBOX


def test_today_links_to_the_inbox_with_its_count(logged_in, client, team, social_worker):
    waiting(team)
    waiting(team, provider_id="2")
    page = logged_in.get("/").content.decode()
    assert "2 réponses de locataires à classer" in page and reverse("messaging:inbox") in page
    client.force_login(social_worker)
    assert "à classer" not in client.get("/").content.decode()


def test_retention_discards_the_replies_left_in_the_inbox(frozen_today, team):
    old, recent = waiting(team, days_ago=31), waiting(team, provider_id="2", days_ago=3)
    assert registry.purge(now=timezone.now(), wet=False)["messaging"] == 1
    assert registry.purge(now=timezone.now(), wet=True)["messaging"] == 1
    old.refresh_from_db()
    assert (old.status, old.discard_reason, old.body, old.sender) == (
        InboundStatus.DISCARDED, DiscardReason.RETENTION, "", ""
    )  # fmt: skip
    assert InboundMessage.objects.get(pk=recent.pk).body == TEXT


def test_anonymisation_blanks_the_replies_of_the_situation(frozen_today, team, coordinator):
    situation = SituationFactory(team=team)
    row = waiting(team)
    inbound.attach_from_inbox(row, situation, user=coordinator)
    registry.anonymise(situation)  # what an erasure and retention run (the privacy registry)
    row.refresh_from_db()
    assert (row.body, row.sender, row.subject) == ("", "", "")
