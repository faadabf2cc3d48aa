"""What Prevex writes into a spreadsheet (Excel or CSV export) is never read as a formula.

Excel and LibreOffice run a cell whose text starts with =, +, -, @, a tab or a carriage return as a formula
(CSV or formula injection, OWASP): a name typed « =HYPERLINK(…) » would become a live link in the file the
Département opens. Every export writes its values through `append_row` (Excel) or `safe_row` (CSV), which
keep the text but make it text; forms and imports also refuse a leading « = » (`is_formula`, `NoFormulaMixin`).
"""

import re

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number written as text ("-12", "+3,5") is left alone: Excel reads it as that number, never as a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value):
    """`value`, or its text after a « ' » when a spreadsheet would read it as a formula (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    """For CSV, where only the « ' » makes a formula-like text inert."""
    return [safe_cell(value) for value in values]


def append_row(sheet, values) -> None:
    """Append to an openpyxl sheet: a text that a spreadsheet would run is stored as text with Excel's own
    « quote prefix » (the cell shows « +33 6… » as typed, no visible « ' », and stays text when edited)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl made a text starting with « = » a formula
            cell.quotePrefix = True


def is_formula(value: str) -> bool:
    """Text that starts like a formula (« = », « += », « -= »), refused by the imports and forms."""
    return len(value) > 1 and value.startswith(("=", "+=", "-="))


def formula_message(field_label) -> str:
    return _(
        "« %(field)s » ne peut pas commencer par « = » (ce serait une formule de tableur) : "
        "saisissez le texte lui-même."
    ) % {"field": field_label}


class NoFormulaMixin:
    """A form whose free-text fields refuse a value starting like a formula, naming the field in French."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name in self.fields and isinstance(value, str) and is_formula(value.lstrip()):
                self.add_error(name, formula_message(self.fields[name].label or name))
        return cleaned
