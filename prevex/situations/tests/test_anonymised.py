"""An anonymised situation is read-only: no page, service or import may fill it again (what would be written
there would never be erased, since retention and erasure skip the situations already anonymised)."""

import datetime as dt

import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations import services
from prevex.situations import services as social_services
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation, SituationReferent
from prevex.situations.tests.factories import EventFactory
from prevex.situations.tests.test_create_and_edit import VALID

HTMX = {"HX-Request": "true"}
REFUSED = "Cette situation est anonymisée"


@pytest.fixture
def anonymised(situation, social_worker, frozen_today):
    """Lefèvre's situation, closed, with an event of the social worker, then anonymised as retention does."""
    EventFactory(situation=situation, kind=EventKind.ADHESION, author=social_worker, note="")
    Situation.objects.filter(pk=situation.pk).update(
        anonymised_on=dt.date(2024, 5, 1),
        tenant_last_name="ANONYMISÉ",
        tenant_first_name="",
        phone="",
        email="",
        address="",
        landlord_name="",
        version=5,
    )
    situation.refresh_from_db()
    return situation


@pytest.fixture
def logged_in(client, social_worker, frozen_today):
    client.force_login(social_worker)
    return client


def url(situation, tail=""):
    return f"/situations/{situation.public_id}/{tail}"


def unchanged(situation):
    fresh = Situation.objects.get(pk=situation.pk)
    return (fresh.tenant_last_name, fresh.phone, fresh.address, fresh.version) == ("ANONYMISÉ", "", "", 5)


def test_the_edit_form_is_refused(logged_in, anonymised):
    page = logged_in.get(url(anonymised, "modifier/"))
    assert page.status_code == 403 and REFUSED in page.content.decode()
    data = {**VALID, "reference": anonymised.reference, "version": anonymised.version}
    response = logged_in.post(url(anonymised, "modifier/"), data)
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert unchanged(anonymised) and not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_referents_are_refused(logged_in, anonymised, social_worker, tout_azimut):
    assert logged_in.get(url(anonymised, "referents/")).status_code == 403
    response = logged_in.post(url(anonymised, "referents/"), {f"org-{tout_azimut.pk}": social_worker.pk})
    assert response.status_code == 403 and not SituationReferent.objects.filter(situation=anonymised).exists()


def test_recording_an_event_is_refused(logged_in, anonymised):
    data = {"note-occurred_on": "2024-05-02", "note-note": "Mme Lefèvre rappelle au 06 12 34 56 78"}
    response = logged_in.post(url(anonymised, "evenements/note/"), data)
    assert response.status_code == 403 and REFUSED in response.content.decode()
    htmx = logged_in.post(url(anonymised, "evenements/note/"), data, headers=HTMX)
    assert htmx.status_code == 403 and htmx["HX-Refresh"] == "true"
    assert not anonymised.events.filter(kind=EventKind.NOTE).exists()


def test_correcting_or_deleting_an_event_is_refused(logged_in, anonymised):
    event = anonymised.events.get()
    base = url(anonymised, f"evenements/{event.pk}")
    assert logged_in.get(f"{base}/corriger/", headers=HTMX).status_code == 403
    response = logged_in.post(f"{base}/corriger/", {"edit-occurred_on": "2024-04-03", "edit-note": "Lefèvre"})
    assert response.status_code == 403
    assert logged_in.post(f"{base}/supprimer/").status_code == 403
    assert list(anonymised.events.values_list("pk", "note", "occurred_on")) == [(event.pk, "", event.occurred_on)]


def test_marking_the_social_services_check_by_hand_is_refused(logged_in, anonymised):
    response = logged_in.post(
        f"/identification/situations/{anonymised.public_id}/services-sociaux/",
        {"answer": "known", "service": "MDS de Massy"},
        follow=True,
    )
    assert REFUSED in response.content.decode()
    anonymised.refresh_from_db()
    assert anonymised.social_services == SocialServicesCheck.UNCHECKED and anonymised.events.count() == 1


def test_the_page_shows_no_button_that_writes(logged_in, anonymised, social_worker):
    body = logged_in.get(url(anonymised)).content.decode()
    assert "Situation anonymisée le 01/05/2024" in body
    for action in ("modifier/", "referents/", "evenements/", "services-sociaux/"):
        assert f"{anonymised.public_id}/{action}" not in body
    assert "Corriger" not in body and "Supprimer" not in body and "Rectifier" not in body


@pytest.mark.parametrize(
    "write",
    [
        lambda s, user: services.situation_update(situation=s, author=user, changed={}, version=s.version),
        lambda s, user: services.referents_set(situation=s, chosen={}, author=user),
        lambda s, user: services.event_record(
            event=Event(situation=s, kind=EventKind.NOTE, occurred_on=dt.date(2024, 5, 2), note="Lefèvre"), author=user
        ),
        lambda s, user: services.event_update(event=s.events.get(), author=user, before={}),
        lambda s, user: services.event_delete(event=s.events.get(), author=user),
        lambda s, user: social_services.record_check(s, known=True, user=user, service="MDS"),
    ],
    ids=["edit", "referents", "event", "correction", "deletion", "social-services"],
)
def test_every_service_refuses_an_anonymised_situation(anonymised, social_worker, write):
    stale = Situation.objects.get(pk=anonymised.pk)
    stale.anonymised_on = None  # as loaded by a page shown before the anonymisation: the service looks again
    with pytest.raises(services.SituationAnonymised, match=REFUSED):
        write(stale, social_worker)
    assert unchanged(anonymised) and anonymised.events.count() == 1 and not anonymised.referents.exists()
