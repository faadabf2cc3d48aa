"""The landlord's letter: its postal address typed once from the assignation, then printed in the batch and
recorded sent (LETTER to the landlord, which does the `courrier_bailleur` task); the address is erased with the
situation (privacy registry)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prevex.outreach.letters import privacy
from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.models import LandlordAddress
from prevex.outreach.letters.services import confirm_sent, letters_of_the_day
from prevex.outreach.letters.tests.support import due_situation
from prevex.privacy.registry import HOLDERS
from prevex.situations.enums import Channel, EventKind, Recipient
from prevex.situations.models import Event

pytestmark = pytest.mark.usefixtures("frozen_today")
TODAY = dt.date(2024, 5, 2)
ADDRESS = {
    "recipient": "SCI Les Tilleuls",
    "address": "Service contentieux\n4 rue Haute",
    "postal_code": "75011",
    "city": "Paris",
}


def test_typing_the_landlords_address_makes_the_letter_printable_then_sent(client, coordinator, team):
    situation = due_situation(team, landlord_name="SCI Les Tilleuls")
    client.force_login(coordinator)
    url = reverse("letters:landlord_address", args=[situation.public_id])
    assert 'value="SCI Les Tilleuls"' in client.get(url).content.decode()
    bad = client.post(url, {**ADDRESS, "postal_code": "7501"}).content.decode()
    assert "Un code postal a 5 chiffres." in bad
    assert client.post(url, ADDRESS).status_code == 302

    batch = letters_of_the_day(team, TODAY)
    landlord = next(letter for letter in batch.ready if letter.kind == LetterKind.LANDLORD)
    assert landlord.address_lines == ["SCI Les Tilleuls", "Service contentieux", "4 rue Haute", "75011 PARIS"]
    assert landlord.link is None and landlord.qr is None  # the tenant's page is the tenant's
    pdf = client.get(reverse("letters:batch_pdf"))
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    # Due the same day: the landlord's letter (courrier_bailleur) sorts before the tenant's (premier_courrier).
    assert len(texts) == 3 and "4 rue Haute" in texts[0] and "Hélène DUPONT" in texts[1]

    result = confirm_sent(team, [letter.task.pk for letter in batch.ready], coordinator, TODAY)
    assert result.recorded == 2
    assert set(
        Event.objects.filter(situation=situation, kind=EventKind.LETTER).values_list("recipient", "channel")
    ) == {(Recipient.TENANT, Channel.POST), (Recipient.LANDLORD, Channel.POST)}
    assert not situation.outreach_tasks.open().filter(step__in=["premier_courrier", "courrier_bailleur"]).exists()


def test_the_landlords_address_is_exported_and_erased_with_the_situation(team, coordinator):
    situation = due_situation(team)
    LandlordAddress.objects.create(situation=situation, **ADDRESS)
    assert "prevex.outreach.letters.privacy" in HOLDERS
    assert privacy.personal_data(situation)["landlord_address"]["address"] == "Service contentieux\n4 rue Haute"
    privacy.anonymise(situation)
    assert not LandlordAddress.objects.exists()
    assert privacy.personal_data(situation) == {"landlord_address": None}


def test_another_teams_landlord_address_page_does_not_exist(client, coordinator, other_team_member):
    other = due_situation(other_team_member.membership.team)
    client.force_login(coordinator)
    url = reverse("letters:landlord_address", args=[other.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, ADDRESS).status_code == 404
    assert not LandlordAddress.objects.exists()
