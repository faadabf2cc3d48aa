"""The actions of a situation through their pages and services: proposed, moved forward with dates, referred,
journaled without their texts, counted by the bilan as they stood on its date, proposed from the rights check."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prevex.audit.models import AuditEntry
from prevex.reports.bilan import compute_bilan
from prevex.reports.tests.helpers import make_scope
from prevex.situations.tests.factories import SituationFactory
from prevex.support.actions.models import Action, Source, Status
from prevex.support.actions.services import (
    action_change_status,
    action_propose,
    kinds_by_code,
    propose_from_rights,
    referral_update,
)
from prevex.support.rights import BenefitEstimate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.datetime(2024, 6, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def situation(team):
    return SituationFactory(team=team)


def kind(team, code="recours_dalo"):
    return kinds_by_code(team, [code])[code]


def propose(situation, user, code="recours_dalo", on=dt.date(2024, 4, 1), **fields):
    return action_propose(situation, user, kind=kind(situation.team, code), proposed_on=on, **fields)


def test_a_social_worker_adds_an_action_from_the_situation_page(client, situation, social_worker, tout_azimut):
    client.force_login(social_worker)
    url = reverse("actions:situation", args=[situation.public_id])
    data = {"kind": kind(situation.team).pk, "proposed_on": "2024-06-01", "note": "Mme D. très inquiète"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert "Préconisation ajoutée : Recours DALO." in response.content.decode()
    action = Action.objects.get()
    assert (action.status, action.proposed_on, action.organisation, action.created_by) == (
        Status.TO_DO,
        dt.date(2024, 6, 1),
        tout_azimut,
        social_worker,
    )
    entry = AuditEntry.objects.get(target_type="actions.action")
    assert entry.details == {
        "situation": str(situation.public_id),
        "kind": "recours_dalo",
        "status": "a_faire",
        "proposed_on": "2024-06-01",
        "source": "app",
    }
    assert "inquiète" not in str(entry.full_details())


def test_the_situation_page_loads_the_section(client, situation, juriste):
    propose(situation, juriste, note="à voir")
    client.force_login(juriste)
    page = client.get(situation.get_absolute_url()).content.decode()
    assert 'hx-get="' + reverse("actions:situation", args=[situation.public_id]) in page
    fragment = client.get(reverse("actions:situation", args=[situation.public_id]), **HTMX).content.decode()
    assert "Recours DALO" in fragment and "<html" not in fragment and "Changer le statut" in fragment


def test_a_future_date_is_refused_with_a_french_message(client, situation, social_worker):
    client.force_login(social_worker)
    url = reverse("actions:situation", args=[situation.public_id])
    response = client.post(url, {"kind": kind(situation.team).pk, "proposed_on": "2024-07-01"}, **HTMX)
    assert "Proposée le : la date ne peut pas être dans le futur." in response.content.decode()
    assert not Action.objects.exists()


def test_filed_then_granted_each_dated(client, situation, social_worker):
    action = propose(situation, social_worker)
    client.force_login(social_worker)
    url = reverse("actions:update", args=[situation.public_id, action.pk])
    prefix = f"status-{action.pk}"
    client.post(url, {"status": "1", f"{prefix}-status": "deposee", f"{prefix}-on": "2024-04-10"}, **HTMX)
    client.post(url, {"status": "1", f"{prefix}-status": "accordee", f"{prefix}-on": "2024-05-02"}, **HTMX)
    action.refresh_from_db()
    assert (action.status, action.filed_on, action.decided_on) == (
        Status.GRANTED,
        dt.date(2024, 4, 10),
        dt.date(2024, 5, 2),
    )
    changes = AuditEntry.objects.filter(target_type="actions.action", action="update").order_by("pk")
    assert [(e.details["status"], e.details["on"]) for e in changes] == [
        ("deposee", "2024-04-10"),
        ("accordee", "2024-05-02"),
    ]


def test_decided_directly_without_a_file(situation, juriste):
    action = action_change_status(propose(situation, juriste), juriste, status=Status.REFUSED, on=dt.date(2024, 4, 2))
    assert (action.status, action.filed_on, action.decided_on) == (Status.REFUSED, None, dt.date(2024, 4, 2))


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        (
            (Status.GRANTED, dt.date(2024, 5, 1)),
            (Status.FILED, dt.date(2024, 5, 2)),
            "ne peut pas passer à « Déposée »",
        ),
        ((Status.ABANDONED, dt.date(2024, 5, 1)), (Status.GRANTED, dt.date(2024, 5, 2)), "« Abandonnée » ne peut pas"),
        ((Status.FILED, dt.date(2024, 5, 1)), (Status.FILED, dt.date(2024, 5, 2)), "« Déposée » ne peut pas"),
        (
            (Status.FILED, dt.date(2024, 5, 1)),
            (Status.GRANTED, dt.date(2024, 4, 30)),
            "ne peut pas précéder le 01/05/2024",
        ),
        ((Status.FILED, dt.date(2024, 5, 1)), (Status.GRANTED, dt.date(2024, 6, 21)), "dans le futur"),
    ],
)
def test_the_transitions_that_are_refused(situation, juriste, first, then, message):
    action = action_change_status(propose(situation, juriste), juriste, status=first[0], on=first[1])
    with pytest.raises(ValidationError, match=message):
        action_change_status(action, juriste, status=then[0], on=then[1])
    action.refresh_from_db()
    assert action.status == first[0]


def test_a_referral_is_followed_until_answered(client, situation, social_worker):
    action = propose(situation, social_worker, "orientation_mds")
    assert action.partner == "mds"
    client.force_login(social_worker)
    url = reverse("actions:update", args=[situation.public_id, action.pk])
    prefix = f"referral-{action.pk}"
    base = {"referral": "1", f"{prefix}-partner": "mds", f"{prefix}-partner_name": "MDS de Massy"}
    early = client.post(url, {**base, f"{prefix}-answered_on": "2024-04-20", f"{prefix}-answer": "acceptee"}, **HTMX)
    assert "Réponse le : la réponse suit l&#x27;envoi" in early.content.decode()
    client.post(
        url,
        {
            **base,
            f"{prefix}-sent_on": "2024-04-05",
            f"{prefix}-answered_on": "2024-04-20",
            f"{prefix}-answer": "acceptee",
        },
        **HTMX,
    )
    action.refresh_from_db()
    assert (action.partner_name, action.sent_on, action.answered_on, action.answer) == (
        "MDS de Massy",
        dt.date(2024, 4, 5),
        dt.date(2024, 4, 20),
        "acceptee",
    )
    entry = AuditEntry.objects.filter(target_type="actions.action").latest("pk")
    assert entry.details["answer"] == "acceptee" and "Massy" not in str(entry.full_details())


def test_an_answer_needs_its_date(situation, juriste):
    action = propose(situation, juriste, "saisine_fsl")
    with pytest.raises(ValidationError, match="à la fois la date et la réponse"):
        referral_update(action, juriste, partner="fsl", sent_on=dt.date(2024, 4, 2), answer="refusee")


def test_another_team_and_an_anonymised_situation_are_refused(situation, juriste, other_team_member):
    with pytest.raises(PermissionDenied):
        propose(situation, other_team_member)
    with pytest.raises(ValidationError):  # a kind of another team's catalogue
        action_propose(situation, juriste, kind=kind(other_team_member.membership.team))
    SituationFactory._meta.model.objects.filter(pk=situation.pk).update(anonymised_on=dt.date(2024, 6, 1))
    with pytest.raises(Exception, match="anonymis"):
        propose(situation, juriste)


def test_the_bilan_counts_the_actions_as_they_stood_on_its_date(team, juriste):
    first, second = SituationFactory(team=team), SituationFactory(team=team)
    dalo = propose(first, juriste, on=dt.date(2024, 3, 10))
    action_change_status(dalo, juriste, status=Status.FILED, on=dt.date(2024, 4, 1))
    action_change_status(dalo, juriste, status=Status.GRANTED, on=dt.date(2024, 5, 15))
    mds = propose(first, juriste, "orientation_mds", on=dt.date(2024, 3, 10))
    action_change_status(mds, juriste, status=Status.ABANDONED, on=dt.date(2024, 4, 20))
    propose(second, juriste, on=dt.date(2024, 6, 1))

    def actions(as_of):
        figures = compute_bilan(make_scope(team, as_of=as_of))["actions"]
        kinds = {code: {k: v for k, v in f.items() if v} for code, f in figures["by_kind"].items() if f["total"]}
        return figures["total"], figures["situations"], {k: v for k, v in figures["by_status"].items() if v}, kinds

    assert actions(dt.date(2024, 3, 31)) == (
        2,
        1,
        {"a_faire": 2},
        {"recours_dalo": {"total": 1, "a_faire": 1}, "orientation_mds": {"total": 1, "a_faire": 1}},
    )
    assert actions(dt.date(2024, 4, 30)) == (
        2,
        1,
        {"deposee": 1, "abandonnee": 1},
        {"recours_dalo": {"total": 1, "deposee": 1}, "orientation_mds": {"total": 1, "abandonnee": 1}},
    )
    assert actions(dt.date(2024, 6, 20)) == (
        3,
        2,
        {"a_faire": 1, "accordee": 1, "abandonnee": 1},
        {"recours_dalo": {"total": 2, "a_faire": 1, "accordee": 1}, "orientation_mds": {"total": 1, "abandonnee": 1}},
    )


def test_the_bilan_page_shows_the_section(client, team, coordinator, juriste):
    propose(SituationFactory(team=team), juriste, on=dt.date(2024, 3, 10))
    client.force_login(coordinator)
    query = {"start": "2024-01-01", "end": "2024-06-20", "as_of": "2024-06-20"}
    response = client.get(reverse("reports:bilan"), query)
    rows = {row.key: row.count for row in response.context["table"].rows()}
    assert rows["actions.total"] == 1 and rows["actions.by_kind.recours_dalo.a_faire"] == 1
    assert "Préconisations par type et statut" in response.content.decode()


def gap(code, amount="120"):
    value = Decimal(amount)
    return BenefitEstimate("rsa", "RSA", value, Decimal(0), value, code, "Ouverture des droits RSA", "")


def test_the_rights_gaps_become_actions_once(situation, social_worker, tout_azimut):
    gaps = [
        gap("ouverture_droits_rsa"),
        gap("ouverture_droits_apl"),
        BenefitEstimate("aah", "AAH", 0, 0, 0, None, None, ""),
    ]
    proposed = propose_from_rights(situation, gaps, social_worker)
    assert [(a.kind.code, a.status, a.source, a.organisation) for a in proposed] == [
        ("ouverture_droits_rsa", Status.TO_DO, Source.RIGHTS, tout_azimut),
        ("ouverture_droits_apl", Status.TO_DO, Source.RIGHTS, tout_azimut),
    ]
    assert propose_from_rights(situation, gaps, social_worker) == []  # no duplicate of an open action
    action_change_status(proposed[0], social_worker, status=Status.FILED, on=dt.date(2024, 6, 20))
    assert propose_from_rights(situation, ["ouverture_droits_rsa"], social_worker) == []  # filed: still open
    action_change_status(proposed[0], social_worker, status=Status.REFUSED, on=dt.date(2024, 6, 20))
    again = propose_from_rights(situation, ["ouverture_droits_rsa"], social_worker)
    assert [a.kind.code for a in again] == ["ouverture_droits_rsa"]  # refused: a new request may be made
    assert Action.objects.filter(situation=situation).count() == 3


def test_an_unknown_rights_code_is_refused(situation, social_worker):
    with pytest.raises(ValidationError, match="inconnue du catalogue : droit_imaginaire"):
        propose_from_rights(situation, ["droit_imaginaire"], social_worker)
    assert not Action.objects.exists()


def test_the_rights_page_button_adds_the_gaps_as_actions(client, situation, social_worker):
    client.force_login(social_worker)
    url = reverse("actions:propose_rights", args=[situation.public_id])
    codes = {"code": ["ouverture_droits_rsa", "ouverture_droits_apl"]}
    response = client.post(url, codes, follow=True)
    assert "Préconisations ajoutées" in response.content.decode()
    assert sorted(Action.objects.filter(situation=situation).values_list("kind__code", "source")) == [
        ("ouverture_droits_apl", Source.RIGHTS),
        ("ouverture_droits_rsa", Source.RIGHTS),
    ]
    again = client.post(url, codes, follow=True).content.decode()
    assert "déjà préconisées" in again and Action.objects.filter(situation=situation).count() == 2
    assert "inconnue du catalogue" in client.post(url, {"code": "droit_imaginaire"}, follow=True).content.decode()
    assert client.get(url).status_code == 405
