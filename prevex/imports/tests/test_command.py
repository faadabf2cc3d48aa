from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.tests.conftest import DATA, GOOD_ROW, sheet
from prevex.situations.models import Event, Situation

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")


@pytest.fixture
def sheet_file(tmp_path):
    path = tmp_path / "suivi.csv"
    path.write_bytes(sheet(GOOD_ROW, GOOD_ROW.replace("EM-1", "EM-2").replace("absent", "ailleurs")))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_suivi", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_preview_and_writes_nothing(team, sheet_file):
    out = run("--team", "essonne", str(sheet_file))
    assert (
        "Lignes lues : 2 ; nouvelles : 1 ; mises à jour : 0 ; inchangées : 0 ; en conflit : 0 ; en erreur : 1." in out
    )
    assert "Ligne 3, colonne « resultat_visite_1 » : résultat de visite inconnu" in out
    assert "rien n'a été écrit" in out
    assert (Situation.objects.count(), Event.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_commit_writes_the_valid_rows_and_journals_the_import(team, sheet_file):
    out = run("--team", "essonne", str(sheet_file), "--commit")
    assert "Ligne 3, colonne « resultat_visite_1 »" in out
    assert "Import enregistré. Situations créées : 1 ; mises à jour : 0 ; événements ajoutés : 2." in out
    [situation] = Situation.objects.all()
    assert situation.reference == "EM-1"
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert "file" not in entry.details and "suivi.csv" not in str(entry.details)  # a file's name may be a person's
    created = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert (created.target_id, created.details) == (str(situation.public_id), {"row": 2})
    assert AuditEntry.objects.count() == 2


def test_committing_the_sample_twice_writes_it_once(team):
    path = str(DATA / "tableau-de-suivi-exemple.xlsx")
    assert "Situations créées : 400" in run("--team", "essonne", path, "--commit")
    before = (Situation.objects.count(), Event.objects.count())
    out = run("--team", "essonne", path, "--commit")
    assert "inchangées : 400" in out and "Situations créées : 0" in out
    assert (Situation.objects.count(), Event.objects.count()) == before


def test_unknown_team_or_file(team, sheet_file, tmp_path):
    with pytest.raises(CommandError, match="Équipe inconnue : « nulle »"):
        run("--team", "nulle", str(sheet_file))
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("--team", "essonne", str(tmp_path / "absent.csv"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.xlsx", b"", "Le fichier « f.xlsx » est vide."),
        ("f.xlsx", b"%PDF-1.5\n%\xe2\xe3", "« f.xlsx » est un PDF, pas un tableur"),
        ("f.xlsx", b"PK\x03\x04abime", "Le classeur « f.xlsx » ne peut pas être lu"),
        ("f.csv", b"reference;nom\nEM-1;Dupont\n", "Ligne 1, colonne « adresse » : colonne obligatoire absente"),
    ],
)
@pytest.mark.parametrize("commit", [[], ["--commit"]])
def test_a_file_that_cannot_be_read_fails_the_command(team, tmp_path, name, content, message, commit):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("--team", "essonne", str(path), *commit)
    assert not Situation.objects.exists()
