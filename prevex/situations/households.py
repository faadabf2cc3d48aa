"""Who a situation is about, as a key: names and address normalised the same way for every record.

Accents, case and hyphens ignored, first and last names in any order, « 25 bis » = « 25B », « av. » =
« avenue », and what follows the first comma (building, flat) left out. The writer keeps each situation's key
in `Situation.household_key` (indexed), so an import finds the known households its rows name without reading
the team's every situation; whether two keys are the same household is `prevex/imports/identity.py`'s call.
"""

import re

from prevex.core.text import normalize

_NUMBER_SUFFIX = re.compile(r"\b(\d+)\s*(bis|ter|quater|b|t|q)\b")
_SUFFIXES = {"bis": "b", "ter": "t", "quater": "q", "b": "b", "t": "t", "q": "q"}
# The words addresses abbreviate, and the word each stands for (rounds order streets with them too).
STREET_WORDS = {
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


_LONE_NUMBER = re.compile(r"\s*\d+\s*(bis|ter|quater|[a-z])?\s*", re.IGNORECASE)


def address_key(address: str) -> str:
    parts = address.split(",", 2)
    # « 4, rue Pasteur »: the comma after the number is typography, not the start of a building or a flat.
    street = f"{parts[0]} {parts[1]}" if len(parts) > 1 and _LONE_NUMBER.fullmatch(parts[0]) else parts[0]
    street = normalize(street)
    street = _NUMBER_SUFFIX.sub(lambda match: match.group(1) + _SUFFIXES[match.group(2)], street)
    return " ".join(STREET_WORDS.get(word, word) for word in street.split())


def household_key(last_name: str, first_name: str, address: str, commune_id: str) -> tuple[str, str, str]:
    return name_key(last_name, first_name), address_key(address), commune_id


SEPARATOR = "|"  # never in a normalised text (letters, digits and spaces)


def stored_household_key(situation) -> str:
    """The key as the `household_key` column holds it; `situation` is a Situation or any object with its
    attributes."""
    return SEPARATOR.join(
        household_key(
            situation.tenant_last_name,
            situation.tenant_first_name or "",
            situation.address or "",
            situation.commune_id or "",
        )
    )


def household_key_from_stored(stored: str) -> tuple[str, str, str]:
    name, address, commune_id = stored.split(SEPARATOR)
    return name, address, commune_id
