"""Codes of the situations app. Values are stable codes; labels are what users read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LandlordKind(models.TextChoices):
    PERSONNE_PHYSIQUE = "personne_physique", _("Personne physique")
    SCI = "sci", _("SCI")
    AGENCE = "agence", _("Agence")
    BAILLEUR_SOCIAL = "bailleur_social", _("Bailleur social")


class Stage(models.TextChoices):
    """Where an open situation stands; the first that applies, from the top, wins."""

    ACCOMPANIED = "accompanied", _("Accompagnement")
    CONTACT = "contact", _("Contact établi")
    REMINDER = "reminder", _("Relance envoyée")
    VISIT_2 = "visit_2", _("2e visite faite")
    VISIT_1 = "visit_1", _("1re visite faite")
    FIRST_LETTER = "first_letter", _("Premier courrier envoyé")
    TO_CONTACT = "to_contact", _("À contacter")


# The order the bilan prints them in: the life of a situation.
STAGES_IN_ORDER = [
    Stage.TO_CONTACT,
    Stage.FIRST_LETTER,
    Stage.VISIT_1,
    Stage.VISIT_2,
    Stage.REMINDER,
    Stage.CONTACT,
    Stage.ACCOMPANIED,
]


class ClosureReason(models.TextChoices):
    MESURE_ASLL_EN_COURS = "mesure_asll_en_cours", _("Mesure ASLL déjà en cours")
    ACCOMPAGNEMENT_TERMINE = "accompagnement_termine", _("Accompagnement terminé")
    ORIENTATION_MDS = "orientation_mds", _("Orientation vers la MDS")
    DETTE_SOLDEE = "dette_soldee", _("Dette soldée avant l'audience")
    REFUS_DE_POURSUIVRE = "refus_de_poursuivre", _("Ne souhaite pas poursuivre")
    DEPART_VOLONTAIRE = "depart_volontaire", _("Départ volontaire du logement")
    ABSENT_DE_L_ADRESSE = "absent_de_l_adresse", _("N'habite pas à l'adresse")
    SANS_CONTACT = "sans_contact", _("Sans contact")
    AUTRE = "autre", _("Autre")


# Reasons that say the household is no longer in the dwelling (bilan outcome).
LEFT_OR_NOT_AT_ADDRESS_REASONS = frozenset({ClosureReason.DEPART_VOLONTAIRE, ClosureReason.ABSENT_DE_L_ADRESSE})


class Outcome(models.TextChoices):
    TENANT_CONTACT = "tenant_contact", _("Le locataire a pris contact")
    LEFT_OR_NOT_AT_ADDRESS = "left_or_not_at_address", _("Parti ou n'habite pas à l'adresse (NPAI)")
    NO_CONTACT = "no_contact", _("Sans contact")


class SocialServicesCheck(models.TextChoices):
    """Whether the household is already followed by the Département's social services (MDS)."""

    UNCHECKED = "", _("Non vérifié")
    TO_CHECK = "to_check", _("À vérifier auprès des services sociaux")
    NOT_KNOWN = "not_known", _("Inconnu des services sociaux")
    KNOWN = "known", _("Déjà suivi par les services sociaux")


class EventKind(models.TextChoices):
    LETTER = "letter", _("Courrier ou message envoyé")
    VISIT = "visit", _("Visite à domicile")
    REMINDER = "reminder", _("Relance envoyée")
    TENANT_CONTACT = "tenant_contact", _("Contact du locataire")
    LANDLORD_CONTACT = "landlord_contact", _("Contact du bailleur")
    ADHESION = "adhesion", _("Adhésion à l'accompagnement")
    HEARING = "hearing", _("Audience")
    CLOSURE = "closure", _("Clôture")
    REOPENING = "reopening", _("Réouverture")
    NOTE = "note", _("Note")
    PROCEDURE_ACT = "procedure_act", _("Acte de la procédure")


class ProcedureAct(models.TextChoices):
    """The dated acts of an eviction procedure a juriste records (issue 12 §4). The assignation and the hearings
    are not acts here: they are the situation's `assignation_date`, `hearing_date` and `earlier_hearing_dates`
    (one copy of each date, the one the prefecture's lists and the bilan already read)."""

    LEASE_SIGNED = "lease_signed", _("Signature du bail")
    LEASE_RENEWED = "lease_renewed", _("Reconduction du bail")
    CDP_SERVED = "cdp_served", _("Commandement de payer")
    CCAPEX_SIGNALEMENT = "ccapex_signalement", _("Signalement à la CCAPEX")
    PREFET_NOTIFIED = "prefet_notified", _("Notification de l'assignation au préfet")
    DSF_REQUESTED = "dsf_requested", _("Demande de DSF par le préfet")
    DSF_SENT = "dsf_sent", _("Envoi du DSF")
    JUDGMENT = "judgment", _("Jugement")
    JUDGMENT_SERVED = "judgment_served", _("Signification du jugement")
    CQL_SERVED = "cql_served", _("Commandement de quitter les lieux")
    JEX_REQUESTED = "jex_requested", _("Saisine du JEX")
    JEX_DECIDED = "jex_decided", _("Décision du JEX")
    CFP_REQUESTED = "cfp_requested", _("Réquisition de la force publique")
    CFP_ANSWERED = "cfp_answered", _("Réponse du préfet à la réquisition")


