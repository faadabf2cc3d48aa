"""Reading a spreadsheet (xlsx, xls, ods or CSV) into rows of cells, whatever its origin.

The type is told by the content, not by the name: a PDF renamed `.xlsx` is refused in French. Each row
keeps the line number the user sees in the file (a CSV cell may span several lines).
"""

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from prevex.imports import bounds
from prevex.imports.cells import without_control_characters

ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy xls, or an encrypted (password-protected) workbook
PDF_MAGIC = b"%PDF"
DELIMITERS = (";", ",", "\t")
# UTF-8 bytes read as Windows-1252: 'Ã©' for 'é', 'â‚¬' for '€'… the sign of a file mixing both encodings.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2018-\u203a]|â‚¬|â€")


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
    """The file's first sheet; NUL and the other control characters (but tab and line breaks) removed from every
    cell: PostgreSQL refuses them, and the exports (openpyxl) then fail for the whole team."""
    table = _read_table(data, filename)
    for row in table.rows:
        for index, cell in enumerate(row):
            if type(cell) is str:
                row[index] = without_control_characters(cell)
    return table


def _read_table(data: bytes, filename: str) -> Table:
    if len(data) > settings.PREVEX_IMPORT_MAX_BYTES:  # each pipeline checks it first; the reader checks it too
        raise ImportFileError(
            _("« %(name)s » dépasse la taille maximale de %(limit)s Mo.")
            % {"name": filename, "limit": settings.PREVEX_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
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
        # Measured before the reader sees it: it would abort the process, or exhaust its memory, not raise.
        if data.startswith(ZIP_MAGIC):
            formulas = bounds.check_archive(data, filename)
        else:
            bounds.check_ole(data, filename)
            formulas = set()
    except bounds.BoundError as error:
        raise ImportFileError(str(error)) from error
    try:
        workbook = _open_workbook(data)
        sheet = workbook.get_sheet_by_index(0)
        height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        bounds.check_extent(height, width, filename)  # measured already: a second guard, at no cost
        rows = sheet.to_python(skip_empty_area=False)  # keep leading empty rows: line numbers stay the file's
        merged = list(sheet.merged_cell_ranges or [])
    except bounds.BoundError as error:
        raise ImportFileError(str(error)) from error
    except (CalamineError, ValueError, OSError, IndexError) as error:
        raise _unreadable(filename) from error
    except BaseException as error:  # a panic of the Rust reader derives from BaseException, not Exception
        if type(error).__name__ != "PanicException":
            raise
        raise _unreadable(filename) from error
    rows = [list(row) for row in rows]
    return Table(rows=rows, merged=_merged_within(merged, rows, filename), formulas=formulas)


def _unreadable(filename: str) -> ImportFileError:
    return ImportFileError(
        _("Le classeur « %(name)s » ne peut pas être lu (fichier endommagé ou protégé par un mot de passe).")
        % {"name": filename}
    )


def _open_workbook(data: bytes) -> CalamineWorkbook:
    if data.startswith(ZIP_MAGIC):
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    # Read as a legacy .xls and nothing else (the reader goes by a path's extension): from bytes, once the
    # compound file failed, it would try the same bytes as a zip, so an xlsb behind a few OLE bytes, never
    # measured. A modern .xls holds zips (its theme): the bytes cannot be refused for holding one.
    with tempfile.NamedTemporaryFile(suffix=".xls") as file:
        file.write(data)
        file.flush()
        return CalamineWorkbook.from_path(file.name)  # the sheets are read when it opens


def _merged_within(merged: list, rows: list[list], filename: str) -> list:
    """The merged areas, cut to the cells read: a merge may claim the whole sheet, and is walked cell by cell."""
    height, width = len(rows), max((len(row) for row in rows), default=0)
    areas, covered = {}, 0
    for (first_row, first_col), (last_row, last_col) in merged:
        last_row, last_col = min(last_row, height - 1), min(last_col, width - 1)
        if first_row > last_row or first_col > last_col or ((first_row, first_col), (last_row, last_col)) in areas:
            continue
        areas[(first_row, first_col), (last_row, last_col)] = None
        covered += (last_row - first_row + 1) * (last_col - first_col + 1)
        if covered > max(height * width, 1):  # merges do not overlap: together, at most the sheet
            raise ImportFileError(bounds.too_large(filename, bounds.Limits.from_settings()).args[0])
    return list(areas)


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
    rows, lines, line, cells = [], [], 1, 0
    limits = bounds.Limits.from_settings()
    try:
        for record in reader:
            rows.append(record)
            lines.append(line)
            line = reader.line_num + 1
            cells += max(len(record), 1)  # an empty line costs a row all the same
            if len(rows) > limits.rows or len(record) > limits.columns or cells > limits.cells:
                raise ImportFileError(str(bounds.too_large(filename, limits)))
    except csv.Error as error:
        raise ImportFileError(
            _("« %(name)s » : le CSV est mal formé vers la ligne %(line)s (cellule démesurée ou guillemet mal placé).")
            % {"name": filename, "line": line}
        ) from error
    return Table(rows=rows, lines=lines)
