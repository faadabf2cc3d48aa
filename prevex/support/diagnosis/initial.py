"""What the form of a new version shows first: the current version's values (or a first diagnosis's defaults),
or, after « Ajouter une personne », what was typed."""

import datetime as dt

from prevex.support.diagnosis.forms import CHARGE_KINDS, RESOURCE_KINDS, DiagnosisForm

ROW_FIELDS = ("role", "age", "disability_rate")


def form_initial(previous, today: dt.date) -> dict:
    if previous is None:
        return {"diagnosed_on": today, "based_on": 0}
    values = {name: getattr(previous, name) for name in DiagnosisForm.Meta.fields}
    values |= {f"resource_{kind.name}": previous.amount_of(kind.name) or None for kind in RESOURCE_KINDS}
    values |= {f"charge_{kind.name}": previous.amount_of(kind.name) or None for kind in CHARGE_KINDS}
    return values | {"diagnosed_on": today, "based_on": previous.number}


def persons_initial(previous) -> list[dict]:
    if previous is None:
        return [{"role": "adult"}]
    return [
        {
            "role": "adult" if person["adult"] else "child",
            "age": person["age"],
            "disability_rate": person["disability_rate"],
        }
        for person in previous.persons
    ]


def typed(data) -> dict:
    return {name: data[name] for name in data if not name.startswith(("person-", "csrf"))}


def typed_persons(data) -> list[dict]:
    """The rows typed (those marked « retirer » and the blank ones left out)."""
    try:
        count = min(int(data.get("person-TOTAL_FORMS", 0)), 12)
    except ValueError:
        count = 0
    rows = []
    for index in range(count):
        row = {name: data.get(f"person-{index}-{name}", "") for name in ROW_FIELDS}
        if any(row.values()) and not data.get(f"person-{index}-DELETE"):
            rows.append(row)
    return rows