class CdpRegime(models.TextChoices):
    """The delay of the commandement de payer the juriste forces when the lease's dates do not settle it (a lease
    running on 29/07/2023 tacitly renewed since, a lease whose date is unknown: domain-corrections §2). Blank: the
    engine reads the lease's dates. The values are the engine's (support/deadlines.py CDP_REGIMES)."""

    SIX_WEEKS = "six_weeks", _("6 semaines (bail conclu à partir du 29/07/2023)")
    TWO_MONTHS = "two_months", _("2 mois (bail en cours au 29/07/2023)")


class Decision(models.TextChoices):
    """What a judgment decides (the amounts that go with it: `Event.decision_*`)."""

    DELAYS_GRANTED = "delays_granted", _("Délais de paiement accordés")
    CLAUSE_SUSPENDED = "clause_suspended", _("Clause résolutoire suspendue (délais accordés)")
    EVICTION_ORDERED = "eviction_ordered", _("Résiliation du bail et expulsion ordonnée")
    RADIATION = "radiation", _("Radiation")
    REJECTION = "rejection", _("Demande rejetée")


# Decisions that grant a payment plan (months and instalment): a FSL file follows.
PLAN_DECISIONS = frozenset({Decision.DELAYS_GRANTED, Decision.CLAUSE_SUSPENDED})

# The delay the JEX grants to leave the dwelling, in months (CPCE L412-4 since loi 2023-668: 1 month to 1 year),
# recorded as the `decision_months` of a JEX_DECIDED act; the engine's bounds (support/deadlines.py) are the same.
JEX_DELAY_MONTHS = (1, 12)


# Acts that come before the assignation (the lease, the commandement de payer that opens the procedure): the rule
# that an event of the procedure follows its assignation does not apply to them.
ACTS_BEFORE_ASSIGNATION = frozenset(
    {
        ProcedureAct.LEASE_SIGNED,
        ProcedureAct.LEASE_RENEWED,
        ProcedureAct.CDP_SERVED,
        ProcedureAct.CCAPEX_SIGNALEMENT,
    }
)

# Acts that follow the judgment, and so the hearing (a judgment before the first hearing is refused).
ACTS_AFTER_JUDGMENT = frozenset(
    {
        ProcedureAct.JUDGMENT_SERVED,
        ProcedureAct.CQL_SERVED,
        ProcedureAct.JEX_REQUESTED,
        ProcedureAct.JEX_DECIDED,
        ProcedureAct.CFP_REQUESTED,
        ProcedureAct.CFP_ANSWERED,
    }
)


class Recipient(models.TextChoices):
    TENANT = "tenant", _("Locataire")
    LANDLORD = "landlord", _("Bailleur")


class Channel(models.TextChoices):
    POST = "post", _("Courrier postal")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Téléphone")
    IN_PERSON = "in_person", _("En personne")
    LINK = "link", _("Lien personnel (page du locataire)")
    OTHER = "other", _("Autre")


class VisitOutcome(models.TextChoices):
    ABSENT = "absent", _("Absent")
    MET = "met", _("Rencontré")
    REFUSED = "refused", _("Refus")
    LEFT = "left", _("Parti du logement")
    NPAI = "npai", _("N'habite pas à l'adresse (NPAI)")
    INDECENT = "indecent", _("Logement indécent suspecté")


class HearingPresence(models.TextChoices):
    ABSENT = "absent", _("Absent")
    ALONE = "alone", _("Présent seul")
    WITH_JURISTE = "with_juriste", _("Présent avec la juriste")


class HearingOutcome(models.TextChoices):
    """What became of a hearing: a renvoi moves the situation's hearing date (the earlier one is kept)."""

    POSTPONED = "postponed", _("Renvoi à une autre audience")
    DELIBERATION = "deliberation", _("Mise en délibéré")
    JUDGED = "judged", _("Jugement rendu à l'audience")


class Recommendation(models.TextChoices):
    """Social and legal préconisations."""

    OUVERTURE_DROITS_APL = "ouverture_droits_apl", _("Ouverture des droits APL")
    SAISINE_FSL = "saisine_fsl", _("Saisine du FSL")
    DEMANDE_LOGEMENT_SOCIAL = "demande_logement_social", _("Demande de logement social")
    RECOURS_DALO = "recours_dalo", _("Recours DALO")
    DOSSIER_SURENDETTEMENT = "dossier_surendettement", _("Dossier de surendettement")
    ORIENTATION_MDS = "orientation_mds", _("Orientation vers la MDS")
    AIDE_JURIDICTIONNELLE = "aide_juridictionnelle", _("Aide juridictionnelle")
    DEMANDE_DELAIS_JCP = "demande_delais_jcp", _("Demande de délais au JCP")
    PLAN_APUREMENT = "plan_apurement", _("Plan d'apurement")
    SAISINE_JEX = "saisine_jex", _("Saisine du JEX")
