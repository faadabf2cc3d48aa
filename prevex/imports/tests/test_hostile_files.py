"""Files built to hurt the server (issue 8): a tiny workbook claiming a huge sheet, a zip bomb, control
characters in the cells; and what is left behind when an upload fails.

The dangerous reads run in a child process under a 1 GB memory limit (prevex.imports.tests.hostile): a
regression fails the test instead of killing pytest. The pages and commands are then checked with lowered
limits, on files that stay harmless even if the bounds were gone.
"""

import datetime as dt
import functools
import io
import logging
import re
import struct
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, DataError
from django.test import Client
from django.urls import reverse

from prevex.audit.models import AuditEntry
from prevex.core.log_filters import WITHHELD
from prevex.imports.models import ImportBatch
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.suivi import services as suivi_services
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.imports.tests.hostile import (
    HEADER_ROW,
    biff,
    bomb,
    inline,
    label,
    label_sst,
    number,
    ods,
    ods_cell,
    read_in_child,
    understated,
    xls,
    xlsb,
    xlsx,
)
from prevex.intake.mds import services as social_services
from prevex.intake.prefecture import services as intake_services
from prevex.situations.models import Situation

TOO_LARGE = "est trop grand pour être importé"
TOO_MUCH_TEXT = "contient trop de texte pour être importé"
ABNORMAL = "n'est pas un classeur normal"


def one_value(ref: str) -> bytes:
    """The header, then one number at `ref` (its row written with its number)."""
    row = "".join(character for character in ref if character.isdigit())
    return xlsx(HEADER_ROW + f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode())


@functools.cache
def hostile(kind: str) -> bytes:
    if kind == "xfd1048576":  # 1.6 KB: the reader asked for a 512 GB rectangle and aborted the process
        return one_value("XFD1048576")
    if kind == "cv100000":  # 400 MB at each read
        return one_value("CV100000")
    if kind == "declared_dimension":  # the sheet declares it goes that far: refused before its cells are read
        return xlsx(HEADER_ROW, before=b'<dimension ref="A1:XFD1048576"/>')
    if kind == "lying_dimension":  # it declares A1:B2 but uses a cell far away
        return xlsx(
            HEADER_ROW + b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row>', before=b'<dimension ref="A1:B2"/>'
        )
    if kind == "no_references":  # no `r` on the cell: placed after its row's number and the cells before it
        return xlsx(HEADER_ROW + b'<row r="1048576">' + b"<c/>" * 16000 + b"<c><v>1</v></c></row>")
    if kind == "shared_string_everywhere":  # one 30,000-character string, used by 40,000 cells: 1.2 G characters
        shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"x" * 30_000
        cells = b"".join(f'<row r="{row}"><c r="A{row}" t="s"><v>0</v></c></row>'.encode() for row in range(2, 40_002))
        return xlsx(HEADER_ROW + cells, shared=shared + b"</t></si></sst>")
    if kind == "zip_bomb":  # 300 MB of blanks, honestly declared, a few hundred KB compressed
        return bomb(300 * 1024 * 1024)
    if kind == "understated_size":  # 64 MB of blanks declared as 1 KB: the reader would inflate it all
        return understated(bomb(64 * 1024 * 1024), "xl/worksheets/sheet1.xml", 1024)
    if kind == "ods_repeated_rows":  # one row repeated a million times
        return ods(b'<table:table-row table:number-rows-repeated="1000000">' + ods_cell("x") + b"</table:table-row>")
    if kind == "ods_repeated_columns":  # a value after 100,000 repeated empty cells
        empty = b'<table:table-cell table:number-columns-repeated="100000"/>'
        return ods(b"<table:table-row>" + ods_cell("reference") + empty + ods_cell("x") + b"</table:table-row>")
    if kind == "ods_repeated_text":  # 100,000 spaces (text:s), in 100 columns × 1,000 rows
        text = '<text:s text:c="100000"/>'
        return ods(
            b'<table:table-row table:number-rows-repeated="1000">' + ods_cell(text, repeat=100) + b"</table:table-row>"
        )
    if kind == "unfinished_tags":  # '<' after '<' and never a '>': each attempt of a tag would run to the end
        return xlsx(HEADER_ROW + b"<row>" + b"<c " * 2_000_000)
    if kind == "cell_in_cell":  # the reader fails on it, nothing to count
        return xlsx(HEADER_ROW + b'<row r="2"><c r="A2"><c r="XFD1048576"><v>1</v></c></c></row>')
    raise ValueError(kind)


