"""Former commune names ("Evry", "Méréville") are read in every entry point and give the current commune."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from prevex.imports.suivi.services import import_file, read_preview
from prevex.intake.prefecture import services as intake
from prevex.situations.models import Situation
from prevex.territories.matching import find_commune
from prevex.territories.models import Commune, FormerCommuneName

pytestmark = pytest.mark.django_db


@pytest.fixture
def essonne():
    call_command(
        "setup_team", "essonne", "--name", "Équipe mobile de l'Essonne", "--departement", "91", stdout=io.StringIO()
    )
    from prevex.organisations.models import Team

    return Team.objects.get(slug="essonne")


def test_setup_team_loads_the_former_names_of_the_departement_idempotently(essonne):
    names = dict(FormerCommuneName.objects.filter(commune__departement="91").values_list("name", "commune__name"))
    assert names == {"Estouches": "Le Mérévillois", "Méréville": "Le Mérévillois"}
    call_command("setup_team", "essonne", "--name", "Équipe", "--departement", "91", stdout=io.StringIO())
    assert FormerCommuneName.objects.filter(commune__departement="91").count() == 2


@pytest.mark.parametrize(
    ("name", "postal_code", "insee_code"),
    [
        ("Evry", "91000", "91228"),  # the start of the merged commune's name (no name in the INSEE list)
        ("EVRY", "91080", "91228"),
        ("Courcouronnes", "91080", "91228"),
        ("Méréville", "91660", "91390"),  # a commune déléguée
        ("estouches", "91660", "91390"),
        ("Évry-Courcouronnes", "91000", "91228"),
    ],
)
def test_a_former_name_with_its_postal_code_gives_the_current_commune(essonne, name, postal_code, insee_code):
    assert find_commune("91", name=name, postal_code=postal_code).insee_code == insee_code


@pytest.mark.parametrize(("name", "postal_code"), [("Evry", "91300"), ("Méréville", "91000"), ("Saint", "91250")])
def test_a_former_name_at_another_postal_code_or_an_ambiguous_part_is_not_guessed(essonne, name, postal_code):
    assert find_commune("91", name=name, postal_code=postal_code) is None


def test_the_situation_form_stores_the_current_commune(client, essonne, coordinator):
    from prevex.situations.tests.test_create_and_edit import VALID

    coordinator.membership.team = essonne
    coordinator.membership.save()
    client.force_login(coordinator)
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False):
        response = client.post("/situations/nouvelle/", {**VALID, "postal_code": "91000", "commune_name": "Evry"})
    assert response.status_code == 302
    assert Situation.objects.get().commune.name == "Évry-Courcouronnes"


def test_the_tracking_sheet_and_the_prefecture_list_store_the_current_commune(essonne, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    header = "reference;date_reception;nom;adresse;code_postal;commune\n"
    sheet = header + "EM-1;01/03/2024;Dupré;4 rue Pasteur;91000;Evry\nEM-2;01/03/2024;Roy;1 rue;91660;Méréville\n"
    assert read_preview(team=essonne, data=sheet.encode(), filename="s.csv").errors == []
    import_file(team=essonne, data=sheet.encode(), filename="s.csv")
    listing = "NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\nMARTIN;Léa;1 rue A;91080;COURCOURONNES;20/05/2024\n"
    with time_machine.travel(dt.datetime(2024, 3, 18, 10, tzinfo=dt.UTC), tick=False):
        batch = intake.batch_upload(
            team=essonne,
            data=listing.encode(),
            filename="liste.csv",
            user=coordinator,
            received_on=dt.date(2024, 3, 18),
        )
        intake.batch_commit(batch=batch, user=coordinator)
    communes = dict(Situation.objects.values_list("tenant_last_name", "commune__name"))
    assert communes == {"Dupré": "Évry-Courcouronnes", "Roy": "Le Mérévillois", "MARTIN": "Évry-Courcouronnes"}
    assert Commune.objects.filter(name__iexact="Evry").count() == 0
