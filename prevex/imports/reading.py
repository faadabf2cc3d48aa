"""Reading a spreadsheet (xlsx, xls, ods or CSV) into rows of cells, whatever its origin."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"  # xlsx and ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy xls, or an encrypted (password-protected) workbook


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class Table:
    rows: list[list]  # the file's lines; rows[0] is line 1


def read_table(data: bytes, filename: str) -> Table:
    if not data.strip():
        raise ImportFileError(_("Le fichier « %(name)s » est vide.") % {"name": filename})
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return _read_workbook(data, filename)
    if filename.lower().endswith((".xlsx", ".xls", ".ods")) or b"\x00" in data[:4096]:
        raise ImportFileError(_("« %(name)s » n'est pas un tableur lisible (Excel ou CSV).") % {"name": filename})
    return _read_csv(data, filename)


def _read_workbook(data: bytes, filename: str) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as error:
        raise ImportFileError(
            _("Le classeur « %(name)s » ne peut pas être lu (fichier endommagé ou protégé par un mot de passe).")
            % {"name": filename}
        ) from error
    return Table(rows=[list(row) for row in rows])


def _decode(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("L'encodage de « %(name)s » n'est pas reconnu (UTF-8 ou Windows-1252).") % {"name": filename}
    )


def _read_csv(data: bytes, filename: str) -> Table:
    text = _decode(data, filename)
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    return Table(rows=[list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)])
