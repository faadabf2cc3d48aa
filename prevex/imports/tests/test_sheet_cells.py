"""The tracking sheet reads its cells through every pipeline's policy (`prevex/imports/rows.py`): merged cells,
formulas with or without a value, texts too long; and its errors name the columns as the file does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.imports.models import ImportBatch
from prevex.imports.suivi import sheet as sheet_module
from prevex.imports.suivi.services import batch_commit, batch_remap, batch_upload, import_file, read_preview
from prevex.imports.tests.conftest import GOOD_ROW, HEADER, full_sheet, sheet, workbook
from prevex.situations.models import Situation

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")

MERGED = "cellule fusionnée avec d'autres lignes : défusionnez pour que chaque ligne ait sa valeur"
NO_VALUE = "la cellule contient une formule sans valeur : saisissez la valeur elle-même"
HYPERLINK = '=HYPERLINK("https://exemple.org","voir")'


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def good_cells(reference: str) -> list[str]:
    return GOOD_ROW.replace("EM-1", reference).split(";")


def errors_by_line(preview) -> dict[int, list[tuple[str, str]]]:
    return {row.line: [(error.column, error.message) for error in row.errors] for row in preview.rows}


def test_a_cell_merged_across_rows_is_an_error_of_each_row_naming_the_files_column(coordinator_client):
    header = HEADER.strip().replace("commune", "Ville").split(";")
    data = workbook(header, good_cells("EM-1"), good_cells("EM-2"), merge="G2:G3")
    response = coordinator_client.post("/imports/suivi/", {"file": SimpleUploadedFile("suivi.xlsx", data)})
    assert response.status_code == 302
    details = {row["line"]: row for row in ImportBatch.objects.get().summary["details"]}
    assert [row["decision"] for row in details.values()] == ["error", "error"]
    assert details[2]["errors"] == [{"column": "Ville", "message": MERGED}]
    assert details[3]["errors"] == [{"column": "Ville", "message": MERGED}]


def test_a_merged_cell_that_several_rules_read_is_reported_once(team):
    """The visit's result is read for its code and for the visit's date: one cell, one error."""
    data = workbook(HEADER.strip().split(";"), good_cells("EM-1"), good_cells("EM-2"), merge="J2:J3")
    preview = read_preview(team=team, data=data, filename="suivi.xlsx")
    assert errors_by_line(preview) == {2: [("resultat_visite_1", MERGED)], 3: [("resultat_visite_1", MERGED)]}


def test_a_formula_without_a_stored_value_is_an_error_and_the_row_is_not_written(team):
    """openpyxl, like many tools writing workbooks, stores a formula without computing it."""
    without_value = good_cells("EM-2")
    without_value[2] = "=D3"
    data = workbook(HEADER.strip().split(";"), good_cells("EM-1"), without_value)
    preview = read_preview(team=team, data=data, filename="suivi.xlsx")
    assert errors_by_line(preview) == {2: [], 3: [("nom", NO_VALUE)]}
    assert import_file(team=team, data=data, filename="suivi.xlsx")["created"] == 1
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-1"]


def test_a_name_too_long_is_an_error_and_the_value_is_not_kept(team, coordinator):
    long_name = "D" * 151
    data = sheet(GOOD_ROW.replace("Dupré", long_name), GOOD_ROW.replace("EM-1", "EM-2"))
    preview = read_preview(team=team, data=data, filename="s.csv")
    row = preview.rows[0]
    assert [(error.column, error.message) for error in row.errors] == [
        ("nom", "texte trop long (151 caractères, 150 au plus)")
    ]
    assert row.situation_fields["tenant_last_name"] == "" and row.tenant == "Élise"
    batch, _preview = batch_upload(team=team, data=data, filename="s.csv", user=coordinator)
    assert "DDD" not in str(batch.summary["details"])
    assert import_file(team=team, data=data, filename="s.csv")["created"] == 1
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-2"]


@pytest.mark.parametrize(
    ("column", "changes"),
    [
        ("commune", {"commune": HYPERLINK}),
        ("telephone", {"telephone": HYPERLINK}),
        ("motif_cloture", {"motif_cloture": HYPERLINK}),
        ("dates_visites_communes", {"dates_visites_communes": HYPERLINK}),
        ("date_visite_1", {"date_visite_1": HYPERLINK}),
        ("montant_dette", {"montant_dette": HYPERLINK}),
        ("code_postal", {"code_postal": HYPERLINK}),
    ],
)
def test_a_formula_is_an_error_in_every_column_reported_once(team, column, changes):
    """Not an unknown commune or code, a date or an amount that cannot be read, nor an unusable phone number to
    import without: a formula."""
    [row] = read_preview(team=team, data=full_sheet(changes), filename="s.csv").rows
    assert [(e.column, e.message) for e in row.errors if e.column == column] == [
        (column, f"« {HYPERLINK[:40]} » est une formule, pas une valeur")
    ]
    assert row.warnings == [] and row.decision == "error"


def test_a_text_longer_than_any_cell_holds_is_an_error_in_any_text_column(team):
    [row] = read_preview(team=team, data=full_sheet({"bailleur": "B" * 201}), filename="s.csv").rows
    assert [(e.column, e.message) for e in row.errors] == [
        ("bailleur", "texte trop long (201 caractères, 200 au plus)")
    ]
    [row] = read_preview(team=team, data=full_sheet({"preconisations": "x" * 1001}), filename="s.csv").rows
    assert [(e.column, e.message) for e in row.errors] == [
        ("preconisations", "texte trop long (1001 caractères, 1000 au plus)")
    ]


def test_errors_found_across_rows_name_the_files_reference_column(team):
    header = HEADER.replace("reference", "N° dossier", 1)
    preview = read_preview(team=team, data=sheet(GOOD_ROW, GOOD_ROW, header=header), filename="s.csv")
    errors = [str(error) for error in preview.errors]
    assert errors == [
        "Ligne 2, colonne « N° dossier » : la référence EM-1 apparaît aussi ligne 3",
        "Ligne 3, colonne « N° dossier » : la référence EM-1 apparaît aussi ligne 2",
    ]


@pytest.fixture
def layouts_read(monkeypatch) -> list:
    """Each time a tracking sheet's layout is read."""
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return read_layout(*args, **kwargs)

    read_layout = sheet_module.read_layout
    monkeypatch.setattr(sheet_module, "read_layout", counted)
    return calls


def test_the_layout_is_read_once_on_every_path(team, coordinator, layouts_read):
    data = sheet(GOOD_ROW)
    batch, _preview = batch_upload(team=team, data=data, filename="s.csv", user=coordinator)
    assert len(layouts_read) == 1
    batch_remap(batch=batch, mapping=batch.mapping, user=coordinator)
    assert len(layouts_read) == 2
    assert batch_commit(batch=batch, user=coordinator)["created"] == 1
    assert len(layouts_read) == 3
    import_file(team=team, data=sheet(GOOD_ROW.replace("EM-1", "EM-2")), filename="s.csv")
    assert len(layouts_read) == 4 and Situation.objects.count() == 2
