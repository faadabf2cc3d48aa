"""Text normalisation shared by search, matching and imports."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


class _StrippedCharacters(dict):
    """Each character without its accents (its NFKD decomposition, combining marks removed), worked out once
    per character: `str.translate` then strips a whole text at C speed."""

    def __missing__(self, codepoint: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(codepoint))
        self[codepoint] = stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
        return stripped


_STRIPPED = _StrippedCharacters()


def strip_accents(value: str) -> str:
    return value if value.isascii() else value.translate(_STRIPPED)


def normalize(value: str) -> str:
    """Lower case, no accents, words separated by one space: 'Saint-Michel-sur-Orge' -> 'saint michel sur orge'."""
    folded = strip_accents(value or "").lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", folded).strip()
