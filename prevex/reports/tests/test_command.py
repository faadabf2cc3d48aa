import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from prevex.organisations.tests.factories import SectorFactory
from prevex.reports.bilan import compute_bilan
from prevex.reports.tests.helpers import event, make_scope, received
from prevex.situations.enums import EventKind

DATES = ["--start", "2024-01-01", "--end", "2024-12-31", "--as-of", "2024-06-30"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("bilan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def figures(team, massy, evry):
    sector = SectorFactory(team=team, name="Val d'Orge – Sénart")
    supported = received(team, commune=massy, sector=sector)
    event(supported, EventKind.ADHESION, dt.date(2024, 3, 5))
    event(supported, EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 6))
    received(team, commune=evry)
    received(team, commune=evry, on=dt.date(2024, 7, 1))  # after the as-of date
    return team


def test_the_json_is_compute_bilan(figures):
    output = run("--team", "essonne", *DATES, "--format", "json")
    assert json.loads(output) == compute_bilan(make_scope(figures))
    assert output.startswith('{\n  "scope": {\n    "team": "essonne",')
    assert json.loads(output)["situations"] == 2


def test_json_is_the_default_format_and_keeps_accents(figures):
    output = run("--team", "essonne", *DATES, "--sector", "Val d'Orge – Sénart")
    assert '"sector": "Val d\'Orge – Sénart"' in output
    assert json.loads(output)["situations"] == 1


def test_the_commune_filter_takes_an_insee_code(figures, evry):
    bilan = json.loads(run("--team", "essonne", *DATES, "--commune", "91228"))
    assert bilan == compute_bilan(make_scope(figures, commune=evry))
    assert bilan["situations"] == 1


def test_json_can_be_written_to_a_file(figures, tmp_path):
    target = tmp_path / "bilan.json"
    assert run("--team", "essonne", *DATES, "--output", str(target)) == ""
    assert json.loads(target.read_text(encoding="utf-8")) == compute_bilan(make_scope(figures))


def test_the_xlsx_file_is_written(figures, tmp_path):
    target = tmp_path / "bilan.xlsx"
    run("--team", "essonne", *DATES, "--format", "xlsx", "--output", str(target))
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["Bilan"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Équipe"][0] == "Équipe mobile de l'Essonne"
    assert rows["Situations reçues"][0] == 2
    assert rows["Bailleurs ayant pris contact"][:2] == (1, 0.5)
    percent_cell = next(row[2] for row in sheet.iter_rows() if row[0].value == "Bailleurs ayant pris contact")
    assert percent_cell.number_format == "0 %"
    assert dict(workbook["Données"].iter_rows(min_row=2, values_only=True))["closed.by_reason.autre"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "inconnue", *DATES], "Équipe inconnue : « inconnue »."),
        (DATES, "Précisez l'équipe avec --team."),
        (["--team", "essonne", "--end", "2024-12-31", "--as-of", "2024-06-30"], "Précisez --start"),
        (
            ["--team", "essonne", "--start", "2024-02-30", "--end", "2024-12-31", "--as-of", "2024-06-30"],
            "Date invalide",
        ),
        (["--team", "essonne", "--start", "01/01/2024", "--end", "2024-12-31", "--as-of", "2024-06-30"], "AAAA-MM-JJ"),
        (
            ["--team", "essonne", "--start", "2024-06-01", "--end", "2024-05-01", "--as-of", "2024-06-30"],
            "La date de fin doit être postérieure ou égale à la date de début.",
        ),
        (
            ["--team", "essonne", "--start", "2024-01-01", "--end", "2024-12-31", "--as-of", "2024-07-16"],
            "La date d'arrêté ne peut pas être dans le futur.",
        ),
        (["--team", "essonne", *DATES, "--format", "pdf"], "Format inconnu : « pdf » (json ou xlsx)."),
        (["--team", "essonne", *DATES, "--format", "xlsx"], "Précisez le fichier à écrire avec --output"),
        (["--team", "essonne", *DATES, "--sector", "Nulle part"], "Secteur inconnu dans cette équipe"),
        (["--team", "essonne", *DATES, "--commune", "99999"], "Commune inconnue : « 99999 »."),
        (["--team", "essonne", *DATES, "--organisation", "ADIL 93"], "Organisation inconnue dans cette équipe"),
    ],
)
def test_bad_arguments_are_refused_in_french(team, frozen_today, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert message in str(error.value)


def test_another_teams_sector_is_unknown(team, other_team_member):
    SectorFactory(team=other_team_member.membership.team, name="Seine-Saint-Denis")
    with pytest.raises(CommandError, match="Secteur inconnu"):
        run("--team", "essonne", *DATES, "--sector", "Seine-Saint-Denis")
