"""The Prevex fields a file's column can feed, and suggestions from header names, for any pipeline.

Every source names its columns its own way (`CP`, `DATE AUD.`, `Nom du locataire`…): a header is matched to
a field when, once normalised and stripped of small words, each of its words starts one of the words of a
known name, in order ("date aud" → "date audience"). A pipeline declares its `Catalogue` of fields.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.text import normalize

IGNORED = ""
_SMALL_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "n", "no", "num", "numero", "en", "e", "et"})


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    names: tuple[str, ...]


def header_words(header: str) -> tuple[str, ...]:
    return tuple(word for word in normalize(header).split() if word not in _SMALL_WORDS)


def _abbreviates(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return len(words) == len(name) and all(known.startswith(word) for word, known in zip(words, name, strict=True))


class Catalogue:
    """A pipeline's fields, and the groups of them a file must feed (one of each group)."""

    def __init__(self, fields: list[Field], required_groups: list[tuple[tuple[str, ...], str]]):
        self.fields = fields
        self.by_key = {field.key: field for field in fields}
        self.required_groups = required_groups
        self._known = [(field.key, header_words(name)) for field in fields for name in field.names]

    def choices(self) -> list[tuple[str, str]]:
        return [(IGNORED, gettext_lazy("— Ne pas importer —")), *((field.key, field.label) for field in self.fields)]

    def label(self, key: str) -> str:
        return str(self.by_key[key].label)

    def match_header(self, header: str) -> tuple[str, int] | None:
        """(field key, score) for one header: 2 for an exact known name, 1 for an abbreviation of one."""
        words = header_words(header)
        if not words:
            return None
        exact = next((key for key, name in self._known if name == words), None)
        if exact:
            return exact, 2
        abbreviated = next((key for key, name in self._known if _abbreviates(words, name)), None)
        return (abbreviated, 1) if abbreviated else None

    def suggest_mapping(self, headers: list[str]) -> list[str]:
        """A field key (or IGNORED) per column; each field goes to its best-matching column, the first on a tie."""
        candidates = []
        for index, header in enumerate(headers):
            if match := self.match_header(header):
                key, score = match
                candidates.append((-score, index, key))
        mapping, taken = [IGNORED] * len(headers), set()
        for _score, index, key in sorted(candidates):
            if key not in taken:
                mapping[index] = key
                taken.add(key)
        return mapping

    def mapping_problems(self, mapping: list[str]) -> list[str]:
        """What makes a mapping unusable, in French: a field fed by two columns, a required field fed by none,
        a field this pipeline does not know (a profile saved for another kind of file)."""
        used = [key for key in mapping if key != IGNORED]
        unknown = sorted({key for key in used if key not in self.by_key})
        repeated = sorted(
            {key for key in used if used.count(key) > 1 and key in self.by_key}, key=list(self.by_key).index
        )
        problems = [_("« %(field)s » n'est pas un champ de ce type de fichier.") % {"field": key} for key in unknown]
        problems += [
            _("« %(field)s » est associé à plusieurs colonnes.") % {"field": self.label(key)} for key in repeated
        ]
        return problems + [
            _("Aucune colonne ne donne %(what)s.") % {"what": label}
            for keys, label in self.required_groups
            if not any(key in used for key in keys)
        ]
