import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prevex.audit.models import AuditEntry
from prevex.privacy.registry import personal_data
from prevex.situations.tests.factories import SituationFactory
from prevex.support.notes import privacy
from prevex.support.notes.models import Consent, Note, Visibility
from prevex.support.notes.services import consent_record, note_add

SECRET = "Suivi psychiatrique, ne pas mentionner"


@pytest.fixture
def situation(team):
    return SituationFactory(team=team)


@pytest.fixture
def private_note(situation, social_worker):
    return note_add(situation, social_worker, text=SECRET, visibility=Visibility.ORGANISATION)


@pytest.fixture
def team_note(situation, juriste):
    return note_add(situation, juriste, text="Audience renvoyée, prévenir la MDS", visibility=Visibility.TEAM)


def visible(user):
    return set(Note.objects.visible_to(user))


def test_a_private_note_reaches_its_organisation_only(private_note, team_note, social_worker, juriste, coordinator):
    assert visible(social_worker) == {private_note, team_note}
    assert visible(juriste) == {team_note}
    assert visible(coordinator) == {team_note}  # the coordinator is of the other organisation (ADIL)


def test_another_team_and_no_team_see_no_note(private_note, team_note, other_team_member, outsider, funder):
    assert visible(other_team_member) == visible(outsider) == set()
    assert visible(funder) == {team_note}  # no organisation: the team's notes, never a private one


def test_the_journal_never_keeps_the_text(private_note):
    entry = AuditEntry.objects.get(target_type="notes.note")
    assert entry.details == {"situation": str(private_note.situation.public_id), "visibility": "organisation"}
    assert SECRET not in str(entry.full_details())


def test_the_access_export_withholds_the_private_text(private_note, team_note, situation):
    notes = personal_data(situation)["need_to_know_notes"]
    assert {note["organisation"]: note["text"] for note in notes} == {
        "Tout Azimut": None,
        "ADIL 91": "Audience renvoyée, prévenir la MDS",
    }


def test_a_note_needs_a_text_and_a_known_visibility(situation, juriste):
    with pytest.raises(ValidationError) as empty:
        note_add(situation, juriste, text="  ", visibility=Visibility.TEAM)
    assert "Note" in empty.value.messages[0]
    with pytest.raises(ValidationError):
        note_add(situation, juriste, text="x", visibility="everyone")
    assert not Note.objects.exists()


def test_nobody_of_another_team_writes_a_note(situation, other_team_member):
    with pytest.raises(PermissionDenied):
        note_add(situation, other_team_member, text="x", visibility=Visibility.TEAM)


def test_anonymisation_deletes_the_notes_and_keeps_the_consent(private_note, situation, social_worker):
    consent_record(situation, social_worker, given_on=dt.date(2024, 4, 2), scope="team", obtained_how="signed")
    privacy.anonymise(situation)
    assert not Note.objects.exists()
    assert Consent.objects.get().given_on == dt.date(2024, 4, 2)


def test_an_anonymised_situation_takes_no_note(team, social_worker):
    situation = SituationFactory(team=team, anonymised_on=dt.date(2024, 5, 2))
    with pytest.raises(PermissionDenied):
        note_add(situation, social_worker, text="x", visibility=Visibility.TEAM)
    with pytest.raises(PermissionDenied):
        consent_record(situation, social_worker, given_on=dt.date(2024, 5, 2), scope="team", obtained_how="signed")


def test_the_page_adds_a_note_and_shows_each_person_what_they_may_read(client, situation, social_worker, juriste):
    from django.urls import reverse

    url = reverse("notes:notes", args=[situation.public_id])
    client.force_login(social_worker)
    added = client.post(url, {"text": SECRET, "visibility": "organisation"}, headers={"HX-Request": "true"})
    assert added.status_code == 200 and SECRET in added.text and 'id="notes-live"' in added.text
    assert "<html" not in added.text  # the fragment only
    client.force_login(juriste)
    assert SECRET not in client.get(url).text
    refused = client.post(url, {"text": "", "visibility": "team"})
    assert refused.status_code == 200 and "Ce champ est obligatoire" in refused.text
    assert Note.objects.count() == 1


def test_the_situation_page_links_to_the_notes(client, situation, juriste, funder):
    from django.urls import reverse

    client.force_login(juriste)
    page = client.get(situation.get_absolute_url()).text
    assert reverse("notes:notes", args=[situation.public_id]) in page


def test_the_journal_names_notes_and_consents_by_their_situation_never_by_their_text(
    client, situation, private_note, coordinator, social_worker
):
    from django.urls import reverse

    consent_record(situation, social_worker, given_on=dt.date(2024, 5, 2), scope="team", obtained_how="signed")
    client.force_login(coordinator)
    html = client.get(reverse("journal:team_journal")).content.decode()
    assert f"une note à savoir sur la situation {situation.reference}" in html
    assert f"le consentement au partage de la situation {situation.reference}" in html
    assert reverse("notes:notes", args=[situation.public_id]) in html
    assert SECRET not in html