REFUSALS = {
    "xfd1048576": TOO_LARGE,
    "cv100000": TOO_LARGE,
    "declared_dimension": TOO_LARGE,
    "lying_dimension": TOO_LARGE,
    "no_references": TOO_LARGE,
    "shared_string_everywhere": TOO_MUCH_TEXT,
    "zip_bomb": ABNORMAL,
    "understated_size": ABNORMAL,
    "ods_repeated_rows": TOO_LARGE,
    "ods_repeated_columns": TOO_LARGE,
    "ods_repeated_text": TOO_MUCH_TEXT,
    "unfinished_tags": ABNORMAL,
    "cell_in_cell": ABNORMAL,
}


def assert_refused(outcome: dict, filename: str, message: str) -> None:
    assert "refused" in outcome, outcome
    text = " ".join(outcome["refused"])
    assert f"« {filename} »" in text and message in text, text
    assert outcome["max_rss_mb"] < 400, outcome  # refused without building anything big


@pytest.mark.parametrize("kind", REFUSALS)
def test_a_hostile_workbook_is_refused_as_a_tracking_sheet_and_the_process_survives(kind):
    filename = f"suivi-{kind}.{'ods' if kind.startswith('ods') else 'xlsx'}"
    assert_refused(read_in_child("suivi", hostile(kind), filename), filename, REFUSALS[kind])


@pytest.mark.parametrize("face", ["prefecture", "mds"])
@pytest.mark.parametrize("kind", ["xfd1048576", "zip_bomb", "ods_repeated_rows", "shared_string_everywhere"])
def test_a_hostile_workbook_is_refused_by_the_other_pipelines_too(face, kind):
    filename = f"liste-{kind}.{'ods' if kind.startswith('ods') else 'xlsx'}"
    assert_refused(read_in_child(face, hostile(kind), filename), filename, REFUSALS[kind])


