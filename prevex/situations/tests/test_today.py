import datetime as dt

import pytest

from prevex.situations.enums import ClosureReason, EventKind
from prevex.situations.models import SituationReferent
from prevex.situations.tests.factories import EventFactory, SituationFactory


@pytest.fixture
def hearings(team, frozen_today, social_worker, tout_azimut):
    """Three open situations with hearings in 30, 10 and 10 days (the last one already reached), one closed."""
    far = SituationFactory(team=team, tenant_last_name="Loin", hearing_date=frozen_today + dt.timedelta(days=30))
    urgent = SituationFactory(team=team, tenant_last_name="Urgent", hearing_date=frozen_today + dt.timedelta(days=10))
    reached = SituationFactory(team=team, tenant_last_name="Joint", hearing_date=frozen_today + dt.timedelta(days=10))
    EventFactory(situation=reached, kind=EventKind.TENANT_CONTACT, occurred_on=frozen_today)
    closed = SituationFactory(team=team, tenant_last_name="Close", hearing_date=frozen_today + dt.timedelta(days=5))
    EventFactory(situation=closed, kind=EventKind.CLOSURE, closure_reason=ClosureReason.DETTE_SOLDEE)
    SituationReferent.objects.create(situation=far, organisation=tout_azimut, user=social_worker)
    return far, urgent, reached


def test_the_coordinator_sees_open_situations_by_hearing_date_with_days_left(client, coordinator, hearings):
    client.force_login(coordinator)
    response = client.get("/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [situation.tenant_last_name for situation, *_ in rows] == ["Joint", "Urgent", "Loin"]
    assert [(days, urgent) for _, days, urgent in rows] == [(10, False), (10, True), (30, False)]
    body = response.content.decode()
    assert "dans 10 jours" in body and "dans 30 jours" in body
    assert body.count('class="urgent"') == 1
    assert "1 sans aucun contact à moins de 15 jours de l'audience." in body


def test_a_social_worker_sees_the_situations_they_follow(client, social_worker, hearings):
    client.force_login(social_worker)
    rows = client.get("/").context["rows"]
    assert [situation.tenant_last_name for situation, *_ in rows] == ["Loin"]


def test_the_funder_lands_on_the_bilan_and_has_no_access_to_situations(client, funder):
    client.force_login(funder)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/bilan/"
    assert client.get("/situations/").status_code == 403


def test_open_situations_whose_hearing_passed_have_their_own_place(client, coordinator, team, frozen_today):
    import datetime as dt

    from prevex.situations.enums import HearingPresence

    SituationFactory(team=team, tenant_last_name="Passee", hearing_date=frozen_today - dt.timedelta(days=3))
    recorded = SituationFactory(
        team=team, tenant_last_name="Presente", hearing_date=frozen_today - dt.timedelta(days=3)
    )
    EventFactory(
        situation=recorded,
        kind=EventKind.HEARING,
        occurred_on=recorded.hearing_date,
        hearing_on=recorded.hearing_date,
        hearing_presence=HearingPresence.ALONE,
    )
    closed = SituationFactory(team=team, tenant_last_name="Close", hearing_date=frozen_today - dt.timedelta(days=3))
    EventFactory(situation=closed, kind=EventKind.CLOSURE, closure_reason=ClosureReason.SANS_CONTACT)
    coming = SituationFactory(team=team, tenant_last_name="Avenir", hearing_date=frozen_today + dt.timedelta(days=3))
    client.force_login(coordinator)
    response = client.get("/")
    assert [situation.tenant_last_name for situation in response.context["passed"]] == ["Passee"]
    assert response.context["passed_count"] == 1
    assert [situation for situation, *_ in response.context["rows"]] == [coming]
    body = response.content.decode()
    assert "Audience passée : enregistrer l'audience ou clôturer" in body
    assert "1 situation en cours dont l'audience est passée sans présence enregistrée." in body


@pytest.mark.parametrize("days", [-1, 0, 1, 14, 15, 16, None])
@pytest.mark.parametrize("contact", [False, True])
@pytest.mark.parametrize("closed", [False, True])
def test_a_row_is_urgent_exactly_when_the_count_counts_it(team, frozen_today, days, contact, closed):
    """`Situation.is_urgent` (each row's flag) and `urgent_q` (the SQL of the count) say the same thing."""
    hearing = None if days is None else frozen_today + dt.timedelta(days=days)
    situation = SituationFactory(team=team, hearing_date=hearing)
    if contact:
        EventFactory(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=frozen_today)
    if closed:
        EventFactory(situation=situation, kind=EventKind.CLOSURE, closure_reason=ClosureReason.DETTE_SOLDEE)
    situation.refresh_from_db()
    counted = type(situation).objects.filter(type(situation).objects.urgent_q(today=frozen_today)).exists()
    assert situation.is_urgent(frozen_today) is counted
    assert counted is (days is not None and 0 <= days <= 15 and not contact and not closed)


def test_a_postponed_hearing_is_past_again_until_its_own_presence_is_recorded(client, coordinator, team, frozen_today):
    """The presence of the first hearing does not record the one it was postponed to (`current_hearing_recorded`,
    cached by the writer when the hearing date or the timeline changes)."""
    import datetime as dt

    from prevex.situations import services
    from prevex.situations.enums import HearingPresence

    first = frozen_today - dt.timedelta(days=20)
    situation = SituationFactory(team=team, tenant_last_name="Renvoi", hearing_date=first)
    EventFactory(situation=situation, kind=EventKind.HEARING, occurred_on=first, hearing_presence=HearingPresence.ALONE)
    client.force_login(coordinator)
    assert client.get("/").context["passed_count"] == 0  # a presence dated the hearing's day, naming no hearing
    situation.refresh_from_db()
    situation.hearing_date = frozen_today - dt.timedelta(days=2)
    services.situation_update(
        situation=situation, author=coordinator, changed={"hearing_date": first}, version=situation.version
    )
    assert [s.tenant_last_name for s in client.get("/").context["passed"]] == ["Renvoi"]
    EventFactory(
        situation=situation,
        kind=EventKind.HEARING,
        occurred_on=situation.hearing_date,
        hearing_on=situation.hearing_date,
        hearing_presence=HearingPresence.ABSENT,
    )
    assert client.get("/").context["passed_count"] == 0
