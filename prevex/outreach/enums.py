"""Codes of the outreach app. Values are stable codes (stored on tasks); labels are what users read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    """Where a step of a household's sequence stands (every step has one: nothing is skipped silently)."""

    WAITING = "waiting", _("En attente de l'étape précédente")
    OPEN = "open", _("À faire")
    DONE = "done", _("Faite")
    CANCELLED = "cancelled", _("Annulée")


class EndReason(models.TextChoices):
    """Why a step was cancelled: what ended the sequence, or why the step is no longer needed."""

    TENANT_CONTACT = "tenant_contact", _("Contact du locataire")
    ADHESION = "adhesion", _("Adhésion à l'accompagnement")
    VISIT_MET = "visit_met", _("Locataire rencontré lors d'une visite")
    VISIT_LEFT = "visit_left", _("Visite : parti du logement")
    VISIT_NPAI = "visit_npai", _("Visite : n'habite pas à l'adresse")
    VISIT_REFUSED = "visit_refused", _("Visite : refus à la porte")
    CLOSURE = "closure", _("Situation clôturée")
    SOCIAL_SERVICES = "social_services", _("Ménage déjà suivi par les services sociaux")
    PREVIOUS_SUCCEEDED = "previous_succeeded", _("L'étape précédente a abouti")
    NO_LONGER_DUE = "no_longer_due", _("N'est plus due : l'étape précédente n'est plus faite")
    STEP_REMOVED = "step_removed", _("Étape retirée de la séquence de l'équipe")


class AdHocTask(models.TextChoices):
    """Tasks a request, a message or a returned letter brings, outside the sequence (`Task.planned` False)."""

    CALL_BACK = "rappeler", _("Rappeler le locataire")
    REPLY = "repondre", _("Répondre au message du locataire")
    CHECK_ADDRESS = "verifier_adresse", _("Vérifier l'adresse (courrier revenu)")
    CHECK_NUMBER = "verifier_numero", _("Numéro à vérifier")
    # Brought by a judgment (prevex/support/procedure/followups.py).
    REQUEST_JEX = "saisir_jex", _("Saisir le JEX avant la fin du délai du commandement de quitter les lieux")
    FSL_FILE = "dossier_fsl", _("Déposer le dossier FSL (plan accordé par le juge)")
    CHECK_EMAIL = "verifier_email", _("Adresse e-mail à vérifier")
