"""Text normalisation shared by search, matching and imports."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize(value: str) -> str:
    """Lower case, no accents, words separated by one space: 'Saint-Michel-sur-Orge' -> 'saint michel sur orge'."""
    folded = strip_accents(value or "").lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", folded).strip()
