"""The Prevex fields a préfecture's column can feed, and suggestions from header names.

Every préfecture names its columns its own way (`CP`, `DATE AUD.`, `Nom du locataire`…): a header is
matched to a field when, once normalised and stripped of small words, each of its words starts one of the
words of a known name, in order ("date aud" → "date audience").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from prevex.core.text import normalize

IGNORED = ""
_SMALL_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "n", "no", "num", "numero", "en", "e", "et"})


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = False


FIELDS = [
    Field(
        "reference",
        _("N° de procédure"),
        ("procedure exploc", "procedure", "reference", "ref", "dossier", "exploc", "identifiant procedure"),
    ),
    Field(
        "tenant_last_name",
        _("Nom du locataire"),
        ("nom locataire", "nom", "locataire", "nom occupant", "nom defendeur"),
    ),
    Field("tenant_first_name", _("Prénom du locataire"), ("prenom locataire", "prenom", "prenom occupant")),
    Field(
        "tenant_full_name",
        _("Nom et prénom du locataire"),
        ("nom prenom", "identite", "nom prenom locataire", "locataire nom prenom"),
    ),
    Field("address", _("Adresse"), ("adresse logement", "adresse", "adresse locataire", "voie", "adresse bien")),
    Field("address_detail", _("Complément d'adresse"), ("complement adresse", "complement", "batiment", "etage")),
    Field("postal_code", _("Code postal"), ("code postal", "cp", "c p", "code post")),
    Field("commune", _("Commune"), ("commune", "ville", "localite", "commune logement")),
    Field(
        "landlord_name",
        _("Bailleur"),
        ("bailleur", "proprietaire", "nom bailleur", "nom proprietaire", "demandeur", "creancier"),
    ),
    Field(
        "landlord_kind",
        _("Type de bailleur"),
        (
            "type bailleur",
            "type proprietaire",
            "categorie bailleur",
            "nature bailleur",
            "type prop",
            "parc",
            "statut bailleur",
        ),
    ),
    Field(
        "procedure_stage",
        _("Étape de la procédure"),
        ("etape procedure", "etape", "stade", "phase", "etat procedure", "acte"),
    ),
    Field(
        "assignation_date", _("Date de l'assignation"), ("date assignation", "assignation", "date assignation delivree")
    ),
    Field("hearing_date", _("Date d'audience"), ("date audience", "audience", "date aud")),
    Field("court", _("Tribunal"), ("tribunal", "juridiction")),
    Field(
        "debt_amount",
        _("Montant de la dette"),
        (
            "montant dette",
            "dette",
            "montant impaye",
            "impayes",
            "dette locative",
            "arrieres",
            "montant arrieres",
            "montant dette €",
        ),
    ),
    Field("phone", _("Téléphone"), ("telephone", "tel", "portable", "tel locataire", "telephone locataire")),
    Field("email", _("E-mail"), ("courriel", "email", "mail", "adresse mail", "adresse electronique")),
    Field(
        "social_services_known",
        _("Connu des services sociaux"),
        ("connu mds", "connu services sociaux", "suivi social", "connu ass", "suivi mds"),
    ),
]
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
CHOICES = [(IGNORED, _("— Ne pas importer —")), *((field.key, field.label) for field in FIELDS)]

# A row is imported only with a name, a place and a hearing date; the address or the commune may be missing
# from the file but not both (the commune is then required anyway to route the situation).
NAME_FIELDS = ("tenant_last_name", "tenant_full_name")
REQUIRED_GROUPS = [
    (NAME_FIELDS, _("le nom du locataire")),
    (("address",), _("l'adresse")),
    (("commune", "postal_code"), _("la commune ou le code postal")),
    (("hearing_date",), _("la date d'audience")),
]


def header_words(header: str) -> tuple[str, ...]:
    return tuple(word for word in normalize(header).split() if word not in _SMALL_WORDS)


_KNOWN = [(field.key, header_words(name)) for field in FIELDS for name in field.names]


def _abbreviates(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return len(words) == len(name) and all(known.startswith(word) for word, known in zip(words, name, strict=True))


def match_header(header: str) -> tuple[str, int] | None:
    """(field key, score) for one header: 2 for an exact known name, 1 for an abbreviation of one."""
    words = header_words(header)
    if not words:
        return None
    exact = next((key for key, name in _KNOWN if name == words), None)
    if exact:
        return exact, 2
    abbreviated = next((key for key, name in _KNOWN if _abbreviates(words, name)), None)
    return (abbreviated, 1) if abbreviated else None


def suggest_mapping(headers: list[str]) -> list[str]:
    """A field key (or IGNORED) per column; each field goes to its best-matching column, the first on a tie."""
    candidates = []
    for index, header in enumerate(headers):
        if match := match_header(header):
            key, score = match
            candidates.append((-score, index, key))
    mapping, taken = [IGNORED] * len(headers), set()
    for _score, index, key in sorted(candidates):
        if key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def mapping_problems(mapping: list[str]) -> list[str]:
    """What makes a mapping unusable, in French: a field fed by two columns, a required field fed by none."""
    used = [key for key in mapping if key != IGNORED]
    repeated = sorted({key for key in used if used.count(key) > 1}, key=list(FIELDS_BY_KEY).index)
    problems = [
        _("« %(field)s » est associé à plusieurs colonnes.") % {"field": FIELDS_BY_KEY[key].label} for key in repeated
    ]
    return problems + [
        _("Aucune colonne ne donne %(what)s.") % {"what": label}
        for keys, label in REQUIRED_GROUPS
        if not any(key in used for key in keys)
    ]
