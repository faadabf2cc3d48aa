"""Whether two records name the same household: names and addresses compared once normalised.

The keys (names and address normalised: `prevex/situations/households.py`) are compared with a tolerance for
typos and lost accents. Every pipeline uses it: an import never takes a row for a known situation on its
reference alone (`differences`).
"""

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prevex.situations.households import address_key, household_key, name_key

# The keys are re-exported: the pipelines read who a row is about and compare it in one place.
__all__ = [
    "ALIKE",
    "address_key",
    "alike",
    "conflict_reason",
    "differences",
    "household_key",
    "listed",
    "name_key",
    "same_address",
    "same_names",
]

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
