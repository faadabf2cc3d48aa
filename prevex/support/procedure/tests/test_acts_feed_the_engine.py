"""The acts a juriste records on the situation page are events of the timeline; the engine reads them, with the
situation's assignation and hearings, into the deadlines the page shows."""

import datetime as dt

import pytest
import time_machine

from prevex.audit.models import AuditEntry
from prevex.outreach.models import Task
from prevex.situations.enums import EventKind, ProcedureAct
from prevex.situations.tests.factories import SituationFactory
from prevex.support.procedure.acts import acts_of, next_legal_deadline, situation_deadlines

HTMX = {"HTTP_HX_REQUEST": "true"}


def record_act(client, situation, act, occurred_on):
    kind = EventKind.PROCEDURE_ACT
    data = {f"{kind}-act": act, f"{kind}-occurred_on": occurred_on}
    return client.post(f"/situations/{situation.public_id}/evenements/{kind}/", data, **HTMX)


@pytest.fixture
def as_juriste(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


def test_an_act_recorded_on_the_page_feeds_the_deadlines_it_shows(as_juriste, situation):
    response = record_act(as_juriste, situation, ProcedureAct.CDP_SERVED, "2024-01-10")
    assert response.status_code == 200
    event = situation.events.get()
    assert (event.kind, event.act, event.occurred_on) == (EventKind.PROCEDURE_ACT, "cdp_served", dt.date(2024, 1, 10))

    body = as_juriste.get(situation.get_absolute_url()).content.decode()
    assert "Commandement de payer" in body
    # 10/01/2024 + 6 weeks (lease date unknown: the shortest delay) = 21/02/2024, shown with its article.
    assert "21/02/2024" in body
    assert "Loi n° 89-462 du 6 juillet 1989, art. 24 I ; CPC art. 641" in body
    # The DSF is due the 5th working day before Tuesday 14/05/2024 (8 and 9 May are public holidays): 03/05/2024.
    assert 'id="next-legal-deadline"' in body
    assert "03/05/2024" in body.split('id="next-legal-deadline"')[1].split("</p>")[0]


def test_the_next_deadline_follows_the_day_and_the_acts(as_juriste, situation):
    today = dt.date(2024, 5, 2)
    assert next_legal_deadline(situation, [], today).id == "dsf_due"
    assert next_legal_deadline(situation, [], dt.date(2024, 5, 4)) is None

    record_act(as_juriste, situation, ProcedureAct.DSF_SENT, "2024-04-30")
    assert next_legal_deadline(situation, list(situation.events.all()), today) is None  # the DSF sent: done


def test_a_lease_signed_years_before_the_assignation_is_accepted_not_a_later_act(as_juriste, situation):
    assert record_act(as_juriste, situation, ProcedureAct.LEASE_SIGNED, "2015-09-01").status_code == 200
    body = record_act(as_juriste, situation, ProcedureAct.PREFET_NOTIFIED, "2024-02-01").content.decode()
    assert "La date 01/02/2024 précède l&#x27;assignation (15/02/2024)" in body
    assert list(situation.events.values_list("act", flat=True)) == ["lease_signed"]


def test_a_judgment_before_the_hearing_is_refused_in_french(as_juriste, situation):
    body = record_act(as_juriste, situation, ProcedureAct.JUDGMENT, "2024-04-30").content.decode()
    assert "Un jugement ne peut pas précéder l&#x27;audience (14/05/2024)." in body
    assert not situation.events.exists()


def test_a_service_of_the_judgment_needs_a_judgment_first(db, team, juriste, client):
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 3, 14))
    client.force_login(juriste)
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False):
        body = record_act(client, situation, ProcedureAct.JUDGMENT_SERVED, "2024-04-30").content.decode()
        assert "Aucun jugement n&#x27;est enregistré" in body
        assert record_act(client, situation, ProcedureAct.JUDGMENT, "2024-04-02").status_code == 200
        assert record_act(client, situation, ProcedureAct.JUDGMENT_SERVED, "2024-04-15").status_code == 200
    deadlines, errors = situation_deadlines(situation, list(situation.events.all()))
    assert errors == []
    appeal = next(deadline for deadline in deadlines if deadline.id == "appeal_end")
    assert appeal.date == dt.date(2024, 5, 15)  # signified 15/04 + 1 month, a Wednesday


def test_only_the_juriste_records_procedure_acts(client, social_worker, situation, frozen_today):
    client.force_login(social_worker)
    assert 'name="procedure_act-act"' not in client.get(situation.get_absolute_url()).content.decode()
    assert record_act(client, situation, ProcedureAct.CDP_SERVED, "2024-01-10").status_code == 403
    assert not situation.events.exists()


def test_after_a_renvoi_the_first_hearing_and_the_postponed_one_are_both_read(db, team):
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 6, 20), earlier_hearing_dates=["2024-03-14"])
    acts = acts_of(situation, [])
    assert (acts.assignation_served_on, acts.hearing_on, acts.postponed_hearing_on) == (
        dt.date(2024, 2, 15),
        dt.date(2024, 3, 14),
        dt.date(2024, 6, 20),
    )


def test_aujourd_hui_shows_each_hearing_s_next_legal_deadline(as_juriste, situation, team, coordinator):
    SituationFactory(team=team, hearing_date=dt.date(2024, 5, 31), reference="EM91-00002")
    record_act(as_juriste, situation, ProcedureAct.DSF_SENT, "2024-04-30")
    as_juriste.force_login(coordinator)  # who sees the team's whole caseload
    body = as_juriste.get("/").content.decode()
    rows = {ref: body.split(ref)[1].split("</tr>")[0] for ref in ("EM91-00001", "EM91-00002")}
    assert "Envoi du diagnostic social et financier" not in rows["EM91-00001"]  # sent: done
    # Hearing on Friday 31/05/2024: a new interview offer 15 working days before (8, 9 and 20 May are holidays).
    assert "07/05/2024 – Relance de la proposition d&#x27;entretien (DSF)" in rows["EM91-00002"]


