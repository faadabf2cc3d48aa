import datetime as dt

import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.enums import ClosureReason, EventKind, Stage, VisitOutcome
from prevex.situations.models import Event
from prevex.situations.tests.factories import EventFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def record_url(situation, kind):
    return f"/situations/{situation.public_id}/evenements/{kind}/"


def post_event(client, situation, kind, **fields):
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(record_url(situation, kind), data, **HTMX)


@pytest.fixture
def logged_in(client, social_worker, frozen_today):
    client.force_login(social_worker)
    return client


def test_recording_a_visit_changes_the_stage_and_returns_the_live_fragment(logged_in, situation, social_worker):
    response = post_event(logged_in, situation, EventKind.VISIT, occurred_on="2024-04-30", visit_outcome="absent")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="situation-live"' in body
    assert "1re visite faite" in body
    situation.refresh_from_db()
    assert situation.stage == Stage.VISIT_1
    event = situation.events.get()
    assert (event.author, event.organisation) == (social_worker, social_worker.membership.organisation)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, target_type="situations.event").exists()


def test_without_htmx_recording_redirects_to_the_situation(logged_in, situation):
    response = logged_in.post(record_url(situation, EventKind.ADHESION), {"adhesion-occurred_on": "2024-04-30"})
    assert response.status_code == 302
    assert response["Location"] == situation.get_absolute_url()
    situation.refresh_from_db()
    assert situation.is_accompanied


def test_an_event_can_be_back_dated_but_not_in_the_future(logged_in, situation):
    assert post_event(logged_in, situation, EventKind.REMINDER, occurred_on="2024-02-20").status_code == 200
    response = post_event(logged_in, situation, EventKind.REMINDER, occurred_on="2024-05-03")
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert situation.events.count() == 1


def test_an_event_before_the_assignation_is_refused(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.VISIT, occurred_on="1999-03-10", visit_outcome="absent")
    assert "La date 10/03/1999 précède l&#x27;assignation (15/02/2024) : vérifiez-la." in response.content.decode()
    assert post_event(logged_in, situation, EventKind.NOTE, occurred_on="2024-02-14", note="x").status_code == 200
    assert not situation.events.exists()
    assert post_event(logged_in, situation, EventKind.NOTE, occurred_on="2024-02-15", note="x").status_code == 200
    assert situation.events.count() == 1


def test_without_an_assignation_an_event_more_than_2_years_before_the_reception_is_refused(logged_in, situation):
    situation.assignation_date = None
    situation.save(update_fields=["assignation_date"])
    response = post_event(logged_in, situation, EventKind.REMINDER, occurred_on="2022-02-28")
    assert "La date 28/02/2022 est plus de 2 ans avant la réception de la situation (01/03/2024)" in (
        response.content.decode()
    )
    post_event(logged_in, situation, EventKind.REMINDER, occurred_on="2022-03-01")
    assert situation.events.count() == 1


def test_a_correction_cannot_move_an_event_before_the_assignation(logged_in, situation, social_worker):
    event = EventFactory(situation=situation, kind=EventKind.REMINDER, author=social_worker)
    url = f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/"
    response = logged_in.post(url, {"edit-occurred_on": "2019-01-01"}, **HTMX)
    assert "précède l&#x27;assignation" in response.content.decode()
    event.refresh_from_db()
    assert event.occurred_on == dt.date(2024, 3, 5)


def test_a_visit_needs_its_outcome(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.VISIT, occurred_on="2024-04-30")
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not situation.events.exists()


def test_closure_needs_a_reason_and_cannot_happen_twice(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.CLOSURE, occurred_on="2024-04-30")
    assert "Ce champ est obligatoire." in response.content.decode()
    post_event(
        logged_in, situation, EventKind.CLOSURE, occurred_on="2024-04-30", closure_reason=ClosureReason.DETTE_SOLDEE
    )
    situation.refresh_from_db()
    assert (situation.closed_on, situation.closure_reason) == (dt.date(2024, 4, 30), ClosureReason.DETTE_SOLDEE)
    response = post_event(logged_in, situation, EventKind.CLOSURE, occurred_on="2024-05-01", closure_reason="autre")
    assert "La situation est déjà clôturée." in response.content.decode()


