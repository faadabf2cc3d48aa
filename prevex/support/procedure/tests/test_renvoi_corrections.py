"""A hearing's outcome corrected on the situation page (the writer's event correction path): a hearing corrected
into a renvoi moves the situation's hearing like a renvoi recorded at once, the reverse correction (or the
deletion of the renvoi) undoes it, and the apps that follow the timelines see the new hearing date."""

import datetime as dt

import pytest

from prevex.situations import services
from prevex.situations.enums import EventKind
from prevex.situations.services import hooks
from prevex.situations.tests.factories import SituationFactory
from prevex.support.procedure.acts import situation_deadlines

HTMX = {"HTTP_HX_REQUEST": "true"}
FIRST, POSTPONED_TO, LATER = dt.date(2024, 4, 25), dt.date(2024, 6, 20), dt.date(2024, 7, 4)


@pytest.fixture
def as_juriste(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


@pytest.fixture
def heard(team):
    """First hearing on 25/04/2024, a week before the suite's today (02/05/2024)."""
    return SituationFactory(team=team, hearing_date=FIRST, reference="EM91-00009")


@pytest.fixture
def hearing_dates_seen(monkeypatch):
    """The hearing date each situation has when the writer tells the apps that follow the timelines."""
    from prevex.situations.models import Situation

    seen = []
    listeners = [
        *hooks._listeners,
        lambda ids, created: seen.extend(Situation.objects.get(pk=pk).hearing_date for pk in ids),
    ]
    monkeypatch.setattr(hooks, "_listeners", listeners)
    return seen


def record_hearing(client, situation, **fields):
    kind = EventKind.HEARING
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(f"/situations/{situation.public_id}/evenements/{kind}/", data, **HTMX)


def correct(client, situation, event, **fields):
    data = {f"edit-{name}": value for name, value in fields.items()}
    return client.post(f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/", data, **HTMX)


def judged_hearing(client, situation):
    record_hearing(
        client, situation, hearing_on="2024-04-25", hearing_presence="with_juriste", hearing_outcome="deliberation"
    )
    return situation.events.get(kind=EventKind.HEARING)


def test_a_hearing_corrected_into_a_renvoi_moves_the_hearing_and_keeps_the_earlier_one(
    as_juriste, heard, hearing_dates_seen
):
    hearing = judged_hearing(as_juriste, heard)
    response = correct(
        as_juriste,
        heard,
        hearing,
        hearing_on="2024-04-25",
        hearing_presence="with_juriste",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    assert response.status_code == 200
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (POSTPONED_TO, ["2024-04-25"])
    assert heard.events.filter(note="Audience reportée du 25/04/2024 au 20/06/2024.").exists()
    assert hearing_dates_seen[-1] == POSTPONED_TO  # the outreach tasks are recomputed on the new hearing
    deadlines = {d.id: d.date for d in situation_deadlines(heard, [])[0]}
    assert (deadlines["prefet_notice_latest"], deadlines["dsf_due"]) == (dt.date(2024, 3, 14), dt.date(2024, 6, 13))


def test_the_reverse_correction_gives_the_first_hearing_back_its_place(as_juriste, heard, hearing_dates_seen):
    record_hearing(
        as_juriste,
        heard,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    hearing = heard.events.get(kind=EventKind.HEARING)
    response = correct(
        as_juriste, heard, hearing, hearing_on="2024-04-25", hearing_presence="alone", hearing_outcome="judged"
    )
    assert response.status_code == 200
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (FIRST, [])
    assert heard.events.filter(
        note="Renvoi retiré : l'audience du 25/04/2024 redevient l'audience en cours (au lieu du 20/06/2024)."
    ).exists()
    assert hearing_dates_seen[-1] == FIRST
    hearing.refresh_from_db()
    assert (hearing.hearing_outcome, hearing.postponed_to) == ("judged", None)


def test_a_renvoi_s_new_date_corrected_moves_the_hearing_again(as_juriste, heard):
    record_hearing(
        as_juriste,
        heard,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    hearing = heard.events.get(kind=EventKind.HEARING)
    correct(
        as_juriste,
        heard,
        hearing,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-07-04",
    )
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (LATER, ["2024-04-25"])


def test_a_correction_that_only_changes_the_presence_leaves_the_renvoi_alone(as_juriste, heard):
    record_hearing(
        as_juriste,
        heard,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    notes = heard.events.filter(kind=EventKind.NOTE).count()
    hearing = heard.events.get(kind=EventKind.HEARING)
    correct(
        as_juriste,
        heard,
        hearing,
        hearing_on="2024-04-25",
        hearing_presence="with_juriste",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (POSTPONED_TO, ["2024-04-25"])
    assert heard.events.filter(kind=EventKind.NOTE).count() == notes


def postponed_hearing(client, situation):
    record_hearing(
        client,
        situation,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    return situation.events.get(kind=EventKind.HEARING)


def test_deleting_the_renvoi_gives_the_first_hearing_back_its_place(as_juriste, heard, hearing_dates_seen):
    hearing = postponed_hearing(as_juriste, heard)
    response = as_juriste.post(f"/situations/{heard.public_id}/evenements/{hearing.pk}/supprimer/", **HTMX)
    assert response.status_code == 200
    assert not heard.events.filter(kind=EventKind.HEARING).exists()
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (FIRST, [])
    assert hearing_dates_seen[-1] == FIRST


def test_a_renvoi_followed_by_another_move_of_the_hearing_cannot_be_withdrawn(as_juriste, heard, coordinator):
    """Only the latest renvoi is withdrawn: once the postponed hearing was moved again (here by hand, 20/06 to
    04/07), withdrawing the first renvoi is refused in French and nothing moves."""
    hearing = postponed_hearing(as_juriste, heard)
    heard.refresh_from_db()
    heard.hearing_date = LATER
    services.situation_update(
        situation=heard, author=coordinator, changed={"hearing_date": POSTPONED_TO}, version=heard.version
    )
    body = correct(
        as_juriste, heard, hearing, hearing_on="2024-04-25", hearing_presence="alone", hearing_outcome="judged"
    ).content.decode()
    assert "Le renvoi du 25/04/2024 au 20/06/2024 ne peut plus être modifié" in body
    heard.refresh_from_db()
    assert heard.hearing_date == LATER
    hearing.refresh_from_db()
    assert hearing.hearing_outcome == "postponed"


def test_a_hearing_corrected_into_a_renvoi_to_an_earlier_day_is_refused(as_juriste, heard):
    hearing = judged_hearing(as_juriste, heard)
    body = correct(
        as_juriste,
        heard,
        hearing,
        hearing_on="2024-04-25",
        hearing_presence="with_juriste",
        hearing_outcome="postponed",
        postponed_to="2024-03-01",
    ).content.decode()
    assert "L&#x27;audience de renvoi doit suivre l&#x27;audience renvoyée." in body
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (FIRST, [])
