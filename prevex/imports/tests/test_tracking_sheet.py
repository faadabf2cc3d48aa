import datetime as dt
import json

import pytest
import time_machine

from prevex.imports.reading import ImportFileError
from prevex.imports.services import import_file, read_preview
from prevex.imports.tests.conftest import DATA, GOOD_ROW, sheet
from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.situations.enums import EventKind, Stage
from prevex.situations.models import Event, Situation

pytestmark = pytest.mark.usefixtures("essonne_communes")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2024, 5, 2, 12, tzinfo=dt.UTC), tick=False):
        yield


def expected_bilan():
    return json.loads((DATA / "tableau-de-suivi-exemple.bilan.json").read_text())


@pytest.mark.parametrize("name", ["tableau-de-suivi-exemple.csv", "tableau-de-suivi-exemple.xlsx"])
def test_the_sample_sheet_imports_whole_and_gives_the_expected_bilan(team, name):
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC), tick=False):
        data = (DATA / name).read_bytes()
        preview = read_preview(team=team, data=data, filename=name)
        assert (len(preview.rows), preview.counts["new"], preview.errors) == (400, 400, [])
        import_file(team=team, data=data, filename=name)
    arguments = expected_bilan()["command_arguments"]
    scope = BilanScope(
        team=team,
        start=dt.date.fromisoformat(arguments["start"]),
        end=dt.date.fromisoformat(arguments["end"]),
        as_of=dt.date.fromisoformat(arguments["as_of"]),
    )
    assert compute_bilan(scope) == expected_bilan()["bilan"]


def test_reimporting_the_same_file_changes_nothing(team):
    data = sheet(GOOD_ROW)
    assert import_file(team=team, data=data, filename="s.csv") == {"created": 1, "updated": 0, "events": 2}
    preview = read_preview(team=team, data=data, filename="s.csv")
    assert preview.counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}
    assert import_file(team=team, data=data, filename="s.csv") == {"created": 0, "updated": 0, "events": 0}
    assert (Situation.objects.count(), Event.objects.count()) == (1, 2)


def test_a_later_version_of_the_sheet_adds_the_new_events_only(team):
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    later = GOOD_ROW.replace("absent;;;", "absent;30/04/2024;sans_contact;")
    preview = read_preview(team=team, data=sheet(later), filename="s.csv")
    assert preview.counts["update"] == 1
    import_file(team=team, data=sheet(later), filename="s.csv")
    situation = Situation.objects.get()
    assert situation.events.count() == 3
    assert situation.closed_on == dt.date(2024, 4, 30)


def test_rows_become_a_timeline_and_a_routed_situation(team):
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    situation = Situation.objects.get()
    assert (situation.reference, situation.commune.name, situation.phone) == ("EM-1", "Massy", "+33612345678")
    assert str(situation.debt_amount) == "1234.56"
    assert situation.stage == Stage.VISIT_1
    assert list(situation.events.chronological().values_list("kind", flat=True)) == [EventKind.LETTER, EventKind.VISIT]
    assert Situation.objects.search("dupre elise").get() == situation


def errors_of(team, *rows, **kwargs):
    return [str(error) for error in read_preview(team=team, data=sheet(*rows, **kwargs), filename="s.csv").errors]


