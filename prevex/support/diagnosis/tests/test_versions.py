"""A diagnosis is versioned: each record is a new row, the old ones never change; the diff between versions; the
budget it gives to the plan and the rights check; the journal without amounts; the anonymisation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prevex.audit.models import AuditEntry
from prevex.privacy.registry import personal_data
from prevex.support.budget import Budget, Charges, Household, Housing, Person, Resources
from prevex.support.diagnosis import privacy
from prevex.support.diagnosis.changes import Change, Fact, changes, facts
from prevex.support.diagnosis.models import Diagnosis
from prevex.support.diagnosis.services import diagnosis_record, history, repayment_plan
from prevex.support.diagnosis.tests.support import record, values

D = Decimal


def row(diagnosis) -> dict:
    return Diagnosis.objects.filter(pk=diagnosis.pk).values().get()


def test_a_new_version_never_changes_the_old_one(situation, social_worker, coordinator):
    first = record(situation, social_worker)
    before = row(first)
    second = record(situation, coordinator, rent_debt=D("3900.00"), resources={"salaries": "1500.00"})
    assert (first.number, second.number) == (1, 2)
    assert row(first) == before
    assert Diagnosis.objects.current(situation) == second
    assert Diagnosis.objects.filter(situation=situation).count() == 2


def test_a_form_filled_from_an_older_version_is_refused(situation, social_worker):
    record(situation, social_worker)
    record(situation, social_worker, rent_debt=D("1"))
    with pytest.raises(ValidationError, match="n° 2"):
        record(situation, social_worker, based_on=1, rent_debt=D("2"))
    assert Diagnosis.objects.count() == 2


def test_the_diff_names_each_field_with_before_and_after(situation, social_worker):
    record(situation, social_worker)
    record(
        situation,
        social_worker,
        persons=[*values()["persons"], {"adult": False, "age": 0, "disability_rate": None}],
        resources={"salaries": "1500.00", "prime_activite": "595.78", "family_benefits": "153.01"},
        current_rent_resumed=False,
        dls_number="",
        dls_filed=False,
    )
    latest, first = history(situation)
    assert first.changes == []
    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        ("Enfant 3", "–", "0 ans"),
        ("Salaires et revenus d'activité", "1\xa0443,00\xa0€", "1\xa0500,00\xa0€"),
        ("Loyer courant repris", "oui", "non"),
        ("Demande de logement social déposée", "oui", "non"),
        ("Numéro unique de la demande", "091102400012345", "–"),
    ]


def test_changes_is_pure_and_sees_what_is_gone():
    before = {"adult_2": Fact("Adulte 2", "31 ans"), "rent": Fact("Loyer", "700,00 €")}
    after = {"rent": Fact("Loyer", "700,00 €")}
    assert changes(before, after) == [Change("adult_2", "Adulte 2", "31 ans", "–")]
    assert changes(after, after) == []


def test_the_budget_of_a_diagnosis(situation, social_worker):
    """The benefit paid to the landlord is neither a resource nor part of the rent paid; the rights check gets it
    apart, with the rent before charges and the commune of the situation."""
    diagnosis = record(situation, social_worker, charges={"energy": "90.00"})
    assert diagnosis.budget() == Budget(
        household=Household(adults=(Person(34), Person(31)), children=(Person(8), Person(4))),
        resources=Resources(salaries=D("1443.00"), prime_activite=D("595.78"), family_benefits=D("153.01")),
        charges=Charges(rent=D("720.00"), energy=D("90.00")),
        rent_debt=D("4800.00"),
        current_rent_resumed=True,
        housing=Housing(rent=D("755.00"), commune_code="91228", benefit_paid_to_landlord=D("155.00")),
    )


def test_a_benefit_paid_to_the_household_is_a_resource(situation, social_worker):
    diagnosis = record(situation, social_worker, housing_benefit_to_landlord=False)
    budget = diagnosis.budget()
    assert budget.resources.housing_benefit == D("155.00")
    assert budget.charges.rent == D("875.00")
    assert budget.housing.benefit_paid_to_landlord == D("0.00")


def test_the_plan_runs_on_the_diagnosis(situation, social_worker):
    """Example E of docs/support-calculations.md, from a diagnosis: a capacity of 103,24 €."""
    plan = repayment_plan(record(situation, social_worker))
    assert plan.figure("capacity").amount == D("103.24")
    assert plan.figure("reste_a_vivre").amount == D("1471.79")


def test_the_journal_keeps_which_facts_changed_never_an_amount(situation, social_worker):
    record(situation, social_worker)
    record(situation, social_worker, rent_debt=D("4321.99"))
    entry = AuditEntry.objects.filter(target_type="diagnosis.diagnosis").latest("pk")
    assert entry.details == {"situation": str(situation.public_id), "number": 2, "changed": ["rent_debt"]}
    assert "4321" not in str(entry.full_details())


def test_bad_lists_are_refused_in_french_and_nothing_is_written(situation, social_worker):
    with pytest.raises(ValidationError) as refused:
        record(
            situation,
            social_worker,
            persons=[{"adult": False, "age": 30, "disability_rate": None}],
            resources={"salaries": "12.345", "lottery": "1.00"},
        )
    assert refused.value.messages == [
        "Personne 1 : l'âge doit aller de 0 à 24 ans.",
        "Composition du ménage : une ou deux personnes adultes (0 saisies).",
        "salaires et revenus d'activité : montant invalide (« 12.345 »).",
        "Type de montant inconnu : « lottery ».",
    ]
    assert not Diagnosis.objects.exists() and not AuditEntry.objects.filter(target_type="diagnosis.diagnosis").exists()


def test_nobody_of_another_team_records_one(situation, other_team_member):
    with pytest.raises(PermissionDenied):
        record(situation, other_team_member)


def test_an_anonymised_situation_gets_no_new_version(situation, social_worker):
    from prevex.situations.models import Situation

    Situation.objects.filter(pk=situation.pk).update(anonymised_on=dt.date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        diagnosis_record(situation, social_worker, based_on=0, **values())


def test_anonymisation_deletes_every_version_and_the_export_lists_them(situation, social_worker):
    record(situation, social_worker)
    record(situation, social_worker, other_debts=D("300"), other_debts_note="Crédit Cofidis")
    exported = personal_data(situation)["social_diagnosis"]
    assert [version["version"] for version in exported] == [1, 2]
    assert exported[1]["facts"]["Autres dettes : lesquelles"] == "Crédit Cofidis"
    privacy.anonymise(situation)
    assert not Diagnosis.objects.exists()


def test_facts_list_every_kind_of_the_budget(situation, social_worker):
    labels = [fact.label for fact in facts(record(situation, social_worker)).values()]
    assert "Prime d'activité" in labels and "Énergie (électricité, gaz)" in labels
    assert "Loyer et charges à la charge du ménage" not in labels  # computed, not typed


def test_the_rights_check_runs_on_the_diagnosis_with_the_benefit_paid_to_the_landlord(situation, social_worker):
    """Reference household 2 of docs/support-calculations.md typed as a diagnosis: the APL of 555 € paid to the
    landlord reaches the rights check as received (no gap); the prime d'activité and the family benefits are gaps."""
    from prevex.support.diagnosis.services import rights_gaps

    diagnosis = record(
        situation,
        social_worker,
        persons=[
            {"adult": True, "age": 38, "disability_rate": None},
            {"adult": True, "age": 36, "disability_rate": None},
            {"adult": False, "age": 8, "disability_rate": None},
            {"adult": False, "age": 4, "disability_rate": None},
        ],
        resources={"salaries": "1443.00"},
        rent=D("900"),
        service_charges=D("0"),
        housing_benefit=D("555"),
        housing_benefit_to_landlord=True,
    )
    assert diagnosis.budget().charges.rent == D("345.00")
    gaps = rights_gaps(diagnosis, dt.date(2026, 11, 16))
    assert {gap.key for gap in gaps} == {"prime_activite", "family_benefits"}
