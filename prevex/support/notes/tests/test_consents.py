"""The « Consentement du ménage » card of the situation page: record, list, withdraw (journaled)."""

import datetime as dt

import pytest

from prevex.audit.models import AuditEntry
from prevex.situations.tests.factories import SituationFactory
from prevex.support.notes.models import Consent

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def situation(team):
    return SituationFactory(team=team)


def consents_url(situation):
    return f"/accompagnement/notes/{situation.public_id}/consentements/"


def record(client, situation, **data):
    fields = {"given_on": "25/04/2024", "scope": "court", "obtained_how": "signed", **data}
    return client.post(consents_url(situation), {f"consent-{k}": v for k, v in fields.items()}, **HTMX)


def test_a_consent_recorded_from_the_card_is_listed_in_force_and_journaled(client, social_worker, situation,
                                                                           frozen_today):  # fmt: skip
    client.force_login(social_worker)
    response = record(client, situation)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="household-consents"' in body and "Avec le juge" in body and "en vigueur" in body
    consent = Consent.objects.get()
    assert (consent.given_on, consent.scope, consent.obtained_how) == (dt.date(2024, 4, 25), "court", "signed")
    entry = AuditEntry.objects.get(target_type="notes.consent")
    assert entry.details["scope"] == "court" and entry.details["obtained_how"] == "signed"


def test_without_htmx_it_returns_to_the_situation_page(client, juriste, situation, frozen_today):
    client.force_login(juriste)
    fields = {"consent-given_on": "25/04/2024", "consent-scope": "team", "consent-obtained_how": "oral_phone"}
    response = client.post(consents_url(situation), fields)
    assert response.status_code == 302 and response["Location"].endswith("#household-consents")
    page = client.get(situation.get_absolute_url()).content.decode()
    assert "Consentement du ménage" in page and "Entre les organisations" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"given_on": "03/05/2024"}, "Donné le : une date qui n&#x27;est pas dans le futur."),
        ({"given_on": "32/04/2024"}, "Donné le : saisissez une date"),
        ({"obtained_how": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, juriste, situation, frozen_today, data, message):
    client.force_login(juriste)
    body = record(client, situation, **data).content.decode()
    assert message in body
    assert not Consent.objects.exists()


def test_withdrawal_keeps_the_consent_with_its_end(client, social_worker, situation, frozen_today):
    client.force_login(social_worker)
    record(client, situation)
    consent = Consent.objects.get()
    withdraw = f"{consents_url(situation)}{consent.pk}/retrait/"
    too_early = client.post(withdraw, {f"withdraw-{consent.pk}-withdrawn_on": "20/04/2024"}, **HTMX)
    assert "Retiré le" in too_early.content.decode()
    response = client.post(withdraw, {f"withdraw-{consent.pk}-withdrawn_on": "01/05/2024"}, **HTMX)
    assert "retiré le 01/05/2024" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2024, 5, 1) and not consent.in_force_on(dt.date(2024, 5, 2))
    assert AuditEntry.objects.filter(target_type="notes.consent", action="update").count() == 1


def test_the_funder_and_another_team_cannot(client, funder, other_team_member, situation):
    client.force_login(funder)
    assert record(client, situation).status_code == 403
    client.force_login(other_team_member)
    assert record(client, situation).status_code == 404
    assert not Consent.objects.exists()


def test_an_anonymised_situation_shows_its_consents_without_forms(client, juriste, situation, frozen_today):
    client.force_login(juriste)
    record(client, situation)
    type(situation).objects.filter(pk=situation.pk).update(anonymised_on=dt.date(2024, 5, 1))
    body = client.get(consents_url(situation)).content.decode()
    assert "Avec le juge" in body and "Enregistrer un consentement" not in body
    assert record(client, situation, scope="team").status_code == 403
