"""Whether two records name the same household: names and addresses compared once normalised.

Accents, case and hyphens ignored, first and last names in any order, « 25 bis » = « 25B », « av. » =
« avenue », and what follows the first comma (building, flat) left out. Every pipeline uses it: an import never
takes a row for a known situation on its reference alone (`differences`).
"""

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prevex.core.text import normalize

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


_LONE_NUMBER = re.compile(r"\s*\d+\s*(bis|ter|quater|[a-z])?\s*", re.IGNORECASE)


def address_key(address: str) -> str:
    parts = address.split(",", 2)
    # « 4, rue Pasteur »: the comma after the number is typography, not the start of a building or a flat.
    street = f"{parts[0]} {parts[1]}" if len(parts) > 1 and _LONE_NUMBER.fullmatch(parts[0]) else parts[0]
    street = normalize(street)
    street = _NUMBER_SUFFIX.sub(lambda match: match.group(1) + _SUFFIXES[match.group(2)], street)
    return " ".join(_STREET_WORDS.get(word, word) for word in street.split())


def household_key(last_name: str, first_name: str, address: str, commune_id: str) -> tuple[str, str, str]:
    return name_key(last_name, first_name), address_key(address), commune_id


# How alike two normalised keys must be to be the same (difflib's ratio): a typo, or a letter a file's
# encoding could not hold (« Nguy?n » in Windows-1252 for « Nguyễn »), is not another household.
ALIKE = 0.8


def alike(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b).ratio() >= ALIKE


def same_names(a: str, b: str) -> bool:
    """The words of one name are among the other's (a first name or a second last name left out), or they
    pair off word for word, each pair alike (a typo, a lost accent): « Nguyen Anh » is not « Nguyen Binh »."""
    words_a, words_b = a.split(), b.split()
    if not (words_a and words_b):
        return False
    if set(words_a) <= set(words_b) or set(words_b) <= set(words_a):
        return True
    if len(words_a) != len(words_b):
        return alike(a, b)
    return all(alike(x, y) for x, y in zip(sorted(words_a), sorted(words_b), strict=True))


_HOUSE_NUMBER = re.compile(r"^\d+[btq]?\b")


def same_address(a: str, b: str) -> bool:
    """The same house number (« 12 » is not « 14 ») and a street alike (a typo)."""
    number_a, number_b = _HOUSE_NUMBER.match(a), _HOUSE_NUMBER.match(b)
    if number_a and number_b and number_a.group() != number_b.group():
        return False
    return alike(a, b)


def differences(known: tuple[str, str, str], row: tuple[str, str, str]) -> list[str]:
    """What differs between two households' keys (`household_key`): [] when they may be the same household.
    A part missing on either side (no address column, an address never typed) is not a difference."""
    labels = (_("le nom"), _("l'adresse"), _("la commune"))
    given = [bool(known[index]) and bool(row[index]) for index in range(3)]
    differ = [
        given[0] and not same_names(known[0], row[0]),
        given[1] and not same_address(known[1], row[1]),
        given[2] and known[2] != row[2],
    ]
    return [str(label) for label, different in zip(labels, differ, strict=True) if different]


def listed(parts: list[str]) -> str:
    """« le nom, l'adresse et la commune »."""
    return (
        parts[0]
        if len(parts) == 1
        else _("%(parts)s et %(last)s") % {"parts": ", ".join(parts[:-1]), "last": parts[-1]}
    )


def conflict_reason(reference: str, differ: list[str]) -> str:
    """What a row in conflict says: its reference is another household's."""
    message = ngettext(
        "la référence %(reference)s est celle d'une situation de l'équipe dont %(what)s diffère : ménage à "
        "vérifier, rien n'est écrit",
        "la référence %(reference)s est celle d'une situation de l'équipe dont %(what)s diffèrent : ménage à "
        "vérifier, rien n'est écrit",
        len(differ),
    )
    return message % {"reference": reference, "what": listed(differ)}