def test_reopening_a_closed_situation(logged_in, situation):
    post_event(logged_in, situation, EventKind.CLOSURE, occurred_on="2024-04-01", closure_reason="sans_contact")
    assert (
        "La situation n&#x27;est pas clôturée."
        not in post_event(logged_in, situation, EventKind.REOPENING, occurred_on="2024-04-20").content.decode()
    )
    situation.refresh_from_db()
    assert not situation.is_closed


def test_reopening_an_open_situation_is_refused(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.REOPENING, occurred_on="2024-04-20")
    assert "La situation n&#x27;est pas clôturée." in response.content.decode()


def test_an_unknown_kind_is_not_found(logged_in, situation):
    assert logged_in.post(record_url(situation, "teleportation"), {}).status_code == 404


def test_the_author_corrects_an_event_and_the_correction_is_journaled(logged_in, situation, social_worker):
    event = EventFactory(
        situation=situation,
        kind=EventKind.VISIT,
        visit_outcome=VisitOutcome.ABSENT,
        occurred_on=dt.date(2024, 4, 2),
        author=social_worker,
    )
    url = f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/"
    assert logged_in.get(url, **HTMX).status_code == 200
    response = logged_in.post(url, {"edit-occurred_on": "2024-04-03", "edit-visit_outcome": "met"}, **HTMX)
    assert response.status_code == 200
    event.refresh_from_db()
    situation.refresh_from_db()
    assert (event.occurred_on, event.visit_outcome, situation.stage) == (dt.date(2024, 4, 3), "met", Stage.CONTACT)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(event.pk))
    assert entry.details["before"] == {"occurred_on": "2024-04-02", "visit_outcome": "absent"}
    assert entry.details["after"] == {"occurred_on": "2024-04-03", "visit_outcome": "met"}
    assert entry.actor == social_worker


def test_only_the_author_may_correct_or_delete_an_event(client, frozen_today, situation, social_worker, juriste):
    event = EventFactory(situation=situation, kind=EventKind.ADHESION, author=social_worker)
    client.force_login(juriste)
    base = f"/situations/{situation.public_id}/evenements/{event.pk}"
    assert client.get(f"{base}/corriger/").status_code == 403  # a situation they see: refused, not hidden
    assert client.post(f"{base}/supprimer/").status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_author_deletes_an_event_the_state_follows_and_the_journal_keeps_it(logged_in, situation, social_worker):
    event = EventFactory(situation=situation, kind=EventKind.ADHESION, author=social_worker)
    situation.refresh_from_db()
    assert situation.is_accompanied
    response = logged_in.post(f"/situations/{situation.public_id}/evenements/{event.pk}/supprimer/", **HTMX)
    assert response.status_code == 200
    situation.refresh_from_db()
    assert not situation.is_accompanied and situation.stage == Stage.TO_CONTACT
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.details["before"]["kind"] == "adhesion"


def test_recording_requires_post(logged_in, situation):
    assert logged_in.get(record_url(situation, EventKind.NOTE)).status_code == 405


def test_a_back_dated_closure_or_reopening_must_fit_the_timeline(logged_in, situation):
    post_event(logged_in, situation, EventKind.CLOSURE, occurred_on="2024-03-01", closure_reason="sans_contact")
    response = post_event(logged_in, situation, EventKind.REOPENING, occurred_on="2024-02-15")
    assert "La réouverture ne peut pas précéder la clôture (01/03/2024)." in response.content.decode()
    post_event(logged_in, situation, EventKind.REOPENING, occurred_on="2024-04-01")
    response = post_event(logged_in, situation, EventKind.CLOSURE, occurred_on="2024-03-20", closure_reason="autre")
    assert "La clôture ne peut pas précéder la dernière réouverture (01/04/2024)." in response.content.decode()
    situation.refresh_from_db()
    assert not situation.is_closed


