"""Finding a commune from what people write: its current name, a former name, or the start or end of a merged
commune's name ("Evry" for Évry-Courcouronnes), always checked with the postal code when one is given.

`CommuneNames` is loaded once per département (the imports read thousands of rows) and reads no database
afterwards; `find_commune` is the one-off lookup of the forms.
"""

import hashlib
from collections import defaultdict

from prevex.core.text import normalize
from prevex.territories.models import Commune, FormerCommuneName


class CommuneNames:
    def __init__(self, departement: str, communes, former_names=()):
        """`former_names`: (normalised former name, current INSEE code) pairs."""
        self.departement = departement
        self.by_name = defaultdict(list)
        self.by_postal_code = defaultdict(list)
        by_code = {}
        for commune in communes:
            by_code[commune.insee_code] = commune
            self.by_name[commune.search_name or normalize(commune.name)].append(commune)
            for code in commune.postal_code_list:
                self.by_postal_code[code].append(commune)
        self.by_former_name = defaultdict(list)
        for name, insee_code in former_names:
            if insee_code in by_code:
                self.by_former_name[name].append(by_code[insee_code])

    @classmethod
    def for_departement(cls, departement: str) -> "CommuneNames":
        communes, former_names = _read(departement)
        return cls(departement, communes, former_names)

    @staticmethod
    def fingerprint(departement: str) -> str:
        """What `for_departement` reads, hashed: loading the INSEE lists journals nothing, and a decision kept
        for later (a préfecture list's preview) must know whether the communes it read have changed."""
        communes, former_names = _read(departement)
        read = [
            departement,
            list(communes.order_by("pk").values_list("pk", "name", "search_name", "postal_codes")),
            list(former_names.order_by("commune_id", "search_name")),
        ]
        return hashlib.sha256(repr(read).encode()).hexdigest()

    def find(self, name: str, postal_code: str = "") -> Commune | None:
        """The one commune this name (and postal code) designates, or None (unknown or ambiguous)."""
        key = normalize(name)
        if not key:
            return _only(self.by_postal_code.get(postal_code, [])) if postal_code else None
        for candidates in (self.by_name.get(key, []), self.by_former_name.get(key, [])):
            if postal_code:
                candidates = [commune for commune in candidates if commune.has_postal_code(postal_code)]
            if candidates:
                return _only(candidates)
        if postal_code:
            return _only([c for c in self.by_postal_code.get(postal_code, []) if _is_part_of(key, c)])
        return None


def _read(departement: str):
    """The département's communes, and its former names as (normalised name, current INSEE code) pairs."""
    former_names = FormerCommuneName.objects.filter(commune__departement=departement)
    return Commune.objects.in_departement(departement), former_names.values_list("search_name", "commune_id")


# Words that name no commune on their own ("Saint" of Saint-Germain-lès-Corbeil, "Le" of Le Mérévillois).
_PARTICLES = frozenset(
    [
        "saint",
        "sainte",
        "st",
        "ste",
        "le",
        "la",
        "les",
        "l",
        "sur",
        "sous",
        "en",
        "de",
        "du",
        "des",
        "d",
        "et",
        "les",
        "aux",
        "au",
        "lez",
    ]
)


def _is_part_of(key: str, commune: Commune) -> bool:
    """'evry' of 'evry courcouronnes', 'courcouronnes' too: the first or last words of a merged commune's name
    (the last ones only for names like A-B, not for Saint-Germain-lès-Corbeil)."""
    words, name = key.split(), (commune.search_name or normalize(commune.name)).split()
    if len(words) >= len(name) or words[0] in _PARTICLES or set(words) <= _PARTICLES:
        return False
    if name[: len(words)] == words:
        return True
    return name[-len(words) :] == words and not _PARTICLES & set(name)


def _only(candidates: list) -> Commune | None:
    unique = {commune.insee_code: commune for commune in candidates}
    return next(iter(unique.values())) if len(unique) == 1 else None


def find_commune(departement: str, *, name: str, postal_code: str) -> Commune | None:
    """The commune of the département with this name (current, former, or part of a merged one) and postal code."""
    communes = Commune.objects.in_departement(departement).filter(postal_codes__contains=postal_code.strip())
    former = FormerCommuneName.objects.filter(commune__in=communes).values_list("search_name", "commune_id")
    return CommuneNames(departement, communes, former).find(name, postal_code.strip())