def test_a_merge_claiming_the_whole_sheet_is_cut_to_the_cells_read():
    """A merged area is walked cell by cell by the layout: A2:XFD1048576 was 17 billion cells."""
    header = (
        b'<row r="1">'
        + b"".join(
            inline(f"{column}1", title)
            for column, title in zip("ABCD", ["Nom", "Adresse", "Code postal", "Ville"], strict=True)
        )
        + b"</row>"
    )
    rows = b"".join(
        f'<row r="{row}">'.encode()
        + inline(f"A{row}", "Dupré")
        + inline(f"B{row}", "4 rue Pasteur")
        + inline(f"C{row}", "91300")
        + inline(f"D{row}", "Massy")
        + b"</row>"
        for row in (2, 3)
    )
    data = xlsx(header + rows, after=b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>')
    outcome = read_in_child("layout", data, "liste.xlsx")
    assert outcome == {"read": 2, "merged_rows": 2}  # the merge cut to A2:D3


def test_an_ordinary_workbook_is_still_read_with_its_formula_cells():
    book = openpyxl.Workbook()
    book.active.append(["reference", "nom", "montant"])
    book.active.append(["EM-1", "Dupré", "=1+1"])
    output = io.BytesIO()
    book.save(output)
    table = read_table(output.getvalue(), "suivi.xlsx")
    assert table.rows[1][:2] == ["EM-1", "Dupré"] and table.formulas == {(1, 2)}


# Binary workbooks: the reader opens an xlsb, and a legacy .xls, whatever the file's name.

XLSB = "est un classeur Excel binaire (.xlsb) : enregistrez-le au format Excel (.xlsx)"
UNREADABLE = "ne peut pas être lu"
XLS_HEADER = label(0, 0, "reference") + label(0, 1, "nom")


@functools.cache
def legacy(kind: str) -> bytes:
    if kind == "xlsb":  # 1 KB: the reader asked for a 549 GB rectangle and aborted the process
        return xlsb(0xFFFFF, 0x3FFF)
    if kind == "xlsb_after_ole_magic":  # not a compound file: the reader then tries it as a zip, an xlsb
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + xlsb(0xFFFFF, 0x3FFF)
    if kind == "xlsb_after_an_xls":  # an xls the reader fails on (an unknown code page): it then tries the zip
        return xls(XLS_HEADER, before=biff(0x0042, struct.pack("<H", 0x1234))) + xlsb(0xFFFFF, 0x3FFF)
    if kind == "xls_iv65536":  # 5 KB: a 65,536 × 256 rectangle built (1 GB) before being refused
        return xls(XLS_HEADER + number(65535, 255, 1))
    if kind == "xls_second_sheet":  # every sheet is built when the workbook opens, not only the first
        return xls(XLS_HEADER, label(0, 0, "x") + number(65535, 199, 1))
    if kind == "xls_declared_dimension":  # the reader reserves the rectangle the sheet declares
        return xls(biff(0x0200, struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 200, 0)) + XLS_HEADER)
    if kind == "xls_shared_string_everywhere":  # one 30,000-character string, in 40,000 cells
        cells = b"".join(label_sst(row, 0, 0) for row in range(1, 40_001))
        return xls(XLS_HEADER + cells, sst=["x" * 30_000])
    if kind == "xls_sheets_at_one_place":  # 20,000 sheets, all at the globals' place: read 20,000 times
        sheet = biff(0x0085, struct.pack("<IBBBB", 0, 0, 0, 1, 0) + b"x")
        return xls(XLS_HEADER, before=sheet * 20_000)
    if kind == "xls_cyclic_sectors":  # the stream's last sector leads back to its first; 4 GB declared
        data = bytearray(xls(XLS_HEADER))  # the FAT in sector 0, the directory in 1, the stream in 2 to 9
        struct.pack_into("<I", data, 512 + 512 + 128 + 120, 0xFFFFFFF0)  # the Workbook entry's size
        struct.pack_into("<I", data, 512 + 9 * 4, 2)  # FAT[9]: sector 2
        return bytes(data)
    raise ValueError(kind)


LEGACY_REFUSALS = {
    "xlsb": ("xlsx", XLSB),
    "xlsb_after_ole_magic": ("xls", UNREADABLE),
    "xlsb_after_an_xls": ("xls", UNREADABLE),
    "xls_iv65536": ("xls", TOO_LARGE),
    "xls_second_sheet": ("xls", TOO_LARGE),
    "xls_declared_dimension": ("xls", TOO_LARGE),
    "xls_shared_string_everywhere": ("xls", TOO_MUCH_TEXT),
    "xls_cyclic_sectors": ("xls", UNREADABLE),
    "xls_sheets_at_one_place": ("xls", ABNORMAL),
}


@pytest.mark.parametrize("face", ["suivi", "prefecture", "mds"])
@pytest.mark.parametrize("kind", LEGACY_REFUSALS)
def test_a_hostile_binary_workbook_is_refused_by_each_pipeline_and_the_process_survives(face, kind):
    extension, message = LEGACY_REFUSALS[kind]
    filename = f"liste-{kind}.{extension}"
    assert_refused(read_in_child(face, legacy(kind), filename), filename, message)


def test_an_ordinary_xlsb_is_refused_as_such_naming_the_file():
    with pytest.raises(ImportFileError, match=re.escape(f"« suivi.xlsb » {XLSB}")):
        read_table(xlsb(1, 1), "suivi.xlsb")


def test_an_ordinary_legacy_workbook_is_still_read():
    data = xls(XLS_HEADER + label(1, 0, "EM-1") + label(1, 1, "Dupré") + number(1, 2, 3.5), label(0, 0, "autre"))
    assert read_table(data, "suivi.xls").rows == [["reference", "nom", ""], ["EM-1", "Dupré", 3.5]]
    shared = xls(XLS_HEADER + label_sst(1, 0, 0) + label_sst(1, 1, 1), sst=["EM-2", "Élise"], small=True)
    assert read_table(shared, "suivi.xls").rows == [["reference", "nom"], ["EM-2", "Élise"]]  # in the mini stream


