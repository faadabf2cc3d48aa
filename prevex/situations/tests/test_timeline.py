"""The whole timeline validated: `timeline_errors` (pure), and every write of the writer refusing what a change
newly breaks, one at a time (through the pages) and in bulk (the imports' twins)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from prevex.situations import services
from prevex.situations.enums import ClosureReason, EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.situations.timeline import TimelineFacts, new_errors, timeline_errors

HTMX = {"HTTP_HX_REQUEST": "true"}
D = dt.date


HEARING, ASSIGNATION, RECEIVED, TODAY = D(2024, 5, 14), D(2024, 2, 15), D(2024, 3, 1), D(2024, 5, 2)


def fact(hearings=(HEARING,)):
    return TimelineFacts(hearings=frozenset(hearings), assignation_date=ASSIGNATION, received_on=RECEIVED, today=TODAY)


def ev(kind, on, pk=None, hearing_on=None):
    return SimpleNamespace(kind=kind, occurred_on=on, pk=pk, hearing_on=hearing_on)


# --- the pure function --------------------------------------------------------------------------------------------


def test_closures_and_reopenings_alternate():
    closure, reopening = EventKind.CLOSURE, EventKind.REOPENING
    assert timeline_errors([ev(closure, D(2024, 4, 1), 1), ev(reopening, D(2024, 4, 1), 2)], fact()) == []
    [error] = timeline_errors([ev(reopening, D(2024, 3, 25), 2), ev(closure, D(2024, 4, 1), 1)], fact())
    assert error.message == (
        "La réouverture ne peut pas précéder la clôture (01/04/2024). Événement en cause : réouverture du 25/03/2024."
    )
    [twice] = timeline_errors([ev(closure, D(2024, 4, 1), 1), ev(closure, D(2024, 4, 2), 2)], fact())
    assert twice.message == "La situation est déjà clôturée. Événement en cause : clôture du 02/04/2024."
    [alone] = timeline_errors([ev(reopening, D(2024, 4, 1), 1)], fact())
    assert alone.message.startswith("La situation n'est pas clôturée.")


def test_the_same_day_keeps_the_recording_order_the_state_uses():
    closure, reopening = EventKind.CLOSURE, EventKind.REOPENING
    assert timeline_errors([ev(reopening, D(2024, 4, 1), 9), ev(closure, D(2024, 4, 1), 3)], fact()) == []
    assert timeline_errors([ev(reopening, D(2024, 4, 1), 3), ev(closure, D(2024, 4, 1), 9)], fact())
    assert timeline_errors([ev(reopening, D(2024, 4, 1)), ev(closure, D(2024, 4, 1), 9)], fact()) == []  # new: last


def test_a_presence_belongs_to_a_hearing_of_the_procedure_on_or_after_it_once():
    hearing = EventKind.HEARING
    facts = fact(hearings=(D(2024, 3, 20), D(2024, 4, 24)))
    assert timeline_errors([ev(hearing, D(2024, 3, 20), 1, D(2024, 3, 20))], facts) == []
    assert timeline_errors([ev(hearing, D(2024, 4, 24), 1)], facts) == []  # before `hearing_on`: its date
    [unknown] = timeline_errors([ev(hearing, D(2024, 3, 21), 1, D(2024, 3, 21))], facts)
    assert "Le 21/03/2024 n'est pas une audience de cette procédure (audiences : 20/03/2024, 24/04/2024)." in str(
        unknown
    )
    assert unknown.field == "hearing_on"
    [early] = timeline_errors([ev(hearing, D(2024, 3, 19), 1, D(2024, 3, 20))], facts)
    assert "Une présence ne peut pas précéder son audience (20/03/2024)." in early.message
    both = [ev(hearing, D(2024, 3, 20), 1, D(2024, 3, 20)), ev(hearing, D(2024, 3, 20), 2, D(2024, 3, 20))]
    [twice] = timeline_errors(both, facts)
    assert "La présence à l'audience du 20/03/2024 est déjà enregistrée" in twice.message
    assert twice.event is both[1]


def test_nothing_in_the_future_nor_implausible():
    [future] = timeline_errors([ev(EventKind.NOTE, D(2024, 5, 3), 1)], fact())
    assert future.message == "La date 03/05/2024 est dans le futur. Événement en cause : note du 03/05/2024."
    [typo] = timeline_errors([ev(EventKind.VISIT, D(1999, 3, 10), 1)], fact())
    assert typo.message.startswith("La date 10/03/1999 précède l'assignation (15/02/2024) : vérifiez-la.")
    assert "visite à domicile du 10/03/1999" in typo.message


def test_only_what_a_change_brings_is_new():
    closure = EventKind.CLOSURE
    legacy = [ev(closure, D(2024, 4, 1), 1), ev(closure, D(2024, 4, 2), 2)]  # two closures, from an old import
    with_a_note = [*legacy, ev(EventKind.NOTE, D(2024, 4, 3))]
    assert new_errors(timeline_errors(legacy, fact()), timeline_errors(with_a_note, fact())) == []
    third = [*legacy, ev(closure, D(2024, 4, 3))]
    assert len(new_errors(timeline_errors(legacy, fact()), timeline_errors(third, fact()))) == 1


# --- one at a time, through the pages -------------------------------------------------------------------------


@pytest.fixture
def logged_in(client, social_worker, frozen_today):
    client.force_login(social_worker)
    return client


def closed_and_reopened(situation, author):
    closure = EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        closure_reason=ClosureReason.SANS_CONTACT,
        occurred_on=D(2024, 4, 1),
        author=author,
    )
    reopening = EventFactory(situation=situation, kind=EventKind.REOPENING, occurred_on=D(2024, 4, 20), author=author)
    return closure, reopening


def test_a_reopening_corrected_to_before_its_closure_is_refused_on_its_date(logged_in, situation, social_worker):
    _closure, reopening = closed_and_reopened(situation, social_worker)
    url = f"/situations/{situation.public_id}/evenements/{reopening.pk}/corriger/"
    response = logged_in.post(url, {"edit-occurred_on": "2024-03-25"}, **HTMX)
    assert response.context["form"].errors["occurred_on"] == [
        "La réouverture ne peut pas précéder la clôture (01/04/2024). Événement en cause : réouverture du 25/03/2024."
    ]
    reopening.refresh_from_db()
    situation.refresh_from_db()
    assert reopening.occurred_on == D(2024, 4, 20) and not situation.is_closed


def test_a_closure_a_later_reopening_needs_cannot_be_deleted(logged_in, situation, social_worker):
    closure, _reopening = closed_and_reopened(situation, social_worker)
    url = f"/situations/{situation.public_id}/evenements/{closure.pk}/supprimer/"
    response = logged_in.post(url, **HTMX)
    assert response.status_code == 200
    assert (
        "Cet événement ne peut pas être supprimé : La situation n&#x27;est pas clôturée." in response.content.decode()
    )
    assert Event.objects.filter(pk=closure.pk).exists()
    redirected = logged_in.post(url, follow=True)
    assert "Cet événement ne peut pas être supprimé" in redirected.content.decode()
    assert Event.objects.filter(pk=closure.pk).exists()


def test_a_presence_cannot_be_corrected_onto_another_hearings_presence(logged_in, situation, social_worker):
    Situation.objects.filter(pk=situation.pk).update(hearing_date=D(2024, 4, 24), earlier_hearing_dates=["2024-03-20"])
    first, second = (
        EventFactory(
            situation=situation,
            kind=EventKind.HEARING,
            occurred_on=day,
            hearing_on=day,
            hearing_presence="alone",
            author=social_worker,
        )
        for day in (D(2024, 3, 20), D(2024, 4, 24))
    )
    url = f"/situations/{situation.public_id}/evenements/{second.pk}/corriger/"
    response = logged_in.post(url, {"edit-hearing_on": "2024-03-20", "edit-hearing_presence": "absent"}, **HTMX)
    [error] = response.context["form"].errors["hearing_on"]
    assert error.startswith("La présence à l'audience du 20/03/2024 est déjà enregistrée : corrigez-la")
    second.refresh_from_db()
    assert (second.hearing_on, second.hearing_presence) == (D(2024, 4, 24), "alone")


def test_a_timeline_with_an_old_error_can_still_be_completed_and_corrected(logged_in, situation, social_worker):
    old = [
        EventFactory(
            situation=situation,
            kind=EventKind.CLOSURE,
            closure_reason=reason,
            occurred_on=day,
            author=social_worker,
        )
        for reason, day in ((ClosureReason.SANS_CONTACT, D(2024, 4, 1)), (ClosureReason.AUTRE, D(2024, 4, 2)))
    ]
    base = f"/situations/{situation.public_id}/evenements"
    logged_in.post(f"{base}/note/", {"note-occurred_on": "2024-04-10", "note-note": "Appel"}, **HTMX)
    assert situation.events.filter(kind=EventKind.NOTE).exists()
    logged_in.post(
        f"{base}/{old[1].pk}/corriger/", {"edit-occurred_on": "2024-04-02", "edit-closure_reason": "dette_soldee"}
    )
    old[1].refresh_from_db()
    assert old[1].closure_reason == ClosureReason.DETTE_SOLDEE


def test_the_writer_refuses_what_the_form_did_not_see(situation, social_worker, frozen_today):
    closure, reopening = closed_and_reopened(situation, social_worker)
    reopening.occurred_on = D(2024, 3, 25)
    with pytest.raises(services.TimelineRefused):
        services.event_update(event=reopening, author=social_worker, before={})
    with pytest.raises(services.TimelineRefused):
        services.event_delete(event=closure, author=social_worker)
    assert situation.events.count() == 2


# --- a hearing date changed by hand -------------------------------------------------------------------------------


def edit(client, situation, **changes):
    from prevex.situations.tests.test_create_and_edit import VALID

    data = {**VALID, "reference": situation.reference, "version": situation.version, **changes}
    return client.post(f"/situations/{situation.public_id}/modifier/", data)


@pytest.fixture
def coordinating(client, coordinator, frozen_today):
    client.force_login(coordinator)
    return client


def test_a_postponed_hearing_typed_by_hand_is_on_the_timeline(coordinating, situation, coordinator):
    response = edit(coordinating, situation, assignation_date="2024-02-15", hearing_date="2024-05-14")
    situation.refresh_from_db()
    assert response.status_code == 302 and not situation.events.exists()  # the same hearing: nothing to say
    response = edit(coordinating, situation, assignation_date="2024-02-15", hearing_date="2024-06-11")
    assert response.status_code == 302
    situation.refresh_from_db()
    note = situation.events.get()
    assert (note.kind, note.occurred_on, note.note, note.author) == (
        EventKind.NOTE,
        D(2024, 5, 2),
        "Audience reportée du 14/05/2024 au 11/06/2024.",
        coordinator,
    )
    assert situation.earlier_hearing_dates == ["2024-05-14"] and situation.hearing_date == D(2024, 6, 11)
    page = coordinating.get(situation.get_absolute_url()).content.decode()
    assert "Audience reportée du 14/05/2024 au 11/06/2024." in page


def test_an_assignation_moved_after_the_events_is_refused_on_its_field(coordinating, situation, coordinator):
    EventFactory(situation=situation, kind=EventKind.REMINDER, occurred_on=D(2024, 3, 5), author=coordinator)
    response = edit(coordinating, situation, assignation_date="2024-03-10", hearing_date="2024-05-14")
    assert response.status_code == 200
    [error] = response.context["form"].errors["assignation_date"]
    assert error.startswith("La date 05/03/2024 précède l'assignation (10/03/2024) : vérifiez-la.")
    situation.refresh_from_db()
    assert situation.assignation_date == D(2024, 2, 15)


def test_a_hearing_changed_by_a_list_stays_a_hearing_of_the_procedure_until_undone(team, coordinator, frozen_today):
    situation = SituationFactory(team=team, hearing_date=D(2024, 4, 24))
    [applied] = services.situations_change_with_note(
        changes=[services.Change(situation.pk, {"hearing_date": D(2024, 6, 14)}, note="Liste")],
        author=coordinator,
        occurred_on=D(2024, 4, 25),
    )
    situation.refresh_from_db()
    assert situation.earlier_hearing_dates == ["2024-04-24"]
    assert D(2024, 4, 24) in situation.hearings()
    services.situations_revert(applied=[applied], author=coordinator)
    situation.refresh_from_db()
    assert (situation.hearing_date, situation.earlier_hearing_dates) == (D(2024, 4, 24), [])


# --- in bulk: the imports' twins ----------------------------------------------------------------------------------


def test_new_situations_with_a_broken_timeline_are_refused_whole(team, massy, coordinator, frozen_today):
    fields = {
        "received_on": D(2024, 3, 1),
        "tenant_last_name": "Lefèvre",
        "address": "3 rue Pasteur",
        "postal_code": "91300",
        "commune": massy,
    }
    good = services.NewSituation(
        fields={**fields, "reference": "A-1"}, events=[{"kind": EventKind.NOTE, "occurred_on": D(2024, 3, 2)}]
    )
    broken = services.NewSituation(
        fields={**fields, "reference": "A-2"}, events=[{"kind": EventKind.REOPENING, "occurred_on": D(2024, 3, 2)}]
    )
    with pytest.raises(services.TimelineRefused) as refused:
        services.situations_create_many(team=team, situations=[good, broken], author=coordinator)
    assert refused.value.messages == [
        "A-2 : La situation n'est pas clôturée. Événement en cause : réouverture du 02/03/2024."
    ]
    assert not Situation.objects.exists()


def test_events_recorded_in_bulk_that_contradict_a_timeline_are_refused(team, coordinator, frozen_today):
    situation = SituationFactory(team=team, reference="B-1", hearing_date=D(2024, 4, 24))
    EventFactory(situation=situation, kind=EventKind.HEARING, occurred_on=D(2024, 4, 24), hearing_presence="alone")
    contradiction = {
        "kind": EventKind.HEARING,
        "occurred_on": D(2024, 4, 24),
        "hearing_on": D(2024, 4, 24),
        "hearing_presence": "absent",
    }
    future = {"kind": EventKind.NOTE, "occurred_on": D(2024, 5, 3)}
    for events in ([contradiction], [future]):
        with pytest.raises(services.TimelineRefused) as refused:
            services.events_record_many(
                team=team, events={situation.pk: events}, author=coordinator, details={situation.pk: {}}
            )
        assert refused.value.messages[0].startswith("B-1 : ")
    assert situation.events.count() == 1


def test_a_reception_typed_in_year_2_does_not_crash_the_two_year_window():
    """Found by hypothesis on the tracking sheet: 01/01/0002 as a reception date (two years back is year 0)."""
    import datetime as dt

    from prevex.situations.rules import event_date_error

    assert event_date_error(dt.date(1, 6, 1), assignation_date=None, received_on=dt.date(2, 1, 1)) is None