BAD_ROWS = [
    (
        GOOD_ROW.replace("01/03/2024", "31/02/2024"),
        "Ligne 3, colonne « date_reception » : « 31/02/2024 » est une date qui n'existe pas.",
    ),
    (
        GOOD_ROW.replace("1 234,56", "beaucoup"),
        "Ligne 3, colonne « montant_dette » : « beaucoup » n'est pas un montant",
    ),
    (
        GOOD_ROW.replace("1 234,56", "-5"),
        "Ligne 3, colonne « montant_dette » : le montant de la dette ne peut pas être négatif",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";30/04/2024;fini;1 234"),
        "Ligne 3, colonne « motif_cloture » : motif de clôture inconnu : « fini »",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";30/04/2024;;1 234"),
        "Ligne 3, colonne « motif_cloture » : la date de clôture est renseignée sans motif",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";;autre;1 234"),
        "Ligne 3, colonne « date_cloture » : le motif de clôture est renseigné sans date",
    ),
    (
        GOOD_ROW.replace("10/03/2024", "02/03/2024"),
        "Ligne 3, colonne « date_visite_1 » : dates dans le désordre : la visite 1 précède le premier courrier",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";20/02/2024;autre;1 234"),
        "Ligne 3, colonne « date_cloture » : dates dans le désordre : la clôture précède la réception",
    ),
    (
        GOOD_ROW.replace("10/03/2024", "10/06/2024"),
        "Ligne 3, colonne « date_visite_1 » : la date 10/06/2024 est dans le futur",
    ),
    (GOOD_ROW.replace("absent", "peut-être"), "Ligne 3, colonne « resultat_visite_1 » : résultat de visite inconnu"),
    (
        GOOD_ROW.replace("91300;Massy", "75011;Paris"),
        "Ligne 3, colonne « code_postal » : le code postal 75011 n'est pas dans le département 91",
    ),
    (
        GOOD_ROW.replace("91300;Massy", "91300;Évry"),
        "Ligne 3, colonne « commune » : « Évry » ne correspond pas au code postal 91300",
    ),
    (
        GOOD_ROW.replace("06 12 34 56 78", "12"),
        "Ligne 3, colonne « telephone » : numéro de téléphone invalide : « 12 »",
    ),
    (GOOD_ROW.replace("Dupré", ""), "Ligne 3, colonne « nom » : valeur obligatoire manquante"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_each_bad_value_is_reported_with_its_line_and_column_and_nothing_is_written(team, row, message):
    errors = errors_of(team, GOOD_ROW.replace("EM-1", "EM-0"), row)
    assert any(error.startswith(message) for error in errors), errors
    assert all(error.startswith("Ligne 3,") for error in errors if "EM-0" not in error)
    import_file(team=team, data=sheet(GOOD_ROW.replace("EM-1", "EM-0"), row), filename="s.csv")
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-0"]


def test_duplicate_references_within_the_file(team):
    errors = errors_of(team, GOOD_ROW, GOOD_ROW)
    assert errors == ["Ligne 3, colonne « reference » : la référence EM-1 apparaît déjà ligne 2"]


def test_hearing_before_assignation(team):
    header = "reference;date_reception;nom;adresse;code_postal;commune;date_assignation;date_audience\n"
    errors = errors_of(team, "EM-1;01/03/2024;Dupré;4 rue Pasteur;91300;Massy;10/02/2024;01/02/2024", header=header)
    assert errors == ["Ligne 2, colonne « date_audience » : l'audience ne peut pas précéder l'assignation"]


def test_missing_required_columns_stop_the_whole_file(team):
    preview = read_preview(team=team, data=b"reference;nom\nEM-1;Dupont\n", filename="s.csv")
    assert [str(e) for e in preview.errors] == [
        "Ligne 1, colonne « date_reception » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « adresse » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « code_postal » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « commune » : colonne obligatoire absente de l'en-tête",
    ]
    assert not preview.can_commit


def test_headers_ignore_case_accents_and_unknown_columns_are_reported(team):
    header = "Référence;Date Réception;NOM;Adresse;Code postal;Commune;Observations\n"
    preview = read_preview(
        team=team, data=sheet("EM-1;01/03/2024;Dupré;4 rue Pasteur;91300;Massy;RAS", header=header), filename="s.csv"
    )
    assert (preview.counts["new"], preview.ignored_columns) == (1, ["Observations"])


def test_windows_1252_and_comma_separated_files_are_read(team):
    data = (
        "reference,date_reception,nom,adresse,code_postal,commune\nEM-1,01/03/2024,Müller,4 rue Pasteur,91300,Massy\n"
    )
    preview = read_preview(team=team, data=data.encode("cp1252"), filename="s.csv")
    assert preview.rows[0].situation_fields["tenant_last_name"] == "Müller"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "vide.csv", "Le fichier « vide.csv » est vide."),
        (b"%PDF-1.7\n\x00\x01binary", "liste.xlsx", "« liste.xlsx » n'est pas un tableur lisible"),
        (b"PK\x03\x04garbage-not-a-workbook", "abime.xlsx", "Le classeur « abime.xlsx » ne peut pas être lu"),
    ],
)
def test_unreadable_files_are_refused_in_french(team, data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_preview(team=team, data=data, filename=name)


def test_a_file_over_the_size_limit_is_refused(team, settings):
    settings.PREVEX_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ImportFileError, match="dépasse la taille maximale de 1 Mo"):
        read_preview(team=team, data=b"x" * (1024 * 1024 + 1), filename="gros.csv")