@pytest.mark.parametrize(
    "data",
    [
        xls(XLS_HEADER)[:-2048],  # the stream's last sectors lie beyond the end of the file
        xls(XLS_HEADER, before=biff(0x002F, struct.pack("<HHH", 1, 1, 1))),  # FilePass: protected by a password
    ],
    ids=["truncated", "password"],
)
def test_a_damaged_or_protected_legacy_workbook_is_refused_as_unreadable(data):
    with pytest.raises(ImportFileError, match="« suivi.xls » " + UNREADABLE):
        read_table(data, "suivi.xls")


# The public faces, with lowered limits: a cell at CV3000 is 300,000 cells (harmless without the bounds).
SMALL_LIMITS = {"PREVEX_IMPORT_MAX_CELLS": 10_000, "PREVEX_IMPORT_MAX_ROWS": 1_000}


@pytest.fixture
def small_limits(settings):
    for name, value in SMALL_LIMITS.items():
        setattr(settings, name, value)


@pytest.fixture
def coordinator_client(client, coordinator, team):
    from prevex.territories.services import communes_load

    communes_load(departement="91")
    client.force_login(coordinator)
    return client


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("url", "extra"),
    [("imports:suivi_upload", {}), ("intake:upload", {"received_on": "2024-03-18"}), ("intake:social_services", {})],
)
def test_each_upload_page_refuses_a_sheet_beyond_the_limits_naming_the_file(
    coordinator_client, small_limits, settings, url, extra
):
    upload = SimpleUploadedFile("grand-tableau.xlsx", one_value("CV3000"))
    response = coordinator_client.post(reverse(url), {"file": upload, **extra})
    assert response.status_code == 200
    assert "« grand-tableau.xlsx » est trop grand pour être importé" in response.content.decode()
    assert not ImportBatch.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize("command", ["import_suivi", "import_prefecture"])
def test_the_import_commands_refuse_a_sheet_beyond_the_limits(team, small_limits, tmp_path, command):
    path = tmp_path / "grand-tableau.ods"
    path.write_bytes(
        ods(b'<table:table-row table:number-rows-repeated="5000">' + ods_cell("x") + b"</table:table-row>")
    )
    with pytest.raises(CommandError, match="« grand-tableau.ods » est trop grand pour être importé"):
        call_command(command, "--team", team.slug, str(path), stdout=io.StringIO())


def test_a_csv_beyond_the_limits_is_refused_naming_the_file(small_limits):
    with pytest.raises(ImportFileError, match="« long.csv » est trop grand"):
        read_table(b"reference;nom\n" + b"\n" * 2_000, "long.csv")
    with pytest.raises(ImportFileError, match="« large.csv » est trop grand"):
        read_table(b";" * 20_000 + b"\n", "large.csv")


# Control characters


def test_nul_and_other_control_characters_are_removed_from_every_cell_but_tab_and_line_breaks():
    data = xlsx(
        HEADER_ROW + b'<row r="2">' + inline("A2", "EM-\x001") + inline("B2", "Dupr\x07_x0000_é\tA\nB") + b"</row>"
    )
    assert read_table(data, "suivi.xlsx").rows[1] == ["EM-1", "Dupré\tA\nB"]
    padding = "".join(f"EM-{n};Nom {n}\n" for n in range(400)).encode()  # the NUL after the first 4 KB
    table = read_table(b"reference;nom\n" + padding + b"EM-X;Dupr\x00\x1b\x0b\xc3\xa9\r\n", "suivi.csv")
    assert table.rows[-1] == ["EM-X", "Dupré"]


