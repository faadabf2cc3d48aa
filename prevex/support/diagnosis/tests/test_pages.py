"""The diagnosis pages: the situation's card, the diagnosis and its history, the form of a new version (pre-filled,
errors in French naming the field), the plan and the rights estimate; who may read and who may write."""

from decimal import Decimal

import pytest
from django.urls import reverse

from prevex.support.diagnosis.models import Diagnosis
from prevex.support.diagnosis.tests.support import record

D = Decimal


def url(name, situation):
    return reverse(f"diagnosis:{name}", args=[situation.public_id])


def form_data(**changes) -> dict:
    data = {
        "based_on": "0",
        "diagnosed_on": "2026-11-16",
        "person-TOTAL_FORMS": "3",
        "person-INITIAL_FORMS": "0",
        "person-0-role": "adult",
        "person-0-age": "45",
        "person-1-role": "child",
        "person-1-age": "12",
        "person-2-role": "",
        "person-2-age": "",
        "resource_salaries": "1 250,50 €",
        "resource_family_benefits": "",
        "charge_energy": "80",
        "rent": "640",
        "service_charges": "60",
        "housing_benefit": "210",
        "housing_benefit_to_landlord": "on",
        "rent_debt": "2400",
        "rent_debt_on": "2026-10-01",
        "rent_debt_source": "bailleur",
        "housing_benefit_status": "granted",
        "dalo": "none",
        "fsl": "unknown",
    }
    return data | changes


@pytest.fixture
def as_social_worker(client, social_worker, frozen_today):
    client.force_login(social_worker)
    return client


def test_the_situation_page_without_a_diagnosis(as_social_worker, situation):
    html = as_social_worker.get(situation.get_absolute_url()).content.decode()
    assert "Aucun diagnostic enregistré." in html and url("new", situation) in html


def test_the_situation_page_shows_the_current_version(as_social_worker, situation, social_worker):
    record(situation, social_worker)
    record(situation, social_worker, rent_debt=D("4100"))
    html = as_social_worker.get(situation.get_absolute_url()).content.decode()
    assert "Version 2 du 02/11/2026, par" in html and "4\xa0100,00\xa0€" in html
    assert "Un couple avec 2 enfants" in html


def test_a_social_worker_records_a_first_diagnosis(as_social_worker, situation):
    response = as_social_worker.post(url("new", situation), form_data())
    assert response.status_code == 302 and response["Location"] == url("detail", situation)
    diagnosis = Diagnosis.objects.get()
    assert diagnosis.persons == [
        {"adult": True, "age": 45, "disability_rate": None},
        {"adult": False, "age": 12, "disability_rate": None},
    ]
    assert diagnosis.resources == {"salaries": "1250.50"} and diagnosis.charges == {"energy": "80.00"}
    assert diagnosis.rent_paid == D("490.00")
    assert diagnosis.author.membership.role == "social_worker"


def test_the_form_is_pre_filled_from_the_current_version(as_social_worker, situation, social_worker):
    record(situation, social_worker)
    html = as_social_worker.get(url("new", situation)).content.decode()
    assert 'name="based_on" value="1"' in html
    assert 'name="resource_salaries" value="1443,00"' in html
    assert 'name="person-3-age" value="4"' in html
    assert 'name="dls_number" value="091102400012345"' in html


