"""What confirming a préfecture list writes, decided by its preview and kept with the pending batch.

Deciding a 10,000-row list (reading every row, matching it with the team's situations, checking what is more
recent) takes longer than writing it. The preview's decisions are kept in the batch's summary with the
watermark of the team's journal taken before they were made (`imports.watermark`); confirming writes them as
they are if the watermark is the same — nothing was written for the team since, and it is the same day — and
decides again otherwise, as it always did. The plan is the file's content in another form: it lives as long as
the pending batch's summary (dropped at confirmation, by a purge, or when a household of the file is erased).
"""

from dataclasses import dataclass

from prevex.imports.pipeline import Decision
from prevex.imports.services import PLAN_KEY as KEY
from prevex.situations.models import Situation
from prevex.territories.models import Commune


@dataclass
class NewRow:
    """A row creating a situation: its fields as the list gives them."""

    line: int
    values: dict
    commune: Commune


@dataclass
class UpdateRow:
    """A row updating a known situation: the fields it changes, and how the preview showed the changes."""

    line: int
    situation_id: int
    values: dict
    shown: list[dict]  # {"field", "before", "after"}, as the preview's row shows them


@dataclass
class Plan:
    new: list[NewRow]
    updates: list[UpdateRow]

    @classmethod
    def of(cls, preview) -> "Plan":
        """The rows of a preview that confirming writes."""
        new = [
            NewRow(row.line, row.candidate.values, row.candidate.commune)
            for row in preview.rows
            if row.decision == Decision.NEW
        ]
        updates = [
            UpdateRow(
                row.line,
                row.existing.pk,
                {name: after for name, (_before, after) in row.changes.items()},
                row.changes_shown(),
            )
            for row in preview.rows
            if row.decision == Decision.UPDATE
        ]
        return cls(new, updates)


VERSION = 1  # of the plan's shape and of the decisions it holds: a plan kept by another version is decided again


def kept(preview, watermark: list, fingerprint: str) -> dict:
    """The plan of a preview as its batch's summary keeps it (JSON), with the watermark it was decided at and the
    fingerprint of the preview shown (`preview.fingerprint()`). The new rows' values are kept as one list per row
    in the order of `fields` (the row reader gives every row the same fields): half the size of a dict per row."""
    plan = Plan.of(preview)
    fields = list(plan.new[0].values) if plan.new else []
    if any(list(row.values) != fields for row in plan.new):
        return {}  # never happens with the row reader; then the list is decided again at confirmation
    return {
        "version": VERSION,
        "watermark": watermark,
        "fingerprint": fingerprint,
        "fields": fields,
        "new": [[row.line, row.commune.pk, *map(_as_json, row.values.values())] for row in plan.new],
        "updates": [
            [row.line, row.situation_id, {name: _as_json(value) for name, value in row.values.items()}, row.shown]
            for row in plan.updates
        ],
    }


def _as_json(value):
    """A situation value as JSON: dates and amounts as text (`_typed` reads them back)."""
    return value if isinstance(value, _NATIVE) else str(value)


_NATIVE = (str, int, bool, type(None))


def current(summary: dict, watermark: list) -> Plan | None:
    """The plan kept in a batch's summary, if it was decided at this watermark for the preview shown."""
    data = summary.get(KEY)
    if not data or data.get("version") != VERSION:
        return None
    if data["watermark"] != watermark or data["fingerprint"] != summary.get("fingerprint"):
        return None
    communes = Commune.objects.in_bulk({row[1] for row in data["new"]})
    fields = data["fields"]
    return Plan(
        new=[
            NewRow(line, _typed(dict(zip(fields, values, strict=True))), communes[code])
            for line, code, *values in data["new"]
        ],
        updates=[UpdateRow(line, pk, _typed(values), shown) for line, pk, values, shown in data["updates"]],
    )


def _typed(values: dict) -> dict:
    """Situation field -> value, from JSON (dates and amounts were written as text)."""
    fields = {name: Situation._meta.get_field(name) for name in values}
    return {name: None if value is None else fields[name].to_python(value) for name, value in values.items()}


def without_plan(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key != KEY}
