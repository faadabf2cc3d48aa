"""The shipped catalogue of préconisations and actions (the seed's list, docs/actions.md), copied into every team
when it is created (`signals.py`) so that its coordinator may rename, reorder, switch off or add kinds.

It holds every code of `prevex.situations.enums.Recommendation` (the tracking sheet's `preconisations`, the
former `Situation.recommendations`) and every action code the rights check proposes (`prevex.support.rights`):
a test keeps it so."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    RIGHTS = "rights", _("Accès aux droits")
    SOCIAL = "social", _("Social")
    LEGAL = "legal", _("Juridique")


class PartnerKind(models.TextChoices):
    MDS = "mds", _("MDS (Maison départementale des solidarités)")
    CCAS = "ccas", _("CCAS")
    FSL = "fsl", _("FSL (Fonds de solidarité pour le logement)")
    BANQUE_DE_FRANCE = "banque_de_france", _("Banque de France")
    OTHER = "other", _("Autre partenaire")


@dataclass(frozen=True)
class KindSpec:
    code: str
    label: object
    category: str
    partner_kind: str = ""  # a referral to a partner of this kind; empty: not a referral

    @property
    def is_referral(self) -> bool:
        return bool(self.partner_kind)


R, S, L = Category.RIGHTS, Category.SOCIAL, Category.LEGAL
DEFAULT_KINDS: tuple[KindSpec, ...] = (
    # Opening rights (seed: « ouverture de droits sociaux notamment APL, DLS, DALO, prestations invalidité »)
    KindSpec("ouverture_droits_apl", _("Ouverture des droits APL"), R),
    KindSpec("ouverture_droits_aah", _("Ouverture des droits AAH (demande à la MDPH)"), R),
    KindSpec("ouverture_droits_invalidite", _("Ouverture des droits à une pension d'invalidité"), R),
    KindSpec("ouverture_droits_rsa", _("Ouverture des droits RSA"), R),
    KindSpec("ouverture_droits_prime_activite", _("Ouverture des droits à la prime d'activité"), R),
    KindSpec("ouverture_droits_prestations_familiales", _("Ouverture des droits aux prestations familiales"), R),
    # Housing and debts (seed: « accords collectifs, surendettement, aides ponctuelles (électricité par ex) »)
    KindSpec("demande_logement_social", _("Demande de logement social"), S),
    KindSpec("recours_dalo", _("Recours DALO"), S),
    KindSpec("accords_collectifs", _("Dossier d'accords collectifs"), S),
    KindSpec("saisine_fsl", _("Saisine du FSL (maintien dans les lieux)"), S, PartnerKind.FSL),
    KindSpec(
        "dossier_surendettement", _("Dossier de surendettement (Banque de France)"), S, PartnerKind.BANQUE_DE_FRANCE
    ),
    KindSpec("aide_ponctuelle_energie", _("Aide ponctuelle (énergie…)"), S),
    KindSpec("orientation_asll_avdl", _("Orientation vers un accompagnement ASLL ou AVDL"), S, PartnerKind.OTHER),
    KindSpec("orientation_mds", _("Orientation vers la MDS"), S, PartnerKind.MDS),
    KindSpec("orientation_ccas", _("Orientation vers le CCAS"), S, PartnerKind.CCAS),
    KindSpec("relogement", _("Relogement"), S),
    # The hearing and after (seed: « préparation de l'argumentaire pour l'audience »)
    KindSpec("verification_conge", _("Vérification du congé"), L),
    KindSpec("verification_dette", _("Vérification de la dette"), L),
    KindSpec("plan_apurement", _("Plan d'apurement"), L),
    KindSpec("aide_juridictionnelle", _("Aide juridictionnelle"), L),
    KindSpec("demande_delais_jcp", _("Demande de délais de paiement au JCP"), L),
    KindSpec("suspension_clause_resolutoire", _("Demande de suspension de la clause résolutoire"), L),
    KindSpec("saisine_jex", _("Saisine du JEX (délais après le commandement de quitter les lieux)"), L),
)
DEFAULT_CODES = tuple(spec.code for spec in DEFAULT_KINDS)
SPECS_LABELS = {spec.code: spec.label for spec in DEFAULT_KINDS}
