import pytest
from django.core.management import CommandError, call_command

from prevex.organisations.models import Team
from prevex.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_setup_team_creates_the_team_its_communes_and_default_sectors(capsys):
    call_command("setup_team", "essonne", "--name", "Équipe mobile de l'Essonne", "--departement", "91")
    team = Team.objects.get(slug="essonne")
    assert team.departement == "91"
    assert Commune.objects.in_departement("91").count() == 194
    assert sorted(team.sectors.values_list("name", flat=True)) == ["Palaiseau", "Étampes", "Évry"]
    assert sum(sector.communes.count() for sector in team.sectors.all()) == 194
    assert "créée" in capsys.readouterr().out


def test_setup_team_is_idempotent_and_keeps_the_coordinators_sectors(capsys):
    call_command("setup_team", "essonne", "--name", "Essonne", "--departement", "91")
    team = Team.objects.get()
    team.sectors.exclude(name="Évry").delete()
    call_command("setup_team", "essonne", "--name", "Équipe mobile de l'Essonne", "--departement", "91")
    team.refresh_from_db()
    assert Team.objects.count() == 1
    assert team.name == "Équipe mobile de l'Essonne"
    assert list(team.sectors.values_list("name", flat=True)) == ["Évry"]
    assert Commune.objects.count() == 194
    assert "déjà présente" in capsys.readouterr().out


def test_an_unknown_departement_is_refused():
    with pytest.raises(CommandError, match="Département inconnu : 999"):
        call_command("setup_team", "nulle-part", "--name", "Nulle part", "--departement", "999")
    assert not Team.objects.exists()
