"""Reading a spreadsheet (xlsx, xls, ods or CSV) into rows of cells, whatever its origin.

The type is told by the content, not by the name: a PDF renamed `.xlsx` is refused in French. Each row
keeps the line number the user sees in the file (a CSV cell may span several lines).
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy xls, or an encrypted (password-protected) workbook
PDF_MAGIC = b"%PDF"
DELIMITERS = (";", ",", "\t")


class ImportFileError(Exception):
    """The file cannot be read at all; the message (one or several French sentences) is for the user."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass
class Table:
    rows: list[list]  # the file's records, in order
    lines: list[int] = field(default_factory=list)  # the line each record starts on (1 = first line)

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
    except (CalamineError, ValueError, OSError, IndexError) as error:
        raise ImportFileError(
            _("Le classeur « %(name)s » ne peut pas être lu (fichier endommagé ou protégé par un mot de passe).")
            % {"name": filename}
        ) from error
    return Table(rows=[list(row) for row in rows])


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; never Latin-1, which would accept anything."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
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
