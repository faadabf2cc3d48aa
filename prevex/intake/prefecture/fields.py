"""The fields a préfecture's column can feed (the names préfectures give them), and what a list must give."""

from django.utils.translation import gettext_lazy as _

from prevex.imports.columns import IGNORED, Catalogue, Field

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

# A row is imported only with a name, a place and a hearing date; the address or the commune may be missing
# from the file but not both (the commune is then required anyway to route the situation).
NAME_FIELDS = ("tenant_last_name", "tenant_full_name")
REQUIRED_GROUPS = [
    (NAME_FIELDS, _("le nom du locataire")),
    (("address",), _("l'adresse")),
    (("commune", "postal_code"), _("la commune ou le code postal")),
    (("hearing_date",), _("la date d'audience")),
]

CATALOGUE = Catalogue(FIELDS, REQUIRED_GROUPS)
FIELDS_BY_KEY = CATALOGUE.by_key
__all__ = ["CATALOGUE", "FIELDS", "FIELDS_BY_KEY", "IGNORED"]
