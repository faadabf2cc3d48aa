import datetime as dt
import io

import openpyxl
import pytest

from prevex.imports.reading import ImportFileError, read_table, sniff_delimiter
from prevex.imports.tests.conftest import DATA, workbook


def test_a_workbook_keeps_excel_values_and_line_numbers():
    data = workbook(
        ["Tableau de suivi"], [], ["reference", "date_reception", "code_postal"], ["EM-1", dt.date(2024, 3, 1), 91200]
    )
    table = read_table(data, "suivi.xlsx")
    assert table.rows[2] == ["reference", "date_reception", "code_postal"]
    assert table.rows[3][1] == dt.date(2024, 3, 1) and table.rows[3][2] == 91200
    assert table.lines == [1, 2, 3, 4]


def test_a_workbook_whose_first_rows_are_empty_keeps_the_file_line_numbers():
    book = openpyxl.Workbook()
    book.active["A3"], book.active["A4"] = "reference", "EM-1"
    output = io.BytesIO()
    book.save(output)
    table = read_table(output.getvalue(), "suivi.xlsx")
    assert [row[0] for row in table.rows][2:] == ["reference", "EM-1"]


def test_the_sample_workbook_is_read_with_real_dates():
    table = read_table((DATA / "tableau-de-suivi-exemple.xlsx").read_bytes(), "x.xlsx")
    assert len(table.rows) == 401 and table.rows[1][1] == dt.date(2022, 1, 22)


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        ("reference;nom\nEM-1;Müller\n".encode("cp1252"), ";"),
        ("reference,nom\r\nEM-1,Müller\r\n".encode(), ","),
        ("\ufeffreference;nom\nEM-1;Müller\n".encode(), ";"),  # UTF-8 with a BOM, as Excel saves it
        ("reference\tnom\nEM-1\tMüller\n".encode(), "\t"),
    ],
)
def test_csv_encodings_and_delimiters(data, delimiter):
    assert read_table(data, "suivi.csv").rows == [["reference", "nom"], ["EM-1", "Müller"]]


def test_windows_1252_is_not_mistaken_for_latin_1():
    data = "reference;nom\nEM-1;Œillet – 5 €\n".encode("cp1252")
    assert read_table(data, "s.csv").rows[1] == ["EM-1", "Œillet – 5 €"]


def test_a_cell_over_several_lines_does_not_shift_the_line_numbers():
    data = 'reference;observations\nEM-1;"appelée,\nrappeler\nlundi"\nEM-2;RAS\n'.encode()
    table = read_table(data, "suivi.csv")
    assert [row[0] for row in table.rows] == ["reference", "EM-1", "EM-2"]
    assert table.lines == [1, 2, 5]


def test_sniffing_the_delimiter():
    assert (sniff_delimiter("a;b;c"), sniff_delimiter("a,b,c"), sniff_delimiter("a")) == (";", ",", ";")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "vide.csv", "Le fichier « vide.csv » est vide."),
        (b" \r\n\n", "vide.csv", "Le fichier « vide.csv » est vide."),
        (b"%PDF-1.7\n%binary", "liste.xlsx", "« liste.xlsx » est un PDF, pas un tableur"),
        (b"%PDF-1.7\nplain", "liste.csv", "« liste.csv » est un PDF, pas un tableur"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "photo.csv", "« photo.csv » n'est pas un tableur lisible"),
        (b"plain text", "liste.xlsx", "« liste.xlsx » n'est pas un tableur lisible"),
        (b"PK\x03\x04garbage-not-a-workbook", "abime.xlsx", "Le classeur « abime.xlsx » ne peut pas être lu"),
        (b"reference;nom\nEM-1;ok\nEM-2;" + b"x" * 200_000, "long.csv", "le CSV est mal formé vers la ligne 3"),
    ],
)
def test_unreadable_files_are_refused_in_french(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(data, name)


def test_a_text_file_in_neither_utf8_nor_windows_1252_is_refused():
    with pytest.raises(ImportFileError, match="L'encodage de « s.csv » n'est pas reconnu"):
        read_table(b"reference;nom\nEM-1;\x81\x8d\n", "s.csv")