@pytest.mark.usefixtures("frozen_today")
def test_a_nul_in_an_imported_name_is_not_stored_and_the_team_export_still_works(coordinator_client, team):
    """On SQLite the NUL was stored and the social-services export failed for the whole team; on PostgreSQL
    the upload failed with a 500 (run this file with DATABASE_URL=postgres://… for that side)."""
    rows = [GOOD_ROW.replace("EM-1", f"EM-{n}") for n in range(2, 40)]  # the NUL beyond the first 4 KB
    data = sheet(*rows, GOOD_ROW.replace("Dupré", "Dup\x00ré"))
    response = coordinator_client.post(reverse("imports:suivi_upload"), {"file": SimpleUploadedFile("s.csv", data)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    coordinator_client.post(reverse("imports:suivi_confirm", args=[batch.public_id]))
    assert Situation.objects.get(reference="EM-1").tenant_last_name == "Dupré"
    export = coordinator_client.get(reverse("intake:social_services_export") + "?tous=1")
    assert export.status_code == 200
    names = [row[1] for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.values]
    assert "Dupré" in names


# No orphan file


def upload_each_way(kind: str, team, user):
    if kind == "suivi":
        return suivi_services.batch_upload(team=team, data=sheet(GOOD_ROW), filename="suivi.csv", user=user)[0]
    if kind == "prefecture":
        data = "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\nP-1;Dupré;Élise;4 rue Pasteur;91300;Massy;10/04/2024\n"
        return intake_services.batch_upload(
            team=team, data=data.encode(), filename="liste.csv", user=user, received_on=dt.date(2024, 3, 18)
        )
    data = "N° procédure;Nom;Connu MDS\nP-1;Dupré;OUI\n".encode()
    return social_services.answer_upload(team=team, data=data, filename="reponse.csv", user=user)


@pytest.mark.parametrize("kind", ["suivi", "prefecture", "mds"])
@pytest.mark.parametrize("failing", ["batch", "journal"])
def test_a_failed_upload_leaves_no_file_behind(
    coordinator_client, coordinator, team, settings, monkeypatch, kind, failing
):
    def fail(*args, **kwargs):
        raise DatabaseError("refused")

    if failing == "batch":
        monkeypatch.setattr(ImportBatch, "save", fail)
    else:
        monkeypatch.setattr(AuditEntry, "log", fail)
    with pytest.raises(DatabaseError):
        upload_each_way(kind, team, coordinator)
    assert stored_files(settings) == [] and not ImportBatch.objects.exists()


@pytest.mark.parametrize("kind", ["suivi", "prefecture", "mds"])
def test_a_successful_upload_keeps_its_file(coordinator_client, coordinator, team, settings, kind):
    batch = upload_each_way(kind, team, coordinator)
    assert stored_files(settings) == [Path(batch.file.path)]


# Logs


def test_a_database_error_reaches_the_log_without_the_data_it_quotes(coordinator, team, monkeypatch, caplog):
    quoted = 'unsupported Unicode escape sequence\nCONTEXT: JSON data, line 1: {"nom": "' + "Dupré"

    def refuse(**kwargs):
        raise DataError(quoted)  # as PostgreSQL refused a NUL in the batch's summary

    monkeypatch.setattr(suivi_services, "batch_upload", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(reverse("imports:suivi_upload"), {"file": SimpleUploadedFile("s.csv", sheet(GOOD_ROW))})
    assert response.status_code == 500
    assert "DataError" in caplog.text and WITHHELD in caplog.text
    assert "Dupré" not in caplog.text


def test_the_console_log_withholds_database_errors_too(settings):
    assert "redact_database_errors" in settings.LOGGING["handlers"]["console"]["filters"]


def test_a_panic_of_the_reader_is_a_french_refusal_not_a_server_error(monkeypatch):
    """python-calamine turns a Rust panic into pyo3's PanicException, a BaseException that `except Exception` misses."""
    from prevex.imports import reading

    PanicException = type("PanicException", (BaseException,), {})

    def panicking(data):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(reading, "_open_workbook", panicking)
    monkeypatch.setattr(reading.bounds, "check_archive", lambda data, filename: set())
    with pytest.raises(reading.ImportFileError, match="liste.xlsx"):
        reading.read_table(b"PK\x03\x04" + b"\0" * 64, "liste.xlsx")
