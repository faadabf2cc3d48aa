"""The bilan as an Excel workbook, shared by the page's download and `manage.py bilan --format xlsx`.

Sheet "Bilan": the scope, then the seed's table (numbers as numbers, percentages as Excel percentages).
Sheet "Données": every figure of the `compute_bilan` dict under its key, for whoever processes the file.
A funder's bilan (`secret`) has its masked figures written « masqué », and the rule under the table. Every
text goes through `append_row`: a sector named « =… » is not a formula.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from prevex.core.downloads import XLSX_CONTENT_TYPE  # noqa: F401 (imported from here by the views)
from prevex.core.spreadsheets import append_row
from prevex.reports.bilan import BilanScope
from prevex.reports.secrecy import secrecy_note
from prevex.reports.table import bilan_table, masked_label

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0 %"
BOLD = Font(bold=True)


def xlsx_filename(scope: BilanScope) -> str:
    return (
        f"bilan-{scope.team.slug}-{scope.start.isoformat()}-{scope.end.isoformat()}-au-{scope.as_of.isoformat()}.xlsx"
    )


def bilan_xlsx(scope: BilanScope, bilan: dict, *, secret: bool = False) -> bytes:
    """The workbook of `bilan` (`compute_bilan(scope)`, masked if `secret`), as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    bilan_workbook(scope, bilan, secret=secret).save(buffer)
    return buffer.getvalue()


def bilan_workbook(scope: BilanScope, bilan: dict, *, secret: bool = False) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bilan")
    _write_title(sheet, scope)
    _write_scope(sheet, scope)
    sheet.append([])
    _write_table(sheet, bilan)
    if secret:
        sheet.append([])
        sheet.append([secrecy_note()])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    _write_data(workbook.create_sheet(_("Données")), bilan)
    workbook.properties.creator = "Prevex"
    workbook.properties.title = _("Bilan de l'équipe mobile")
    return workbook


def _write_title(sheet: Worksheet, scope: BilanScope) -> None:
    append_row(sheet, [_("Bilan de l'équipe mobile de prévention des expulsions")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.column_dimensions["A"].width = 62
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 14


def scope_lines(scope: BilanScope) -> list[tuple[str, object]]:
    """The scope as (French label, value) pairs; dates stay dates."""
    commune = f"{scope.commune.name} ({scope.commune.insee_code})" if scope.commune is not None else _("Toutes")
    return [
        (_("Équipe"), scope.team.name),
        (_("Situations reçues du"), scope.start),
        (_("au"), scope.end),
        (_("Situation arrêtée au"), scope.as_of),
        (_("Secteur"), scope.sector.name if scope.sector is not None else _("Tous")),
        (_("Commune"), commune),
        (_("Organisation"), scope.organisation.name if scope.organisation is not None else _("Toutes")),
    ]


def _write_scope(sheet: Worksheet, scope: BilanScope) -> None:
    for label, value in scope_lines(scope):
        append_row(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
        value_cell = sheet.cell(sheet.max_row, 2)
        value_cell.alignment = Alignment(horizontal="left")
        if hasattr(value, "isoformat"):
            value_cell.number_format = DATE_FORMAT


def _write_row(sheet: Worksheet, row) -> None:
    count = masked_label() if row.masked else row.count
    share = masked_label() if row.share_masked else row.share
    append_row(sheet, [row.label, count, share])
    line = sheet.max_row
    sheet.cell(line, 1).alignment = Alignment(indent=2 if row.detail else 0)
    sheet.cell(line, 3).number_format = PERCENT_FORMAT


def _write_heading(sheet: Worksheet, text: str) -> None:
    append_row(sheet, [text])
    sheet.cell(sheet.max_row, 1).font = BOLD


def breakdown_heading(breakdown) -> str:
    """'Dossiers clôturés par motif (en % des dossiers clôturés)'."""
    return _("%(title)s (en %% %(base)s)") % {"title": breakdown.title, "base": breakdown.base_label}


def _write_table(sheet: Worksheet, bilan: dict) -> None:
    append_row(sheet, [_("Indicateur"), _("Nombre"), _("Pourcentage")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for section in bilan_table(bilan).sections:
        _write_heading(sheet, section.title)
        for row in section.rows:
            _write_row(sheet, row)
        for breakdown in section.breakdowns:
            _write_heading(sheet, breakdown_heading(breakdown))
            for row in breakdown.rows:
                _write_row(sheet, row)


def flatten(data: dict, prefix: str = "") -> list[tuple[str, object]]:
    """{'open': {'total': 3}} -> [('open.total', 3)], in the dict's order."""
    items = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            items += flatten(value, f"{path}.")
        else:
            items.append((path, value))
    return items


def _write_data(sheet: Worksheet, bilan: dict) -> None:
    append_row(sheet, [_("Clé"), _("Valeur")])
    for cell in sheet[1]:
        cell.font = BOLD
    for key, value in flatten(bilan):
        append_row(sheet, [key, masked_label() if value is None else value])
    sheet.column_dimensions["A"].width = 40