def record_hearing(client, situation, **fields):
    kind = EventKind.HEARING
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(f"/situations/{situation.public_id}/evenements/{kind}/", data, **HTMX)


@pytest.fixture
def heard(team):
    """First hearing on 25/04/2024, a week before the suite's today."""
    return SituationFactory(team=team, hearing_date=dt.date(2024, 4, 25), reference="EM91-00009")


def test_a_hearing_postponed_moves_the_hearing_and_keeps_the_earlier_one_with_its_attendance(as_juriste, heard):
    response = record_hearing(
        as_juriste,
        heard,
        hearing_on="2024-04-25",
        hearing_presence="with_juriste",
        social_worker_present="on",
        hearing_outcome="postponed",
        postponed_to="2024-06-20",
    )
    assert response.status_code == 200
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (dt.date(2024, 6, 20), ["2024-04-25"])
    hearing = heard.events.get(kind=EventKind.HEARING)
    assert (hearing.hearing_on, hearing.hearing_presence, hearing.social_worker_present) == (
        dt.date(2024, 4, 25),
        "with_juriste",
        True,
    )
    assert heard.events.filter(note="Audience reportée du 25/04/2024 au 20/06/2024.").exists()
    assert heard.hearing_with_juriste  # the bilan's figure reads the presence as before
    # The engine: the préfet's notice counted from the first hearing, the DSF from the postponed one.
    deadlines = {d.id: d.date for d in situation_deadlines(heard, [])[0]}
    assert deadlines["prefet_notice_latest"] == dt.date(2024, 3, 14)
    assert deadlines["dsf_due"] == dt.date(2024, 6, 13)


def test_a_renvoi_needs_a_later_date(as_juriste, heard):
    body = record_hearing(
        as_juriste, heard, hearing_on="2024-04-25", hearing_presence="alone", hearing_outcome="postponed"
    ).content.decode()
    assert "Indiquez la date de l&#x27;audience de renvoi." in body
    body = record_hearing(
        as_juriste,
        heard,
        hearing_on="2024-04-25",
        hearing_presence="alone",
        hearing_outcome="postponed",
        postponed_to="2024-04-20",
    ).content.decode()
    assert "L&#x27;audience de renvoi doit suivre l&#x27;audience renvoyée." in body
    heard.refresh_from_db()
    assert heard.hearing_date == dt.date(2024, 4, 25)
    assert not heard.events.exists()


def record_judgment(client, situation, **fields):
    kind = EventKind.PROCEDURE_ACT
    data = {f"{kind}-act": ProcedureAct.JUDGMENT, **{f"{kind}-{name}": value for name, value in fields.items()}}
    return client.post(f"/situations/{situation.public_id}/evenements/{kind}/", data, **HTMX)


def test_a_plan_granted_by_the_judgment_opens_the_fsl_file_task_once(as_juriste, heard):
    response = record_judgment(
        as_juriste,
        heard,
        occurred_on="2024-04-25",
        decision="delays_granted",
        decision_months="24",
        decision_instalment="120.50",
    )
    assert response.status_code == 200
    judgment = heard.events.get(act=ProcedureAct.JUDGMENT)
    assert (judgment.decision, judgment.decision_months, str(judgment.decision_instalment)) == (
        "delays_granted",
        24,
        "120.50",
    )
    task = Task.objects.get(situation=heard, planned=False)
    assert (task.step, task.due_on) == ("dossier_fsl", dt.date(2024, 5, 2))
    task.done_on = dt.date(2024, 5, 2)
    task.save()
    record_act(as_juriste, heard, ProcedureAct.JUDGMENT_SERVED, "2024-04-30")  # another write: not reopened
    assert Task.objects.filter(situation=heard, planned=False).count() == 1


def test_an_expulsion_ordered_opens_the_jex_task_due_by_the_end_of_the_cql_delay(as_juriste, heard):
    record_judgment(
        as_juriste, heard, occurred_on="2024-04-25", decision="eviction_ordered", occupation_indemnity="650"
    )
    assert Task.objects.get(situation=heard, planned=False).step == "saisir_jex"
    body = as_juriste.get(heard.get_absolute_url()).content.decode()
    assert "Résiliation du bail et expulsion ordonnée" in body


def test_a_decision_s_amounts_must_fit_the_decision(as_juriste, heard):
    body = record_judgment(
        as_juriste, heard, occurred_on="2024-04-25", decision="delays_granted", occupation_indemnity="650"
    ).content.decode()
    assert "Indiquez le nombre de mois de délais accordés." in body
    assert "L&#x27;indemnité d&#x27;occupation va avec une expulsion ordonnée." in body
    assert not heard.events.exists()


def test_anonymisation_blanks_the_decision_s_amounts(as_juriste, heard):
    from prevex.situations.services import situation_anonymise

    record_judgment(
        as_juriste, heard, occurred_on="2024-04-25", decision="eviction_ordered", occupation_indemnity="650"
    )
    entry = AuditEntry.objects.get(target_type="situations.event", action="create")
    assert "occupation_indemnity" not in entry.details  # set apart, with the personal values
    assert "occupation_indemnity" in entry.details["personal_fields"]
    situation_anonymise(heard)
    judgment = heard.events.get(act=ProcedureAct.JUDGMENT)
    assert (judgment.decision, judgment.occupation_indemnity) == ("eviction_ordered", None)
