"""The walking order of a round, from addresses as the teams type them (no map, no geocoding): pure functions.

An address is split at its commas: the part that starts with a house number is the street (« 12 bis av. de la
République »), the other parts are the complement (building, floor, door: « Bât. B, 3e étage »). A number
written alone before the first comma (« 12, rue des Lilas ») belongs to the street that follows it. Without a
numbered part, the first part is the street and the rest the complement.

The street's name is normalised (case, accents, punctuation, and the usual abbreviations of its kind: « av. » is
« avenue », « bd » « boulevard »…) so that two spellings of one street are one street.

The order (see `walking_order`):
1. communes, the one holding the most urgent hearing first (a commune's urgency is its earliest hearing; no
   hearing date comes last), ties by name;
2. in a commune, streets the same way (earliest hearing first), ties by normalised name;
3. in a street, up one side and back down the other: odd numbers ascending, then even numbers descending
   (12, 12 bis, 12 ter in that order); addresses without a number at the end of their street.
"""

import datetime as dt
import re
from dataclasses import dataclass

from prevex.core.text import normalize
from prevex.situations.households import STREET_WORDS

_NUMBERED = re.compile(
    r"^\s*(?P<number>\d{1,5})(?:\s*-\s*\d{1,5})?\s*(?P<suffix>bis|ter|quater|quinquies|[a-d](?![a-z]))?\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
SUFFIX_RANK = {"": 0, "a": 1, "bis": 1, "b": 2, "ter": 2, "c": 3, "quater": 3, "d": 4, "quinquies": 4}
# The kinds of street as abbreviated in addresses, and the word they stand for: the household key's words, and a
# few more spellings.
STREET_KINDS = STREET_WORDS | {
    "blvd": "boulevard",
    "che": "chemin",
    "fbg": "faubourg",
    "resid": "residence",
    "voi": "voie",
}
WORD_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "gal": "general", "mal": "marechal", "pdt": "president"}
FAR_FUTURE = dt.date.max


@dataclass(frozen=True)
class Address:
    street: str  # as typed: « 12 bis av. de la République »
    complement: str  # floor, door, building: what follows the street
    street_key: str  # normalised: « avenue de la republique »
    number: int | None
    suffix: str  # bis, ter… (lower case), or ""


def _numbered(part: str):
    return _NUMBERED.match(part)


def street_key(name: str) -> str:
    """A street's name without case, accents, punctuation, and with its abbreviations written out."""
    words = normalize(name).split()
    if words and words[0] in STREET_KINDS:
        words[0] = STREET_KINDS[words[0]]
    return " ".join(WORD_ABBREVIATIONS.get(word, word) for word in words)


def parse_address(address: str) -> Address:
    parts = [part.strip() for part in (address or "").split(",") if part.strip()]
    if len(parts) >= 2 and re.fullmatch(r"\d{1,5}\s*(bis|ter|quater|[a-d])?", parts[0], re.IGNORECASE):
        parts = [f"{parts[0]} {parts[1]}", *parts[2:]]  # « 12, rue des Lilas »
    if not parts:
        return Address("", "", "", None, "")
    index = next((i for i, part in enumerate(parts) if (found := _numbered(part)) and found["rest"]), 0)
    street = parts[index]
    complement = ", ".join(part for i, part in enumerate(parts) if i != index)
    match = _numbered(street)
    if match and match["rest"]:
        number, suffix, name = int(match["number"]), (match["suffix"] or "").lower(), match["rest"]
    else:
        number, suffix, name = None, "", street
    return Address(street, complement, street_key(name), number, suffix)


def complement_of(address: str) -> str:
    """Floor, door, building: what the address says after its street."""
    return parse_address(address).complement


def side_key(address: Address) -> tuple:
    """Up the odd side, back down the even side; no number: at the end of the street."""
    if address.number is None:
        return (2, 0, 0)
    rank = SUFFIX_RANK.get(address.suffix, 5)
    if address.number % 2:
        return (0, address.number, rank)
    return (1, -address.number, rank)


@dataclass(frozen=True)
class Stop:
    """What the order reads of a household to visit; `key` is returned as it came (a situation's pk…)."""

    key: object
    commune: str
    address: str
    hearing_date: dt.date | None


def walking_order(stops: list[Stop]) -> list[Stop]:
    """The stops grouped by commune, then street, the most urgent hearing first, each street walked up one side
    and down the other (the module's docstring tells the whole rule)."""
    parsed = {id(stop): parse_address(stop.address) for stop in stops}
    commune_urgency: dict[str, dt.date] = {}
    street_urgency: dict[tuple, dt.date] = {}
    for stop in stops:
        hearing = stop.hearing_date or FAR_FUTURE
        commune, street = normalize(stop.commune), (normalize(stop.commune), parsed[id(stop)].street_key)
        commune_urgency[commune] = min(commune_urgency.get(commune, FAR_FUTURE), hearing)
        street_urgency[street] = min(street_urgency.get(street, FAR_FUTURE), hearing)

    def key(stop: Stop) -> tuple:
        address, commune = parsed[id(stop)], normalize(stop.commune)
        return (
            commune_urgency[commune],
            commune,
            street_urgency[(commune, address.street_key)],
            address.street_key,
            side_key(address),
            stop.hearing_date or FAR_FUTURE,
            str(stop.key),
        )

    return sorted(stops, key=key)
