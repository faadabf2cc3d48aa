"""Reading one data row of a file through its column mapping, with one policy for every pipeline.

Problems that block the row are errors (a formula, a merged cell, a text too long, a value that cannot be
parsed); a phone number or an e-mail that cannot be used is only a warning: the household is still imported,
without it, and the preview says so. Reading a row touches no database.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from prevex.core.spreadsheets import is_formula
from prevex.core.validators import normalize_french_phone
from prevex.imports import cells
from prevex.imports.columns import IGNORED, Catalogue

_FORMULA_FIRST = frozenset("=+-")


def _is_formula(value: str) -> bool:
    """`is_formula`, asked of every cell: most start with another character, and are not looked at further."""
    return value[:1] in _FORMULA_FIRST and is_formula(value)


def _formula_message(value: str) -> str:
    return _("« %(value)s » est une formule, pas une valeur") % {"value": value[:40]}


def phone_unusable(raw: str) -> str:
    return _("numéro de téléphone inutilisable (« %(value)s ») : non importé") % {"value": raw}


def email_unusable(raw: str) -> str:
    return _("adresse e-mail inutilisable (« %(value)s ») : non importée") % {"value": raw}


class RowReader:
    """What reading the rows of one file needs: its headers, its mapping (a field per column), where its
    formulas and vertical merges are, and the catalogue that names the fields."""

    def __init__(
        self,
        headers: list[str],
        mapping: list[str],
        catalogue: Catalogue,
        *,
        formulas=frozenset(),
        merged_rows=None,
        max_lengths: dict | None = None,
    ):
        self.headers = headers
        self.columns = {key: index for index, key in enumerate(mapping) if key != IGNORED}
        self.catalogue = catalogue
        self.merged_rows = merged_rows or {}  # line -> its columns merged with other rows
        self.formula_columns: dict[int, set[int]] = {}  # line -> its columns holding a formula
        for line, column in formulas:
            self.formula_columns.setdefault(line, set()).add(column)
        self.max_lengths = max_lengths or {}

    def header(self, key: str) -> str:
        """The column as the file names it (the field's label when the column has no title, or is absent)."""
        index = self.columns.get(key)
        return self.headers[index] if index is not None and self.headers[index] else self.catalogue.label(key)


class Row:
    """One row being read: its cells by field, and the errors and warnings it collects, (header, message)."""

    def __init__(self, reader: RowReader, line: int, cells_: list):
        self.reader, self.line, self.row = reader, line, cells_
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        # Most rows have no formula nor merged cell: looked up once per row, not once per cell.
        self._formula_columns = reader.formula_columns.get(line, ())
        self._merged_columns = reader.merged_rows.get(line, ())
        self._suspect = bool(self._formula_columns or self._merged_columns)

    def error(self, key: str, message: str) -> None:
        """Said once: a cell that several rules read (a code, then the event it belongs to) is one problem."""
        error = (self.reader.header(key), message)
        if error not in self.errors:
            self.errors.append(error)

    def warn(self, key: str, message: str) -> None:
        self.warnings.append((self.reader.header(key), message))

    def has_error(self, key: str) -> bool:
        return any(header == self.reader.header(key) for header, _message in self.errors)

    def given(self, key: str) -> bool:
        return key in self.reader.columns

    def raw(self, key: str):
        """The field's cell (None when the file has no such column), or None and an error when it holds a formula
        without a value or is merged with other rows."""
        index = self.reader.columns.get(key)
        if index is None or index >= len(self.row):
            return None
        return self._checked(key, index) if self._suspect else self.row[index]

    def _checked(self, key: str, index: int):
        cell = self.row[index]
        if index in self._formula_columns and not cells.text(cell):
            self.error(key, _("la cellule contient une formule sans valeur : saisissez la valeur elle-même"))
            return None
        if index in self._merged_columns:
            self.error(
                key, _("cellule fusionnée avec d'autres lignes : défusionnez pour que chaque ligne ait sa valeur")
            )
            return None
        return cell

    def text(self, key: str) -> str:
        """The field's text, or "" and an error when it is a formula or longer than the field holds."""
        value = cells.text(self.raw(key))
        if _is_formula(value):
            self.error(key, _formula_message(value))
            return ""
        limit = self.reader.max_lengths.get(key)
        if limit and len(value) > limit:
            self.error(
                key,
                _("texte trop long (%(count)s caractères, %(limit)s au plus)") % {"count": len(value), "limit": limit},
            )
            return ""
        return value

    def parsed(self, key: str, parser):
        """The cell parsed by `parser` (one of `cells`), or None and an error. No formula is a date, an amount or
        a postal code: a cell is asked whether it is one only once its parser refused it, to say so."""
        raw = self.raw(key)
        if raw is None:
            return None
        try:
            return parser(raw)
        except cells.CellError as error:
            value = cells.text(raw)
            self.error(key, _formula_message(value) if is_formula(value) else str(error))
            return None

    def phone(self, key: str = "phone") -> str:
        raw = self.text(key)
        if not raw:
            return ""
        try:
            return normalize_french_phone(raw[:40])
        except ValidationError:
            self.warn(key, phone_unusable(raw))
            return ""

    def email(self, key: str = "email") -> str:
        raw = self.text(key)
        if not raw:
            return ""
        try:
            validate_email(raw)
        except ValidationError:
            self.warn(key, email_unusable(raw))
            return ""
        return raw
