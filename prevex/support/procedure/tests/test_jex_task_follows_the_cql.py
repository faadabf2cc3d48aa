"""The « Saisir le JEX » task an expulsion ordered opens is dated by the commandement de quitter les lieux: the
end of its delay once it is recorded (later than the judgment, corrected, recorded again), the day the decision
was recorded without it (docs/procedure.md, "Tâches après le jugement"). The clock moves with time_machine."""

import datetime as dt
from contextlib import contextmanager

import pytest
import time_machine

from prevex.outreach.models import Task
from prevex.situations.enums import EventKind, ProcedureAct
from prevex.situations.tests.factories import SituationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
ACT = EventKind.PROCEDURE_ACT


@contextmanager
def at(day: dt.date, client=None, user=None):
    """The clock stopped on `day` at 10:00 UTC, `user` logged in then (a session does not survive months)."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False):
        if client is not None:
            client.force_login(user)
        yield


def record_act(client, situation, act, occurred_on, **fields):
    data = {f"{ACT}-act": act, f"{ACT}-occurred_on": occurred_on, **{f"{ACT}-{k}": v for k, v in fields.items()}}
    response = client.post(f"/situations/{situation.public_id}/evenements/{ACT}/", data, **HTMX)
    assert response.status_code == 200
    assert "errorlist" not in response.content.decode()
    return situation.events.filter(act=act).latest("pk")


def correct_act(client, situation, event, occurred_on):
    data = {"edit-act": event.act, "edit-occurred_on": occurred_on}
    response = client.post(f"/situations/{situation.public_id}/evenements/{event.pk}/corriger/", data, **HTMX)
    assert response.status_code == 200


def jex_task(situation) -> Task:
    return Task.objects.get(situation=situation, step="saisir_jex", planned=False)


@pytest.fixture
def evicted(db, team, juriste, client):
    """Hearing on 25/04/2024; the expulsion ordered that day, recorded on 02/05/2024 with no CQL yet."""
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 4, 25), reference="EM91-00010")
    with at(dt.date(2024, 5, 2), client, juriste):
        record_act(client, situation, ProcedureAct.JUDGMENT, "2024-04-25", decision="eviction_ordered")
    return situation


def test_without_a_cql_the_jex_task_is_due_the_day_the_decision_was_recorded(evicted):
    assert jex_task(evicted).due_on == dt.date(2024, 5, 2)


def test_a_cql_recorded_after_the_judgment_dates_the_task_by_the_end_of_its_delay(client, juriste, evicted):
    with at(dt.date(2024, 6, 10), client, juriste):
        record_act(client, evicted, ProcedureAct.JUDGMENT_SERVED, "2024-05-20")
        assert jex_task(evicted).due_on == dt.date(2024, 5, 2)  # no CQL yet: unchanged
        record_act(client, evicted, ProcedureAct.CQL_SERVED, "2024-06-05")
    assert jex_task(evicted).due_on == dt.date(2024, 8, 5)  # 05/06 + 2 months (CPCE L412-1, CPC 641)
    assert Task.objects.filter(situation=evicted, planned=False).count() == 1  # re-dated, not another task


def test_a_cql_corrected_or_deleted_re_dates_the_task(client, juriste, evicted):
    with at(dt.date(2024, 6, 10), client, juriste):
        record_act(client, evicted, ProcedureAct.JUDGMENT_SERVED, "2024-05-20")
        cql = record_act(client, evicted, ProcedureAct.CQL_SERVED, "2024-06-05")
        correct_act(client, evicted, cql, "2024-06-07")
        assert jex_task(evicted).due_on == dt.date(2024, 8, 7)
        response = client.post(f"/situations/{evicted.public_id}/evenements/{cql.pk}/supprimer/", **HTMX)
        assert response.status_code == 200
    assert not evicted.events.filter(act=ProcedureAct.CQL_SERVED).exists()
    assert jex_task(evicted).due_on == dt.date(2024, 5, 2)  # back to the day the decision was recorded


def test_a_cql_recorded_before_the_decision_dates_the_new_task_even_when_its_delay_has_run_out(
    db, team, juriste, client
):
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 4, 25), reference="EM91-00011")
    with at(dt.date(2024, 9, 2), client, juriste):
        record_act(client, situation, ProcedureAct.JUDGMENT, "2024-04-25")  # decision not known yet
        record_act(client, situation, ProcedureAct.CQL_SERVED, "2024-06-05")
        judgment = situation.events.get(act=ProcedureAct.JUDGMENT)
        data = {"edit-act": "judgment", "edit-occurred_on": "2024-04-25", "edit-decision": "eviction_ordered"}
        client.post(f"/situations/{situation.public_id}/evenements/{judgment.pk}/corriger/", data, **HTMX)
    assert jex_task(situation).due_on == dt.date(2024, 8, 5)  # past: the task is late, not hidden as "today"


def test_a_task_done_is_not_re_dated(client, juriste, evicted):
    task = jex_task(evicted)
    task.done_on = dt.date(2024, 5, 3)
    task.save()
    with at(dt.date(2024, 6, 10), client, juriste):
        record_act(client, evicted, ProcedureAct.CQL_SERVED, "2024-06-05")
    task.refresh_from_db()
    assert (task.due_on, task.done_on) == (dt.date(2024, 5, 2), dt.date(2024, 5, 3))
    assert Task.objects.filter(situation=evicted, planned=False).count() == 1
