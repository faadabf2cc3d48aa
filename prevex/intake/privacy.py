"""What the préfecture lists and the social services' answers hold about a household, for the privacy
registry: the rows of their batches (the file itself is handled with every batch, `prevex/imports/privacy.py`).
"""

from django.utils.translation import gettext as _

from prevex.imports import cells
from prevex.imports.models import ImportKind
from prevex.imports.pipeline import Decision
from prevex.imports.privacy import describe, erase_rows, team_batches
from prevex.imports.reading import ImportFileError


def _prefecture_rows_about(situation, batch):
    public_id = str(situation.public_id)
    created_here = batch.pk == situation.import_batch_id

    def is_about(row: dict) -> bool:
        # A conflict's row names the situation with its reference, but is about another household.
        named = row.get("existing") == public_id and row.get("decision") != Decision.CONFLICT
        return named or (created_here and row.get("line") == situation.import_row)

    return is_about


def _answers_about(situation):
    return lambda row: row.get("situation") == situation.pk


def anonymise(situation) -> None:
    blank = {
        "name": "",
        "changes": [],
        "conflicts": [],
        "errors": [],
        "warnings": [],
        "reason": _("données effacées"),
    }
    for batch in team_batches(situation, ImportKind.PREFECTURE):
        erase_rows(batch, _prefecture_rows_about(situation, batch), situation_pk=situation.pk, blank=blank)
    for batch in team_batches(situation, ImportKind.SOCIAL_SERVICES):
        erase_rows(batch, _answers_about(situation), blank={"name": "", "errors": []})


def personal_data(situation) -> dict:
    prefecture = []
    for batch in team_batches(situation, ImportKind.PREFECTURE, locked=False):
        rows = list(filter(_prefecture_rows_about(situation, batch), batch.summary.get("details", [])))
        received = _rows_as_received(batch, {row["line"] for row in rows}) if rows else {}
        prefecture += [_prefecture_row(batch, row, received.get(row["line"])) for row in rows]
    answers = [
        {
            **describe(batch),
            "line": row["line"],
            "known": row.get("known"),
            "service": row.get("service", ""),
            "errors": row.get("errors", []),
        }
        for batch in team_batches(situation, ImportKind.SOCIAL_SERVICES, locked=False)
        for row in filter(_answers_about(situation), batch.summary.get("details", []))
    ]
    return {"prefecture_rows": prefecture, "social_services_answers": answers}


def _prefecture_row(batch, row: dict, as_received: dict | None) -> dict:
    return {
        **describe(batch),
        "received_on": batch.received_on.isoformat() if batch.received_on else None,
        "line": row["line"],
        "decision": row["decision"],
        "reason": row.get("reason", ""),
        "as_received": as_received,  # the cells of the file while it is kept
        "read": {
            key: row.get(key)
            for key in ("name", "commune", "hearing_date", "reference", "changes", "conflicts", "warnings")
        },
    }


def _rows_as_received(batch, lines: set) -> dict:
    """{line: {column title: cell as text}} read from the kept file ({} once the file is deleted)."""
    from prevex.intake.prefecture.services import _read_batch

    if not batch.file:
        return {}
    try:
        layout = _read_batch(batch)
    except (ImportFileError, OSError):
        return {}
    return {
        line: {
            header or f"#{index + 1}": cells.text(cell)
            for index, (header, cell) in enumerate(zip(layout.headers, row, strict=False))
        }
        for line, row in layout.data
        if line in lines
    }
