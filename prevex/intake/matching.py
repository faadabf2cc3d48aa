"""Recognising a household already known to the team: by procedure reference, else by name and address.

Names and addresses are compared once normalised: accents, case and hyphens ignored, first and last names in
any order, « 25 bis » = « 25B », « av. » = « avenue », and what follows the first comma (building, flat) left
out.
"""

import re
from dataclasses import dataclass

from prevex.core.text import normalize
from prevex.situations.models import Situation

_NUMBER_SUFFIX = re.compile(r"\b(\d+)\s*(bis|ter|quater|b|t|q)\b")
_SUFFIXES = {"bis": "b", "ter": "t", "quater": "q", "b": "b", "t": "t", "q": "q"}
_STREET_WORDS = {
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "boul": "boulevard",
    "r": "rue",
    "pl": "place",
    "all": "allee",
    "sq": "square",
    "ch": "chemin",
    "chem": "chemin",
    "imp": "impasse",
    "rte": "route",
    "fg": "faubourg",
    "st": "saint",
    "ste": "sainte",
    "res": "residence",
    "crs": "cours",
    "qu": "quai",
    "pass": "passage",
    "sen": "sente",
    "lot": "lotissement",
}


def name_key(last_name: str, first_name: str) -> str:
    return " ".join(sorted(normalize(f"{last_name} {first_name}").split()))


def address_key(address: str) -> str:
    street = normalize(address.split(",", 1)[0])
    street = _NUMBER_SUFFIX.sub(lambda match: match.group(1) + _SUFFIXES[match.group(2)], street)
    return " ".join(_STREET_WORDS.get(word, word) for word in street.split())


def household_key(last_name: str, first_name: str, address: str, commune_id: str) -> tuple[str, str, str]:
    return name_key(last_name, first_name), address_key(address), commune_id


@dataclass(frozen=True)
class Known:
    pk: int
    public_id: str
    reference: str
    hearing_date: object
    is_closed: bool


class KnownSituations:
    """The team's situations, indexed by reference and by household, loaded in one query."""

    FIELDS = (
        "pk",
        "public_id",
        "reference",
        "tenant_last_name",
        "tenant_first_name",
        "address",
        "commune_id",
        "hearing_date",
        "closed_on",
    )

    def __init__(self, rows, *, generated_prefix: str = ""):
        self.generated_prefix = generated_prefix
        self.by_reference: dict[str, Known] = {}
        self.by_household: dict[tuple, list[Known]] = {}
        for pk, public_id, reference, last, first, address, commune_id, hearing, closed_on in rows:
            known = Known(pk, str(public_id), reference, hearing, closed_on is not None)
            self.by_reference[reference] = known
            self.by_household.setdefault(household_key(last, first, address, commune_id), []).append(known)

    @classmethod
    def of_team(cls, team) -> "KnownSituations":
        rows = Situation.objects.for_team(team).order_by("pk").values_list(*cls.FIELDS).iterator(2000)
        return cls(rows, generated_prefix=generated_reference_prefix(team))

    def match(self, reference: str, key: tuple, hearing_date) -> Known | None:
        """The situation of the same procedure: same reference; else same household, open or same hearing."""
        if reference and (known := self.by_reference.get(reference)):
            return known
        same_household = self.by_household.get(key, [])
        if reference:  # two préfecture references are two procedures, even for the same household
            same_household = [known for known in same_household if self.is_generated(known.reference)]
        same_hearing = [known for known in same_household if known.hearing_date == hearing_date]
        still_open = [known for known in same_household if not known.is_closed]
        return (same_hearing or still_open or [None])[-1]

    def is_generated(self, reference: str) -> bool:
        """A reference Prevex numbered (typed-in situation), not one from the préfecture."""
        return bool(self.generated_prefix) and reference.startswith(self.generated_prefix)


def generated_reference_prefix(team) -> str:
    return f"{team.slug.upper()}-"
