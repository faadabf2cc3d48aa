"""Statistical secrecy of the bilan that funders read: no figure singles out a household.

A funder's bilan masks every figure of 1 to 4 situations (primary secrecy) and, so that none of them can be
recovered, the figures that would give it back by subtraction (secondary secrecy): the bilan's figures are
tied by sums (received = open + closed, the stages add up to the open ones, the reasons and the outcomes to
the closed ones…) and by "of which" lines whose rest (the situations *not* accompanied, *without* a landlord's
contact…) a reader gets by subtraction; a rest of 1 to 4 is protected like a shown figure. Cells are masked
one at a time, the cheapest that helps, until:

- no masked figure, and no rest of 1 to 4, is determined by the relations and the figures left visible
  (exact linear algebra: its unit vector is not in the row space of the relations restricted to the unknowns);
- in no relation do the masked parts left undetermined add up to fewer than 5 (two masked cells known to
  hold 2 situations together would say 1 and 1);
- a group of 1 to 4 situations has its whole breakdown masked, zeros included (otherwise "0 everywhere but
  here" tells their outcome); fewer than 5 situations in all: every figure is masked.

Percentages are hidden with their count or their base (`table.py`). Case workers always see exact figures.
"""

import copy
from dataclasses import dataclass

from django.utils.translation import gettext as _

from prevex.organisations.permissions import Action, can

THRESHOLD = 5
# Visits, not situations: tied by no relation the bilan shows, masked only when small.
NOT_SITUATIONS = ("open.joint_visits", "closed.joint_visits")
# Not a count at all: the median delay is masked with the count it is the median of.
MEDIANS = {"first_contact.median_days": "first_contact.total"}


def secrecy_note() -> str:
    """The rule, in French, under a funder's bilan (page and Excel)."""
    return _(
        "Secret statistique : pour qu'aucun ménage ne puisse être reconnu, un chiffre qui porte sur 1 à 4 "
        "situations est « masqué », ainsi que les chiffres et les pourcentages qui permettraient de le retrouver "
        "par soustraction (un chiffre masqué n'est donc pas toujours inférieur à 5). Moins de 5 situations en "
        "tout : tout est masqué. Le bilan des financeurs porte sur des mois entiers et n'est pas détaillé par "
        "commune."
    )


def sees_exact_figures(user) -> bool:
    """Who may see the situations themselves sees the exact bilan; the others (funders) the one with small
    figures masked."""
    return can(user, Action.WORK_ON_SITUATIONS)


@dataclass(frozen=True)
class Relation:
    total: str
    parts: tuple[str, ...]
    of_which: bool = False  # the parts are a subset of the total: the rest is a figure of its own


def relations(bilan: dict) -> list[Relation]:
    def keys(group: str, breakdown: str) -> tuple[str, ...]:
        return tuple(f"{group}.{breakdown}.{code}" for code in bilan[group][breakdown])

    return [
        Relation("situations", ("open.total", "closed.total")),
        Relation("accompanied", ("open.accompanied", "closed.accompanied")),
        Relation("open.total", keys("open", "by_stage")),
        Relation("closed.total", keys("closed", "by_reason")),
        Relation("closed.total", keys("closed", "by_outcome")),
        Relation("open.accompanied", ("open.by_stage.accompanied",)),  # an open accompanied one is at that stage
        Relation("situations", ("accompanied",), of_which=True),
        Relation("open.total", ("open.accompanied",), of_which=True),
        Relation("closed.total", ("closed.accompanied",), of_which=True),
        Relation("situations", ("landlord_contact.count",), of_which=True),
        Relation("situations", ("hearings.tenant_present",), of_which=True),
        Relation("hearings.tenant_present", ("hearings.with_legal_advisor",), of_which=True),
        Relation("situations", ("first_contact.total",), of_which=True),
        Relation("first_contact.total", keys("first_contact", "by_channel")),
        *action_relations(bilan),
    ]


def action_relations(bilan: dict) -> list[Relation]:
    """The préconisations: a table of kinds × statuses with its margins, and the households with one (of the
    situations)."""
    actions = bilan.get("actions")
    if actions is None:
        return []
    statuses = list(actions["by_status"])
    kinds = list(actions["by_kind"])
    cell = "actions.by_kind.{}.{}".format
    return [
        Relation("situations", ("actions.situations",), of_which=True),
        Relation("actions.total", tuple(f"actions.by_status.{status}" for status in statuses)),
        Relation("actions.total", tuple(cell(kind, "total") for kind in kinds)),
        *(Relation(cell(kind, "total"), tuple(cell(kind, status) for status in statuses)) for kind in kinds),
        *(Relation(f"actions.by_status.{status}", tuple(cell(kind, status) for kind in kinds)) for status in statuses),
    ]


def counts(bilan: dict) -> dict[str, int]:
    """Every count of the bilan by its dotted key (not the scope, not the rate, not a median)."""
    found = {}

    def walk(data: dict, prefix: str) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif isinstance(value, int) and not isinstance(value, bool) and f"{prefix}{key}" not in MEDIANS:
                found[f"{prefix}{key}"] = value

    walk({key: value for key, value in bilan.items() if key != "scope"}, "")
    return found


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


