import json

import pytest
from django.core.management import CommandError, call_command

from prevex.imports.models import ImportBatch, ImportStatus, MappingProfile
from prevex.intake.tests.conftest import APRIL, MARCH
from prevex.situations.models import Situation


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_prefecture", *args, stdout=out)
    return out.getvalue()


def test_json_report_of_a_dry_run_has_the_documented_shape(essonne):
    report = json.loads(run("--team", "essonne", str(MARCH), "--format", "json"))
    decisions = ["new", "update", "duplicate", "conflict", "not_eligible", "error"]
    assert list(report) == ["rows", *decisions, "mapping", "errors"]
    assert report["rows"] == 120
    assert report["rows"] == sum(report[key] for key in decisions)
    assert (report["new"], report["duplicate"], report["not_eligible"], report["error"]) == (103, 1, 13, 3)
    assert report["mapping"]["Date d'audience"] == "hearing_date" and "Commissaire de justice" not in report["mapping"]
    assert report["errors"][0] == {
        "row": 16,
        "column": "Date d'audience",
        "message": "la date d'audience est obligatoire",
    }
    assert Situation.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_commit_imports_and_keeps_the_file_then_the_next_list_updates(essonne):
    run("--team", "essonne", str(MARCH), "--commit", "--received-on", "2024-03-18")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.COMMITTED and batch.uploaded_by is None
    assert Situation.objects.count() == 103
    report = json.loads(run("--team", "essonne", str(APRIL), "--format", "json"))
    assert (report["rows"], report["new"], report["update"], report["duplicate"]) == (95, 77, 3, 2)
    assert report["mapping"]["DATE AUD."] == "hearing_date" and report["mapping"]["CP"] == "postal_code"


def test_text_output_shows_the_mapping_used(essonne):
    output = run("--team", "essonne", str(APRIL))
    assert "DATE AUD. → hearing_date" in output and "Aperçu seulement" in output
    assert "Ligne 31, colonne « DATE AUD. »" in output


def test_a_named_profile_maps_the_columns(essonne):
    headers = [
        "ref",
        "nom locataire",
        "prenom",
        "adresse",
        "cp",
        "ville",
        "proprietaire",
        "type prop",
        "date assign",
        "date aud",
        "tribunal",
        "dette",
        "tel",
    ]
    mapping = [
        "",
        "tenant_last_name",
        "tenant_first_name",
        "address",
        "postal_code",
        "commune",
        "",
        "",
        "",
        "hearing_date",
        "",
        "",
        "",
    ]
    MappingProfile.objects.create(kind="prefecture", team=essonne, name="minimal", headers=headers, mapping=mapping)
    report = json.loads(run("--team", "essonne", "--profile", "minimal", str(APRIL), "--format", "json"))
    assert report["mapping"] == {
        "NOM LOCATAIRE": "tenant_last_name",
        "PRENOM": "tenant_first_name",
        "ADRESSE": "address",
        "CP": "postal_code",
        "VILLE": "commune",
        "DATE AUD.": "hearing_date",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nope", str(MARCH)], "Équipe inconnue"),
        (["--team", "essonne", "/nonexistent.xlsx"], "Fichier introuvable"),
        (["--team", "essonne", "--profile", "absent", str(MARCH)], "Aucun profil « absent »"),
        (["--team", "essonne", str(MARCH), "--received-on", "18/03/2024"], "Date invalide pour --received-on"),
        (["--team", "essonne", str(MARCH), "--received-on", "2999-01-01"], "ne peut pas être dans le futur"),
    ],
)
def test_bad_arguments_are_refused_in_french(essonne, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_file_that_is_not_a_spreadsheet_names_the_file(essonne, tmp_path):
    fake = tmp_path / "liste.xlsx"
    fake.write_bytes(b"%PDF-1.7 not a workbook")
    with pytest.raises(CommandError, match="« liste.xlsx » est un PDF"):
        run("--team", "essonne", str(fake))
