"""The pages: the live SMS length while a template is typed, the letters of the day queueing the SMS and e-mail,
an interrupted send checked by a person."""

import pytest
from django.urls import reverse

from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import Message, MessageTemplate
from prevex.outreach.models import Task
from prevex.outreach.services import tasks_sync

pytestmark = pytest.mark.django_db


def test_sms_template_length_is_shown_as_it_is_typed(client, coordinator):
    client.force_login(coordinator)
    url = reverse("messaging:template_length", args=["premier_courrier", "sms"])
    response = client.post(url, {"body": "a" * 161}, headers={"HX-Request": "true"})
    assert "161 caractères" in response.content.decode() and "2 SMS" in response.content.decode()
    response = client.post(url, {"body": "Audience « bientôt »"})
    assert "Unicode" in response.content.decode()
    response = client.post(url, {"body": "{{ inconnu }}"})
    assert "inconnu" in response.content.decode()


def test_a_template_is_saved_for_the_team(client, coordinator):
    client.force_login(coordinator)
    url = reverse("messaging:template_edit", args=["premier_courrier", "sms"])
    assert client.get(url).status_code == 200
    client.post(url, {"body": "{{ equipe }} : appelez-nous au {{ equipe_telephone }}"})
    assert MessageTemplate.objects.get(team=coordinator.membership.team, channel="sms").body.startswith("{{ equipe }}")


def test_the_letters_of_the_day_queue_the_sms_and_the_email(frozen_today, client, coordinator, household):
    tasks_sync([household.pk], frozen_today)
    task = Task.objects.get(situation=household, step="premier_courrier")
    client.force_login(coordinator)
    client.post(reverse("letters:confirm"), {"task": [task.pk], "with_messages": "1"})
    client.post(reverse("letters:confirm"), {"task": [task.pk], "with_messages": "1"})  # a second click
    channels = sorted(Message.objects.filter(situation=household).values_list("channel", flat=True))
    assert channels == [MessageChannel.EMAIL, MessageChannel.SMS]
    sms = Message.objects.get(situation=household, channel=MessageChannel.SMS)
    assert "https://prevex.example/aller-vers/locataire/" in sms.body  # the tenant's personal link


def test_an_interrupted_send_is_checked_by_a_person(client, coordinator, household):
    message = Message.objects.create(
        team=household.team, situation=household, channel="sms", recipient="+33612345678", body="x",
        state=MessageState.UNKNOWN,
    )  # fmt: skip
    client.force_login(coordinator)
    assert "à vérifier" in client.get(reverse("messaging:list")).content.decode()
    client.post(reverse("messaging:check", args=[message.public_id]), {"sent": "0"})
    assert Message.objects.get(pk=message.pk).state == MessageState.CANCELLED