class _System:
    """The bilan's relations as linear equations (coefficient by figure, summing to 0), rests included."""

    def __init__(self, bilan: dict):
        self.values = counts(bilan)
        self.shown = set(self.values)
        self.equations: list[dict[str, int]] = []
        self.hidden: set[str] = set()
        for index, relation in enumerate(relations(bilan)):
            equation = {relation.total: 1}
            for part in relation.parts:
                equation[part] = equation.get(part, 0) - 1
            rest = self.values[relation.total] - sum(self.values[part] for part in relation.parts)
            if relation.of_which or rest:
                name = f"rest:{index}"
                self.values[name], equation[name] = rest, -1
                self.hidden.add(name)
            self.equations.append(equation)
        self.totals = {key: sum(1 for relation in relations(bilan) if relation.total == key) for key in self.shown}
        self.small_rests = {key for key in self.hidden if is_small(self.values[key])}

    def exposures(self, masked: set[str]) -> int:
        """How many masked figures (or small rests) a reader recovers, plus relations whose masked parts,
        left undetermined, add up to fewer than 5."""
        protected = masked | self.small_rests
        unknown = sorted(masked | self.hidden)
        determined = _determined(self.equations, unknown)
        found = len(determined & protected)
        for equation in self.equations:
            free = [key for key in equation if key in unknown and key not in determined]
            if free and protected.intersection(free) and len({equation[key] for key in free}) == 1:
                found += sum(self.values[key] for key in free) < THRESHOLD
        return found

    def cost(self, key: str) -> tuple:
        """Mask a zero last, a total late, a small figure first: lose as little as possible."""
        return (self.values[key] == 0, self.totals.get(key, 0), self.values[key], key)


# Exact arithmetic modulo a prime larger than any minor of these 0/±1 matrices (a dozen equations at most:
# |minor| <= 12^6 by Hadamard's bound), so ranks are those over the rationals, with plain integers.
_PRIME = 2**61 - 1


def _determined(equations: list[dict[str, int]], unknown: list[str]) -> set[str]:
    """The unknowns whose value the equations fix (their unit vector is in the row space): row reduction."""
    column = {key: index for index, key in enumerate(unknown)}
    rows = []
    for equation in equations:
        row = [0] * len(unknown)
        for key, coefficient in equation.items():
            if key in column:
                row[column[key]] = coefficient % _PRIME
        if any(row):
            rows.append(row)
    pivots = []
    for col in range(len(unknown)):
        rank = len(pivots)
        pivot = next((index for index in range(rank, len(rows)) if rows[index][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inverse = pow(rows[rank][col], _PRIME - 2, _PRIME)
        rows[rank] = [value * inverse % _PRIME for value in rows[rank]]
        for index, row in enumerate(rows):
            if index != rank and row[col]:
                factor = row[col]
                rows[index] = [(a - factor * b) % _PRIME for a, b in zip(row, rows[rank], strict=True)]
        pivots.append(col)
        if len(pivots) == len(rows):
            break
    return {
        unknown[col]
        for index, col in enumerate(pivots)
        if not any(value for other, value in enumerate(rows[index]) if other != col)
    }


def masked_keys(bilan: dict) -> set[str]:
    """The keys of the figures a funder must not read (see the module's docstring)."""
    system = _System(bilan)
    if is_small(bilan["situations"]):
        return set(system.shown)
    masked = {key for key in system.shown if is_small(system.values[key])}
    for relation in relations(bilan):
        if relation.total in masked:
            masked.update(relation.parts)
    exposures = system.exposures(masked)
    while exposures:
        candidates = sorted(system.shown - masked - set(NOT_SITUATIONS), key=system.cost)
        if not candidates:
            return set(system.shown)
        masked.add(_cheapest_help(system, masked, candidates, exposures))
        exposures = system.exposures(masked)
    return masked


def _cheapest_help(system: _System, masked: set[str], candidates: list[str], exposures: int) -> str:
    """The cheapest candidate that leaves fewer exposures; else the one that leaves the fewest."""
    scored = []
    for key in candidates:
        score = system.exposures(masked | {key})
        if score < exposures:
            return key
        scored.append((score, key))
    return min(scored, key=lambda item: (item[0], system.cost(item[1])))[1]


def _put(data: dict, key: str, value) -> None:
    *path, last = key.split(".")
    for part in path:
        data = data[part]
    data[last] = value


def mask_small_figures(bilan: dict) -> dict:
    """The bilan a funder reads: a copy whose masked figures are None (the landlords' rate with its count)."""
    masked = masked_keys(bilan)
    result = copy.deepcopy(bilan)
    for key in masked:
        _put(result, key, None)
    if masked & {"landlord_contact.count", "situations"}:
        result["landlord_contact"]["rate"] = None
    for median, base in MEDIANS.items():
        if base in masked:
            _put(result, median, None)
    return result