def test_a_presence_is_recorded_for_each_hearing_of_the_procedure_even_after_a_postponement(
    logged_in, situation, social_worker
):
    from prevex.reports.bilan import compute_bilan
    from prevex.reports.tests.helpers import make_scope
    from prevex.situations.models import Situation
    from prevex.situations.services import situation_update

    Situation.objects.filter(pk=situation.pk).update(hearing_date=dt.date(2024, 3, 20))
    situation = Situation.objects.get(pk=situation.pk)
    situation.hearing_date = dt.date(2024, 4, 24)  # the first hearing was postponed
    situation_update(
        situation=situation,
        author=social_worker,
        changed={"hearing_date": dt.date(2024, 3, 20)},
        version=situation.version,
    )
    page = logged_in.get(situation.get_absolute_url()).content.decode()
    assert "20/03/2024 (reportée)" in page and "24/04/2024" in page

    post_event(logged_in, situation, EventKind.HEARING, hearing_on="2024-03-20", hearing_presence="alone")
    post_event(logged_in, situation, EventKind.HEARING, hearing_on="2024-04-24", hearing_presence="with_juriste")
    presences = situation.events.filter(kind=EventKind.HEARING).order_by("occurred_on")
    assert [(e.occurred_on, e.hearing_on, e.hearing_presence) for e in presences] == [
        (dt.date(2024, 3, 20), dt.date(2024, 3, 20), "alone"),
        (dt.date(2024, 4, 24), dt.date(2024, 4, 24), "with_juriste"),
    ]
    twice = post_event(logged_in, situation, EventKind.HEARING, hearing_on="2024-03-20", hearing_presence="absent")
    assert "La présence à l&#x27;audience du 20/03/2024 est déjà enregistrée" in twice.content.decode()
    not_a_hearing = post_event(
        logged_in, situation, EventKind.HEARING, hearing_on="2024-03-01", hearing_presence="alone"
    )
    assert "Sélectionnez un choix valide" in not_a_hearing.content.decode()
    assert presences.count() == 2

    team = situation.team
    first_only = compute_bilan(make_scope(team, as_of=dt.date(2024, 3, 31)))["hearings"]
    both = compute_bilan(make_scope(team, as_of=dt.date(2024, 4, 30)))["hearings"]
    assert first_only == {"tenant_present": 1, "with_legal_advisor": 0}
    assert both == {"tenant_present": 1, "with_legal_advisor": 1}


def test_a_presence_needs_a_hearing_held_so_far(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.HEARING, hearing_on="2024-05-14", hearing_presence="alone")
    assert "Sélectionnez un choix valide" in response.content.decode()  # the hearing is in 12 days
    assert not situation.events.exists()


def test_a_correction_with_an_error_replaces_only_itself(logged_in, situation, social_worker):
    event = EventFactory(situation=situation, kind=EventKind.REMINDER, author=social_worker)
    url = f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/"
    response = logged_in.post(url, {"edit-occurred_on": "2030-01-01"}, **HTMX)
    assert response["HX-Retarget"] == f"#event-{event.pk}"
    assert "La date ne peut pas être dans le futur." in response.content.decode()


def test_a_presence_is_corrected_for_its_own_hearing(logged_in, situation, social_worker):
    situation.hearing_date = dt.date(2024, 4, 24)
    situation.save(update_fields=["hearing_date"])
    event = EventFactory(
        situation=situation,
        kind=EventKind.HEARING,
        occurred_on=dt.date(2024, 4, 24),
        hearing_on=dt.date(2024, 4, 24),
        hearing_presence="alone",
        author=social_worker,
    )
    url = f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/"
    response = logged_in.post(url, {"edit-hearing_on": "2024-04-24", "edit-hearing_presence": "with_juriste"}, **HTMX)
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.hearing_on, event.hearing_presence) == (dt.date(2024, 4, 24), "with_juriste")
    situation.refresh_from_db()
    assert situation.hearing_with_juriste


def test_a_tenant_contact_needs_its_channel_and_the_page_shows_the_first_contact(logged_in, situation):
    response = post_event(logged_in, situation, EventKind.TENANT_CONTACT, occurred_on="2024-04-30")
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not situation.events.exists()
    post_event(logged_in, situation, EventKind.TENANT_CONTACT, occurred_on="2024-04-29", channel="sms")
    response = post_event(logged_in, situation, EventKind.TENANT_CONTACT, occurred_on="2024-04-30", channel="phone")
    assert "Premier contact le 29/04/2024 (SMS)." in response.content.decode()
    situation.refresh_from_db()
    assert (situation.first_contact_on, situation.first_contact_channel) == (dt.date(2024, 4, 29), "sms")


def test_a_visit_where_the_tenant_was_met_is_a_first_contact_in_person(logged_in, situation):
    post_event(logged_in, situation, EventKind.VISIT, occurred_on="2024-04-30", visit_outcome=VisitOutcome.MET)
    situation.refresh_from_db()
    assert (situation.first_contact_on, situation.first_contact_channel) == (dt.date(2024, 4, 30), "in_person")
