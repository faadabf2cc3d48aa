"""Reading a spreadsheet (xlsx, xls, ods or CSV) into rows of cells, whatever its origin.

The type is told by the content, not by the name: a PDF renamed `.xlsx` is refused in French. Each row
keeps the line number the user sees in the file (a CSV cell may span several lines).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy xls, or an encrypted (password-protected) workbook
PDF_MAGIC = b"%PDF"
DELIMITERS = (";", ",", "\t")
# UTF-8 bytes read as Windows-1252: 'Ã©' for 'é', 'â‚¬' for '€'… the sign of a file mixing both encodings.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2018-\u203a]|â‚¬|â€")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f[ >/]')


class ImportFileError(Exception):
    """The file cannot be read at all; the message (one or several French sentences) is for the user."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass
class Table:
    rows: list[list]  # the file's records, in order
    lines: list[int] = field(default_factory=list)  # the line each record starts on (1 = first line)
    # Workbooks only, 0-based (row, column) like `rows`: merged areas ((first row, first col), (last row,
    # last col)) and the cells that hold a formula.
    merged: list = field(default_factory=list)
    formulas: set = field(default_factory=set)

    def __post_init__(self):
        if not self.lines:
            self.lines = list(range(1, len(self.rows) + 1))


def read_table(data: bytes, filename: str) -> Table:
    if not data.strip():
        raise ImportFileError(_("Le fichier « %(name)s » est vide.") % {"name": filename})
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return _read_workbook(data, filename)
    if data.startswith(PDF_MAGIC):
        raise ImportFileError(
            _("« %(name)s » est un PDF, pas un tableur : enregistrez le tableau au format Excel (.xlsx) ou CSV.")
            % {"name": filename}
        )
    if filename.lower().endswith((".xlsx", ".xls", ".ods")) or b"\x00" in data[:4096]:
        raise ImportFileError(_("« %(name)s » n'est pas un tableur lisible (Excel ou CSV).") % {"name": filename})
    return _read_csv(data, filename)


def _read_workbook(data: bytes, filename: str) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)  # keep leading empty rows: line numbers stay the file's
        merged = list(sheet.merged_cell_ranges or [])
    except (CalamineError, ValueError, OSError, IndexError) as error:
        raise ImportFileError(
            _("Le classeur « %(name)s » ne peut pas être lu (fichier endommagé ou protégé par un mot de passe).")
            % {"name": filename}
        ) from error
    return Table(rows=[list(row) for row in rows], merged=merged, formulas=_formula_cells(data))


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1


def _formula_cells(data: bytes) -> set[tuple[int, int]]:
    """(row, column) of the first sheet's formula cells, read from the xlsx XML (calamine gives values only)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()  # xls, ods, or a workbook whose first sheet has another name: no formula check
    return {(int(row) - 1, _column_index(column)) for column, row in _FORMULA_CELL.findall(xml)}


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; never Latin-1, which would accept anything."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and (mixed := _MOJIBAKE.search(text)):
        line = text.count("\n", 0, mixed.start()) + 1
        raise ImportFileError(
            _(
                "« %(name)s » mélange deux encodages (UTF-8 et Windows-1252), par exemple ligne %(line)s : "
                "enregistrez-le à nouveau en CSV UTF-8 depuis votre tableur."
            )
            % {"name": filename, "line": line}
        )
    if text is not None:
        return text
    raise ImportFileError(
        _("L'encodage de « %(name)s » n'est pas reconnu (UTF-8 ou Windows-1252).") % {"name": filename}
    )


def sniff_delimiter(first_line: str) -> str:
    """`;`, `,` or tab: the one the header line uses most (`;` when it has none)."""
    best = max(DELIMITERS, key=first_line.count)
    return best if first_line.count(best) else ";"


def _read_csv(data: bytes, filename: str) -> Table:
    text = _decode(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n", 1)[0]))
    rows, lines, line = [], [], 1
    try:
        for record in reader:
            rows.append(record)
            lines.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            _("« %(name)s » : le CSV est mal formé vers la ligne %(line)s (cellule démesurée ou guillemet mal placé).")
            % {"name": filename, "line": line}
        ) from error
    return Table(rows=rows, lines=lines)
