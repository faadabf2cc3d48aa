"""Every input of the deadline engine can be recorded from the situation page: each act of ACT_INPUTS is offered
by the procedure form, and the inputs that are not acts (the JEX's delay in months, the CDP regime) are fields
of the act events, written through the writer."""

import datetime as dt
import re

import pytest

from prevex.situations.enums import JEX_DELAY_MONTHS, CdpRegime, EventKind, ProcedureAct
from prevex.situations.tests.factories import SituationFactory
from prevex.support.deadlines import CDP_REGIMES, JEX_MAX_MONTHS, JEX_MIN_MONTHS
from prevex.support.procedure.acts import ACT_INPUTS, situation_deadlines

HTMX = {"HTTP_HX_REQUEST": "true"}
ACT = EventKind.PROCEDURE_ACT


@pytest.fixture
def as_juriste(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


@pytest.fixture
def judged(team):
    """Hearing and judgment on 25/04/2024 (the suite's today: 02/05/2024)."""
    return SituationFactory(team=team, hearing_date=dt.date(2024, 4, 25), reference="EM91-00012")


def record_act(client, situation, act, occurred_on, **fields):
    data = {f"{ACT}-act": act, f"{ACT}-occurred_on": occurred_on, **{f"{ACT}-{k}": v for k, v in fields.items()}}
    return client.post(f"/situations/{situation.public_id}/evenements/{ACT}/", data, **HTMX).content.decode()


def deadlines_of(situation) -> dict:
    deadlines, errors = situation_deadlines(situation, list(situation.events.all()))
    assert errors == []
    return {deadline.id: deadline.date for deadline in deadlines}


def test_the_procedure_form_offers_every_act_the_engine_reads(as_juriste, judged):
    body = as_juriste.get(judged.get_absolute_url()).content.decode()
    select = re.search(rf'<select name="{ACT}-act".*?</select>', body, re.S)
    assert select, "the procedure form's act field"
    offered = set(re.findall(r'<option value="([a-z_]+)"', select.group(0)))
    assert {str(act) for act in ACT_INPUTS} <= offered
    assert f'name="{ACT}-decision_months"' in body


def test_the_form_and_the_engine_bound_the_jex_delay_alike():
    assert JEX_DELAY_MONTHS == (JEX_MIN_MONTHS, JEX_MAX_MONTHS) == (1, 12)


@pytest.mark.parametrize(("months", "until"), [("1", dt.date(2024, 5, 30)), ("12", dt.date(2025, 4, 30))])
def test_the_jex_delay_is_recorded_in_months_at_both_bounds(as_juriste, judged, months, until):
    record_act(as_juriste, judged, ProcedureAct.JUDGMENT, "2024-04-25", decision="eviction_ordered")
    record_act(as_juriste, judged, ProcedureAct.CQL_SERVED, "2024-04-26")
    record_act(as_juriste, judged, ProcedureAct.JEX_REQUESTED, "2024-04-29")
    body = record_act(as_juriste, judged, ProcedureAct.JEX_DECIDED, "2024-04-30", decision_months=months)
    assert "errorlist" not in body
    assert judged.events.get(act=ProcedureAct.JEX_DECIDED).decision_months == int(months)
    deadlines = deadlines_of(judged)
    assert deadlines["jex_delay_end"] == until  # 30/04/2024 + N months (CPC 641)
    # The CQL delay ends on 26/06/2024; a longer JEX delay pushes the earliest eviction to the day after it,
    # out of the trêve hivernale (1 April).
    expected = dt.date(2024, 6, 27) if months == "1" else dt.date(2025, 5, 1)
    assert deadlines["earliest_eviction"] == expected
    page = as_juriste.get(judged.get_absolute_url()).content.decode()
    assert f"{until:%d/%m/%Y}" in page
    assert f"délai de {months} mois" in page


@pytest.mark.parametrize("months", ["0", "13"])
def test_a_jex_delay_out_of_its_bounds_is_refused_naming_the_field(as_juriste, judged, months):
    record_act(as_juriste, judged, ProcedureAct.JUDGMENT, "2024-04-25", decision="eviction_ordered")
    body = record_act(as_juriste, judged, ProcedureAct.JEX_DECIDED, "2024-04-30", decision_months=months)
    assert "Délais accordés (mois) : le juge de l&#x27;exécution accorde un délai de 1 à 12 mois" in body
    assert not judged.events.filter(act=ProcedureAct.JEX_DECIDED).exists()


def test_a_jex_decision_without_months_is_a_refusal_and_the_latest_decision_counts(as_juriste, judged):
    record_act(as_juriste, judged, ProcedureAct.JUDGMENT, "2024-04-25", decision="eviction_ordered")
    record_act(as_juriste, judged, ProcedureAct.JEX_DECIDED, "2024-04-29", decision_months="3")
    assert deadlines_of(judged)["jex_delay_end"] == dt.date(2024, 7, 29)
    record_act(as_juriste, judged, ProcedureAct.JEX_DECIDED, "2024-04-30")  # the renewal refused
    assert "jex_delay_end" not in deadlines_of(judged)


def test_months_go_with_a_plan_or_a_jex_decision_only(as_juriste, judged):
    body = record_act(as_juriste, judged, ProcedureAct.CQL_SERVED, "2024-04-30", decision_months="3")
    assert "Des délais ne vont qu&#x27;avec une décision qui les accorde." in body


def test_the_engine_and_the_form_know_the_same_cdp_regimes():
    assert set(CdpRegime.values) == set(CDP_REGIMES)


@pytest.mark.parametrize(
    ("regime", "end", "reason"),
    [
        ("", dt.date(2024, 3, 15), "Bail conclu le 01/03/2020, avant le 29/07/2023 : il garde les 2 mois"),
        ("six_weeks", dt.date(2024, 2, 26), "Régime choisi par le juriste."),
        ("two_months", dt.date(2024, 3, 15), "Régime choisi par le juriste."),
    ],
)
def test_the_juriste_forces_the_cdp_regime_on_the_commandement(as_juriste, judged, regime, end, reason):
    """A lease running on 29/07/2023 and tacitly renewed since: 2 months unless the juriste forces 6 weeks (the
    ANIL's reading); the rule says which regime was used."""
    record_act(as_juriste, judged, ProcedureAct.LEASE_SIGNED, "2020-03-01")
    record_act(as_juriste, judged, ProcedureAct.LEASE_RENEWED, "2023-09-01")
    body = record_act(as_juriste, judged, ProcedureAct.CDP_SERVED, "2024-01-15", cdp_regime=regime)
    assert "errorlist" not in body
    assert judged.events.get(act=ProcedureAct.CDP_SERVED).cdp_regime == regime
    deadlines, errors = situation_deadlines(judged, list(judged.events.all()))
    cdp_end = next(deadline for deadline in deadlines if deadline.id == "cdp_end")
    assert (cdp_end.date, errors) == (end, [])
    assert reason in cdp_end.rule
    page = as_juriste.get(judged.get_absolute_url()).content.decode()
    assert f"{end:%d/%m/%Y}" in page


def test_the_regime_corrected_on_the_commandement_moves_the_deadline(as_juriste, judged):
    record_act(as_juriste, judged, ProcedureAct.CDP_SERVED, "2024-01-15")
    assert deadlines_of(judged)["cdp_end"] == dt.date(2024, 2, 26)  # lease unknown: the shorter delay
    cdp = judged.events.get(act=ProcedureAct.CDP_SERVED)
    data = {"edit-act": "cdp_served", "edit-occurred_on": "2024-01-15", "edit-cdp_regime": "two_months"}
    as_juriste.post(f"/situations/{judged.public_id}/evenements/{cdp.pk}/corriger/", data, **HTMX)
    assert deadlines_of(judged)["cdp_end"] == dt.date(2024, 3, 15)


def test_the_regime_goes_with_the_commandement_only(as_juriste, judged):
    body = record_act(as_juriste, judged, ProcedureAct.LEASE_SIGNED, "2020-03-01", cdp_regime="six_weeks")
    assert "Délai du commandement de payer : il ne s&#x27;enregistre qu&#x27;avec l&#x27;acte" in body
    assert not judged.events.exists()