def test_adding_a_person_keeps_what_was_typed(as_social_worker, situation):
    response = as_social_worker.post(url("new", situation), form_data(add_person="1"))
    html = response.content.decode()
    assert response.status_code == 200 and not Diagnosis.objects.exists()
    assert 'name="person-TOTAL_FORMS" value="3"' in html  # the 2 typed and an empty one
    assert 'name="resource_salaries" value="1 250,50 €"' in html and "error-message" not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rent": "six cents"}, "Loyer hors charges : saisissez un montant en euros (exemple : 1234,50)."),
        (
            {"resource_salaries": "-3"},
            "Salaires et revenus d&#x27;activité : la valeur ne peut pas être inférieure à 0.",
        ),
        ({"charge_energy": "12,345"}, "Énergie (électricité, gaz) : deux décimales au plus (centimes)."),
        ({"person-1-age": "30"}, "Âge à la date du diagnostic (personne 2) : un enfant à charge a de 0 à 24 ans."),
        ({"person-0-role": "child", "person-0-age": "9"}, "Composition du ménage : une ou deux personnes adultes"),
        ({"diagnosed_on": ""}, "Date du diagnostic : ce champ est obligatoire."),
    ],
)
def test_form_errors_are_in_french_and_name_the_field(as_social_worker, situation, changes, message):
    response = as_social_worker.post(url("new", situation), form_data(**changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Diagnosis.objects.exists()


def test_the_history_shows_what_changed(as_social_worker, situation, social_worker):
    record(situation, social_worker)
    record(situation, social_worker, fsl="granted")
    html = as_social_worker.get(url("detail", situation)).content.decode()
    assert "Version 2 du 02/11/2026" in html and "Premier diagnostic." in html
    assert '<th scope="row">FSL</th><td>Demande en cours</td><td>Oui (ouvert, accordé)</td>' in html


def test_the_juriste_reads_but_does_not_write(client, juriste, situation, social_worker, frozen_today):
    record(situation, social_worker)
    client.force_login(juriste)
    html = client.get(url("detail", situation)).content.decode()
    assert "Version 1" in html and url("new", situation) not in html
    assert client.get(url("new", situation)).status_code == 403
    assert client.post(url("new", situation), form_data(based_on="1")).status_code == 403
    assert Diagnosis.objects.count() == 1


@pytest.mark.parametrize("name", ["detail", "new", "plan", "rights"])
def test_another_team_never_reaches_a_diagnosis(client, other_team_member, social_worker, situation, name):
    record(situation, social_worker)
    client.force_login(other_team_member)
    assert client.get(url(name, situation)).status_code == 404


def test_the_funder_is_refused(client, funder, situation):
    client.force_login(funder)
    assert client.get(url("detail", situation)).status_code == 403


def test_the_plan_page_explains_the_plan(client, juriste, situation, social_worker, frozen_today):
    record(situation, social_worker)
    client.force_login(juriste)
    html = client.get(url("plan", situation)).content.decode()
    assert "Capacité de remboursement : 1\xa0471,79\xa0€ − 1\xa0368,55\xa0€ = 103,24\xa0€ par mois." in html
    assert "Repère de la CAF : 4\xa0800,00\xa0€ / 36 = 133,33\xa0€" in html
    assert "non supportable" in html and "data-print" in html
    assert "Calculé à partir du diagnostic, version 1 du 02/11/2026" in html


def test_the_plan_says_plainly_a_negative_capacity_and_the_rent_not_resumed(client, juriste, situation, social_worker):
    record(situation, social_worker, resources={"rsa": "573.49"}, current_rent_resumed=False)
    client.force_login(juriste)
    html = client.get(url("plan", situation)).content.decode()
    assert "Capacité de remboursement nulle" in html
    assert "Aucune mensualité n&#x27;est supportable" in html
    assert "Le loyer courant n&#x27;a pas repris" in html


def test_the_plan_with_another_floor(client, juriste, situation, social_worker):
    record(situation, social_worker)
    client.force_login(juriste)
    html = client.get(url("plan", situation), {"rule": "custom", "amount": "1000"}).content.decode()
    assert "Capacité de remboursement : 1\xa0471,79\xa0€ − 1\xa0000,00\xa0€ = 471,79\xa0€ par mois." in html


@pytest.mark.parametrize("name", ["detail", "plan", "rights"])
def test_the_pages_without_a_diagnosis(as_social_worker, situation, name):
    response = as_social_worker.get(url(name, situation))
    assert response.status_code == 200 and "Aucun diagnostic enregistré" in response.content.decode()


def test_the_rights_page_runs_only_on_demand(as_social_worker, situation, social_worker, monkeypatch):
    from prevex.support import rights

    record(situation, social_worker)
    monkeypatch.setattr(rights, "estimate_rights", lambda *args: pytest.fail("openfisca run on a page load"))
    html = as_social_worker.get(url("rights", situation)).content.decode()
    assert "Estimer les droits" in html and "Droits estimés" not in html


def test_the_rights_estimate_of_a_single_person_without_income(as_social_worker, situation, social_worker):
    """Reference household 1 of docs/support-calculations.md (rent 600 €, nothing received): 573,49 € of RSA."""
    record(
        situation,
        social_worker,
        persons=[{"adult": True, "age": 40, "disability_rate": None}],
        resources={},
        rent=D("600"),
        service_charges=D("0"),
        housing_benefit=D("0"),
        housing_benefit_to_landlord=False,
    )
    response = as_social_worker.post(url("rights", situation), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="rights-result"' in html and "<h1>" not in html
    assert "RSA : droit estimé 573,49\xa0€ par mois, perçu 0,00\xa0€" in html
    assert "Ouverture des droits RSA" in html
    assert 'name="code" value="ouverture_droits_rsa"' in html  # the button that adds it to the actions
    assert "Estimation indicative calculée le 16/11/2026 pour le mois 2026-11 avec openfisca-france" in html


def test_the_gaps_for_the_actions_catalogue(situation, social_worker, frozen_today):
    from prevex.support.diagnosis.services import rights_gaps

    diagnosis = record(situation, social_worker, persons=[{"adult": True, "age": 40, "disability_rate": None}],
                       resources={}, housing_benefit=D("0"), housing_benefit_to_landlord=False)  # fmt: skip
    assert {gap.action for gap in rights_gaps(diagnosis, frozen_today)} == {
        "ouverture_droits_rsa",
        "ouverture_droits_apl",
    }


def test_the_situation_card_costs_one_query(as_social_worker, situation, social_worker, django_assert_num_queries):
    from django.template import Context, Template

    record(situation, social_worker)
    template = Template("{% load diagnosis %}{% diagnosis_card situation user %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"situation": situation, "user": social_worker}))
    assert "Version 1 du 02/11/2026" in html


def test_the_journal_names_a_diagnosis_by_its_version_and_situation(client, coordinator, situation, social_worker):
    record(situation, social_worker, rent_debt=D("4321.99"))
    client.force_login(coordinator)
    html = client.get(reverse("journal:team_journal")).content.decode()
    assert f"la version 1 du diagnostic de la situation {situation.reference}" in html
    assert url("detail", situation) in html and "4\xa0321" not in html


def test_an_anonymised_situation_shows_no_form(as_social_worker, situation):
    from prevex.situations.models import Situation

    Situation.objects.filter(pk=situation.pk).update(anonymised_on="2026-11-01")
    response = as_social_worker.post(url("new", situation), form_data())
    assert response.status_code == 302 and response["Location"] == url("detail", situation)
    assert not Diagnosis.objects.exists()
    assert url("new", situation) not in as_social_worker.get(url("detail", situation)).content.decode()
