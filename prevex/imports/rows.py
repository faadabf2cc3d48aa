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
        self.formulas = formulas
        self.merged_rows = merged_rows or {}
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

    def error(self, key: str, message: str) -> None:
        self.errors.append((self.reader.header(key), message))

    def warn(self, key: str, message: str) -> None:
        self.warnings.append((self.reader.header(key), message))

    def has_error(self, key: str) -> bool:
        return any(header == self.reader.header(key) for header, _message in self.errors)

    def given(self, key: str) -> bool:
        return key in self.reader.columns

    def raw(self, key: str):
        index = self.reader.columns.get(key)
        if index is None or index >= len(self.row):
            return None
        if (self.line, index) in self.reader.formulas and not cells.text(self.row[index]):
            self.error(key, _("la cellule contient une formule sans valeur : saisissez la valeur elle-même"))
            return None
        if index in self.reader.merged_rows.get(self.line, ()):
            self.error(
                key, _("cellule fusionnée avec d'autres lignes : défusionnez pour que chaque ligne ait sa valeur")
            )
            return None
        return self.row[index]

    def text(self, key: str) -> str:
        value = cells.text(self.raw(key))
        if is_formula(value):
            self.error(key, _("« %(value)s » est une formule, pas une valeur") % {"value": value[:40]})
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
        raw = self.raw(key)
        if is_formula(cells.text(raw)):
            self.error(key, _("« %(value)s » est une formule, pas une valeur") % {"value": cells.text(raw)[:40]})
            return None
        try:
            return parser(raw) if raw is not None else None
        except cells.CellError as error:
            self.error(key, str(error))
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
