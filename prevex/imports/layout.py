"""Finding the table in a sheet (a préfecture's list, a team's tracking sheet): the header row below any title
block, then the data rows.

Empty rows, total rows and section titles (one merged cell across the row) are skipped and not counted.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from prevex.core.text import normalize
from prevex.imports import cells
from prevex.imports.columns import Catalogue
from prevex.imports.reading import ImportFileError, Table

HEADER_SEARCH_ROWS = 30  # a title block is a few lines; a header further down is not a header
MIN_HEADER_MATCHES = 3


@dataclass
class Layout:
    header_index: int  # in table.rows
    header_line: int  # in the file
    headers: list[str]
    data: list[tuple[int, list]] = field(default_factory=list)  # (file line, cells) of each data row
    merged_rows: dict = field(default_factory=dict)  # row index -> columns covered by a vertical merge
    formulas: set = field(default_factory=set)  # (row index, column) holding a formula
    skipped_total_rows: int = 0

    @property
    def signature(self) -> list[str]:
        """The normalised headers: what a saved mapping profile is recognised by."""
        return [normalize(header) for header in self.headers]


def _texts(row: list) -> list[str]:
    return [cells.text(cell) for cell in row]


def _header_score(row: list, catalogue: Catalogue) -> int:
    return sum(1 for text in _texts(row) if text and catalogue.match_header(text))


def find_header(
    table: Table, *, catalogue: Catalogue, signature: list[str] | None = None, min_matches: int = MIN_HEADER_MATCHES
) -> int:
    """The index of the header row: the row equal to a known signature, else the first best-scoring row."""
    candidates = list(enumerate(table.rows[:HEADER_SEARCH_ROWS]))
    if signature:
        for index, row in candidates:
            if [normalize(text) for text in _texts(row)][: len(signature)] == signature:
                return index
    best, best_score = None, min_matches - 1
    for index, row in candidates:
        score = _header_score(row, catalogue)
        if score > best_score:
            best, best_score = index, score
    if best is None:
        raise ImportFileError(
            _(
                "Ligne d'en-tête introuvable dans les %(count)s premières lignes : le fichier doit avoir une ligne "
                "de titres de colonnes (par exemple « Nom », « Adresse », « Code postal », « Date d'audience »)."
            )
            % {"count": HEADER_SEARCH_ROWS}
        )
    return best


def _is_total(texts: list[str]) -> bool:
    first = next((text for text in texts if text), "")
    return normalize(first).startswith(("total", "sous total", "nombre", "nb "))


def _section_rows(table: Table) -> set[int]:
    """Rows made of one merged cell across several columns: titles, not households."""
    return {
        first_row
        for (first_row, first_col), (last_row, last_col) in table.merged
        if first_row == last_row and last_col > first_col
    }


def _vertical_merges(table: Table) -> dict[int, set[int]]:
    covered: dict[int, set[int]] = {}
    for (first_row, first_col), (last_row, last_col) in table.merged:
        if last_row > first_row:
            for row in range(first_row, last_row + 1):
                covered.setdefault(row, set()).update(range(first_col, last_col + 1))
    return covered


def read_layout(
    table: Table,
    *,
    catalogue: Catalogue,
    signature: list[str] | None = None,
    min_matches: int = MIN_HEADER_MATCHES,
    require_data: bool = True,
) -> Layout:
    if not any(any(_texts(row)) for row in table.rows):
        raise ImportFileError(_("La feuille est vide : aucune ligne à lire."))
    header_index = find_header(table, catalogue=catalogue, signature=signature, min_matches=min_matches)
    width = max((len(row) for row in table.rows), default=0)
    headers = _texts(table.rows[header_index]) + [""] * (width - len(table.rows[header_index]))
    layout = Layout(header_index, table.lines[header_index], headers, formulas=table.formulas)
    sections, vertical = _section_rows(table), _vertical_merges(table)
    for index in range(header_index + 1, len(table.rows)):
        row = table.rows[index]
        texts = _texts(row)
        if not any(texts) or index in sections:
            continue
        if _is_total(texts):
            layout.skipped_total_rows += 1
            continue
        layout.data.append((table.lines[index], row + [""] * (width - len(row))))
        if index in vertical:
            layout.merged_rows[table.lines[index]] = vertical[index]
    layout.formulas = {(table.lines[row], column) for row, column in table.formulas}
    if not layout.data and require_data:
        raise ImportFileError(
            _("Aucune ligne de données sous l'en-tête (ligne %(line)s).") % {"line": layout.header_line}
        )
    return layout
