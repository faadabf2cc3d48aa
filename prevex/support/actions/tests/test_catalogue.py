"""The catalogue: shipped with every code Prevex knew (the former préconisations, the rights check's), installed
for each new team and by the data migration for the existing ones, edited by the team's coordinator."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from prevex.audit.models import AuditEntry
from prevex.organisations.services import team_setup
from prevex.organisations.tests.factories import TeamFactory
from prevex.reports.tests.sheet_figures import ACTION_CODES
from prevex.situations.enums import EventKind, Recommendation
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.support.actions.catalogue import DEFAULT_CODES, DEFAULT_KINDS, PartnerKind
from prevex.support.actions.models import Action, ActionKind
from prevex.support.actions.services import catalogue_install_default, kinds_of
from prevex.support.rights import BENEFITS
from prevex.territories.services import communes_load

pytestmark = pytest.mark.django_db
migration = importlib.import_module("prevex.support.actions.migrations.0002_catalogue_and_former_recommendations")


def test_the_shipped_catalogue_loses_no_code_prevex_knew():
    assert set(Recommendation.values) <= set(DEFAULT_CODES)
    assert {benefit.action for benefit in BENEFITS} <= set(DEFAULT_CODES)
    assert len(DEFAULT_CODES) == len(set(DEFAULT_CODES))
    assert list(DEFAULT_CODES) == ACTION_CODES  # the bilan's independent reader lists the same kinds


def test_the_referrals_name_their_partner():
    referrals = {spec.code: spec.partner_kind for spec in DEFAULT_KINDS if spec.is_referral}
    assert referrals["orientation_mds"] == PartnerKind.MDS
    assert referrals["orientation_ccas"] == PartnerKind.CCAS
    assert referrals["saisine_fsl"] == PartnerKind.FSL
    assert referrals["dossier_surendettement"] == PartnerKind.BANQUE_DE_FRANCE


def test_a_new_team_gets_the_catalogue():
    communes_load(departement="91")
    team, created = team_setup(slug="nouvelle", name="Nouvelle équipe", departement="91")
    assert created
    assert list(ActionKind.objects.filter(team=team).values_list("code", flat=True)) == list(DEFAULT_CODES)
    team_setup(slug="nouvelle", name="Nouvelle équipe", departement="91")  # again: nothing twice
    assert ActionKind.objects.filter(team=team).count() == len(DEFAULT_CODES)


def test_installing_again_keeps_the_teams_changes(team):
    catalogue_install_default(team)
    ActionKind.objects.filter(team=team, code="relogement").update(label="Relogement (bailleur social)", active=False)
    ActionKind.objects.filter(team=team, code="saisine_jex").delete()
    assert catalogue_install_default(team) == 1
    relogement = ActionKind.objects.get(team=team, code="relogement")
    assert (relogement.label, relogement.active) == ("Relogement (bailleur social)", False)


def test_the_migration_gives_existing_teams_the_catalogue_and_moves_the_former_preconisations(team):
    other = TeamFactory(slug="autre")
    adhered = SituationFactory(team=team, recommendations=["saisine_fsl", "plan_apurement", "saisine_fsl"])
    EventFactory(situation=adhered, kind=EventKind.ADHESION, occurred_on=dt.date(2024, 3, 20))
    not_adhered = SituationFactory(team=team, received_on=dt.date(2024, 3, 4), recommendations=["orientation_mds"])
    SituationFactory(team=other, recommendations=["code_maison"])
    SituationFactory(team=team)  # none

    migration.forwards(apps, None)

    assert ActionKind.objects.filter(team=other).count() == len(DEFAULT_CODES) + 1  # its own code kept as a kind
    actions = Action.objects.order_by("situation_id", "id")
    assert [(a.situation_id, a.kind.code, a.status, a.proposed_on, a.partner) for a in actions] == [
        (adhered.pk, "saisine_fsl", "a_faire", dt.date(2024, 3, 20), "fsl"),
        (adhered.pk, "plan_apurement", "a_faire", dt.date(2024, 3, 20), ""),
        (not_adhered.pk, "orientation_mds", "a_faire", dt.date(2024, 3, 4), "mds"),
        (Action.objects.get(kind__code="code_maison").situation_id, "code_maison", "a_faire", dt.date(2024, 3, 1), ""),
    ]


def test_the_coordinator_renames_reorders_and_switches_off(client, team, coordinator):
    kinds = list(kinds_of(team))
    data = {"form-TOTAL_FORMS": len(kinds), "form-INITIAL_FORMS": len(kinds), "save": "1"}
    for index, kind in enumerate(kinds):
        data |= {
            f"form-{index}-id": kind.pk,
            f"form-{index}-label": kind.label,
            f"form-{index}-position": kind.position,
        }
        data[f"form-{index}-active"] = "on"
    data["form-0-label"] = "APL : ouverture ou rappel"
    data["form-0-position"] = 999
    del data["form-1-active"]
    client.force_login(coordinator)
    response = client.post(reverse("actions:catalogue"), data)
    assert response.status_code == 302
    first, second = kinds[0], kinds[1]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.label, first.position, second.active) == ("APL : ouverture ou rappel", 999, False)
    assert list(kinds_of(team))[-1] == first
    entry = AuditEntry.objects.get(target_type="organisations.team")
    assert entry.details == {"action_kinds": sorted([first.code, second.code])}


def test_a_switched_off_kind_is_no_longer_proposed(client, team, coordinator, social_worker):
    kinds_of(team).filter(code="relogement").update(active=False)
    situation = SituationFactory(team=team)
    client.force_login(social_worker)
    page = client.get(reverse("actions:situation", args=[situation.public_id])).content.decode()
    assert "Recours DALO" in page and ">Relogement<" not in page


def test_the_coordinator_adds_a_team_code_and_a_duplicate_is_refused(client, team, coordinator):
    client.force_login(coordinator)
    new = {"add-code": "aide_mutuelle", "add-label": "Aide à la mutuelle", "add-category": "rights", "add": "1"}
    assert client.post(reverse("actions:catalogue"), new).status_code == 302
    kind = ActionKind.objects.get(team=team, code="aide_mutuelle")
    assert (kind.label, kind.is_referral, kind.position > 200) == ("Aide à la mutuelle", False, True)
    again = client.post(reverse("actions:catalogue"), {**new, "add-label": "Autre"})
    assert "Code : ce code est déjà au catalogue de l&#x27;équipe." in again.content.decode()
    bad = client.post(reverse("actions:catalogue"), {**new, "add-code": "Aide mutuelle !"})
    assert bad.status_code == 200 and ActionKind.objects.filter(team=team).count() == len(DEFAULT_CODES) + 1


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder"])
def test_only_the_coordinator_edits_the_catalogue(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("actions:catalogue")).status_code == 403
