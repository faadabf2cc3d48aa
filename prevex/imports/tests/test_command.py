import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command

from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.situations.models import Situation

pytestmark = pytest.mark.usefixtures("essonne_communes")


@pytest.fixture
def sheet_file(tmp_path):
    path = tmp_path / "suivi.csv"
    path.write_bytes(sheet(GOOD_ROW, GOOD_ROW.replace("EM-1", "EM-2").replace("absent", "ailleurs")))
    return path


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2024, 5, 2, 12, tzinfo=dt.UTC), tick=False):
        yield


def test_a_dry_run_prints_the_preview_and_writes_nothing(team, sheet_file, capsys):
    call_command("import_suivi", "--team", "essonne", str(sheet_file))
    out = capsys.readouterr().out
    assert "2 lignes : 1 nouvelles, 0 mises à jour, 0 inchangées, 1 en erreur." in out
    assert "Ligne 3, colonne « resultat_visite_1 » : résultat de visite inconnu" in out
    assert "rien n'a été écrit" in out
    assert not Situation.objects.exists()


def test_commit_writes_the_valid_rows(team, sheet_file, capsys):
    call_command("import_suivi", "--team", "essonne", str(sheet_file), "--commit")
    assert "Importé : 1 situations créées" in capsys.readouterr().out
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-1"]


def test_unknown_team_or_file(team, sheet_file, tmp_path):
    with pytest.raises(CommandError, match="Équipe inconnue : nulle"):
        call_command("import_suivi", "--team", "nulle", str(sheet_file))
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_suivi", "--team", "essonne", str(tmp_path / "absent.csv"))
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="est vide"):
        call_command("import_suivi", "--team", "essonne", str(empty))
