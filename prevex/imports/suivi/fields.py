"""The columns of Prevex's tracking-sheet format (docs/bilan.md) as fields a team's own headers can feed."""

from django.utils.translation import gettext_lazy as _

from prevex.imports.columns import Catalogue, Field

FIELDS = [
    Field("reference", _("Référence"), ("reference", "ref", "n dossier", "dossier", "procedure", "n procedure")),
    Field("date_reception", _("Date de réception"), ("date reception", "reception", "recu le", "date entree")),
    Field("nom", _("Nom du locataire"), ("nom", "nom locataire", "locataire")),
    Field("prenom", _("Prénom du locataire"), ("prenom", "prenom locataire")),
    Field("adresse", _("Adresse"), ("adresse", "adresse logement")),
    Field("code_postal", _("Code postal"), ("code postal", "cp")),
    Field("commune", _("Commune"), ("commune", "ville")),
    Field("telephone", _("Téléphone"), ("telephone", "tel", "portable", "tel portable", "telephone portable")),
    Field("email", _("E-mail"), ("email", "mail", "courriel")),
    Field("bailleur", _("Bailleur"), ("bailleur", "proprietaire")),
    Field("type_bailleur", _("Type de bailleur"), ("type bailleur",)),
    Field("date_assignation", _("Date de l'assignation"), ("date assignation", "assignation")),
    Field("date_audience", _("Date d'audience"), ("date audience", "audience")),
    Field("montant_dette", _("Montant de la dette"), ("montant dette", "dette", "impayes")),
    Field("date_premier_courrier", _("Date du premier courrier"), ("date premier courrier", "premier courrier")),
    Field("date_visite_1", _("Date de la visite 1"), ("date visite 1", "visite 1")),
    Field("resultat_visite_1", _("Résultat de la visite 1"), ("resultat visite 1",)),
    Field("date_visite_2", _("Date de la visite 2"), ("date visite 2", "visite 2")),
    Field("resultat_visite_2", _("Résultat de la visite 2"), ("resultat visite 2",)),
    Field("date_relance", _("Date de la relance"), ("date relance", "relance")),
    Field("date_contact_locataire", _("Date du contact avec le locataire"), ("date contact locataire",)),
    Field("date_contact_bailleur", _("Date du contact avec le bailleur"), ("date contact bailleur",)),
    Field("date_adhesion", _("Date de l'adhésion"), ("date adhesion", "adhesion")),
    Field("dates_visites_communes", _("Dates des visites communes"), ("dates visites communes", "visites communes")),
    Field("presence_audience", _("Présence à l'audience"), ("presence audience",)),
    Field("date_cloture", _("Date de clôture"), ("date cloture", "cloture")),
    Field("motif_cloture", _("Motif de clôture"), ("motif cloture", "motif")),
    Field("preconisations", _("Préconisations"), ("preconisations",)),
]
REQUIRED_GROUPS = [
    (("reference",), _("la référence")),
    (("date_reception",), _("la date de réception")),
    (("nom",), _("le nom du locataire")),
    (("adresse",), _("l'adresse")),
    (("code_postal",), _("le code postal")),
    (("commune",), _("la commune")),
]
CATALOGUE = Catalogue(FIELDS, REQUIRED_GROUPS)
