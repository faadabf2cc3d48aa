"""The rights check on the three reference households of issue 12 §8, their RSA worked by hand from the model's
published scale (docs/support-calculations.md, « Droits : exemples »). Skipped where openfisca-france is not
installed."""

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("openfisca_france")

from prevex.support.budget import Budget, BudgetInputError, Household, Housing, Person, Resources
from prevex.support.plan import RSA_BASE
from prevex.support.rights import estimate_rights, tax_benefit_system

D = Decimal
MONTH = "2026-11"
TODAY = dt.date(2026, 12, 2)
EVRY = "91228"
SINGLE_NO_INCOME = Budget(household=Household(adults=(Person(40),)), housing=Housing(D(600), EVRY))
COUPLE_ONE_SMIC = Budget(
    household=Household(adults=(Person(38), Person(36)), children=(Person(8), Person(4))),
    resources=Resources(salaries=D("1443")),
    housing=Housing(D(900), EVRY, benefit_paid_to_landlord=D(555)),
)
AAH_RECIPIENT = Budget(
    household=Household(adults=(Person(45, disability_rate=80),)),
    resources=Resources(aah=D("1041.59")),
    housing=Housing(D(550), EVRY),
)


def rsa_parameters():
    rsa = tax_benefit_system().parameters.prestations_sociales.solidarite_insertion.minima_sociaux.rsa
    return D(str(rsa.rsa_m.montant_de_base_du_rsa(MONTH)))


def by_key(estimate) -> dict:
    return {b.key: b for b in estimate.benefits}


def test_the_model_year_scale_is_the_plans_floor():
    assert rsa_parameters() == RSA_BASE == D("651.69")


def test_a_single_person_with_no_income():
    benefits = by_key(estimate_rights(SINGLE_NO_INCOME, MONTH, TODAY))
    # 651,69 − forfait logement 12 % × 651,69 (78,20) = 573,49
    assert benefits["rsa"].estimated == D("573.49")
    assert benefits["rsa"].gap == D("573.49")
    assert benefits["rsa"].action == "ouverture_droits_rsa"
    assert benefits["housing_benefit"].action == "ouverture_droits_apl"
    assert benefits["prime_activite"].estimated == benefits["aah"].estimated == D(0)
    assert benefits["family_benefits"].action is None


def test_a_couple_with_two_children_and_one_minimum_wage():
    benefits = by_key(estimate_rights(COUPLE_ONE_SMIC, MONTH, TODAY))
    # 651,69 × 2,1 = 1 368,55, − forfait logement 16,5 % × 1,8 × 651,69 (193,55) = 1 175,00, below the resources
    # counted (1 443 of salary + the family benefits): no RSA.
    assert benefits["rsa"].estimated == D(0)
    assert benefits["prime_activite"].estimated > D(0)
    assert benefits["prime_activite"].action == "ouverture_droits_prime_activite"
    # The APL paid to the landlord (tiers payant) counts as received: no gap, no action.
    housing = benefits["housing_benefit"]
    assert (housing.estimated, housing.received, housing.gap, housing.action) == (D(555), D(555), D(0), None)
    # Allocations familiales for 2 children: 32 % of the BMAF (478,16 € in 2026) = 153,01 €, not received.
    bmaf = tax_benefit_system().parameters.prestations_sociales.prestations_familiales.bmaf.bmaf(MONTH)
    assert D(str(bmaf)) == D("478.16")
    family = benefits["family_benefits"]
    assert (family.estimated, family.gap) == (D("153.01"), D("153.01"))
    assert family.action == "ouverture_droits_prestations_familiales"


def test_a_person_with_aah():
    estimate = estimate_rights(AAH_RECIPIENT, MONTH, TODAY)
    benefits = by_key(estimate)
    # RSA: 651,69 − 78,20 = 573,49 < 1 041,59 of AAH counted as a resource: none.
    assert benefits["rsa"].estimated == D(0)
    assert benefits["aah"].estimated == D("1041.59")
    assert benefits["aah"].gap == D(0) and benefits["aah"].action is None
    assert "pas d'écart notable" in benefits["aah"].explanation
    assert estimate.notice.startswith("Estimation indicative calculée le 02/12/2026 pour le mois 2026-11")
    assert f"openfisca-france {estimate.model_version}" in estimate.notice


def test_more_received_than_estimated_asks_for_a_check():
    budget = Budget(household=AAH_RECIPIENT.household, resources=Resources(aah=D(1200)), housing=AAH_RECIPIENT.housing)
    aah = by_key(estimate_rights(budget, MONTH, TODAY))["aah"]
    assert aah.gap == D("-158.41") and aah.action is None
    assert "un indu est possible" in aah.explanation


def test_the_model_is_loaded_once_per_process():
    assert tax_benefit_system() is tax_benefit_system()


def test_the_rent_and_commune_are_needed():
    with pytest.raises(BudgetInputError, match="« housing » manque"):
        estimate_rights(Budget(household=SINGLE_NO_INCOME.household), MONTH, TODAY)
