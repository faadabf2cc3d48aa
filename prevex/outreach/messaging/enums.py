"""Codes of the messaging app. Values are stable codes (stored on messages); labels are what users read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Envoyé")
    INBOUND = "in", _("Reçu")  # the tenants' replies (issue 11, part 2)


class MessageState(models.TextChoices):
    """queued → sending → sent → delivered / failed; or cancelled; `unknown` (« à vérifier ») when a worker
    stopped during a send to a provider that takes no idempotency key: sent or not, nobody knows."""

    QUEUED = "queued", _("En attente d'envoi")
    SENDING = "sending", _("Envoi en cours")
    SENT = "sent", _("Envoyé")
    DELIVERED = "delivered", _("Distribué")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")
    UNKNOWN = "unknown", _("À vérifier (envoi interrompu)")
    RECEIVED = "received", _("Reçu")


# Where each state may go (services.transition refuses anything else).
TRANSITIONS = {
    MessageState.QUEUED: {MessageState.SENDING, MessageState.CANCELLED, MessageState.FAILED},
    MessageState.SENDING: {MessageState.SENT, MessageState.QUEUED, MessageState.FAILED, MessageState.UNKNOWN},
    MessageState.SENT: {MessageState.DELIVERED, MessageState.FAILED},
    MessageState.UNKNOWN: {MessageState.SENT, MessageState.DELIVERED, MessageState.FAILED, MessageState.CANCELLED},
    MessageState.DELIVERED: {MessageState.FAILED},  # a late bounce after a first "delivered"
    MessageState.FAILED: set(),
    MessageState.CANCELLED: set(),
    MessageState.RECEIVED: set(),
}
FINAL_STATES = frozenset({MessageState.DELIVERED, MessageState.FAILED, MessageState.CANCELLED})


class OptOutSource(models.TextChoices):
    STOP = "stop", _("Réponse STOP du locataire")
    PROVIDER = "provider", _("Liste d'opposition du fournisseur")
    TEAM = "team", _("Saisie par l'équipe")


class InboundStatus(models.TextChoices):
    """Where a tenant's reply stands: on its situation's timeline, waiting in the team's inbox, or set aside."""

    ATTACHED = "attached", _("Rattaché à une situation")
    INBOX = "inbox", _("À classer")
    DISCARDED = "discarded", _("Écarté")


class DiscardReason(models.TextChoices):
    """Why a reply was set aside (a code, never a text: the journal and the row keep only this)."""

    NOT_A_HOUSEHOLD = "not_a_household", _("Ne concerne aucun ménage suivi")
    UNWANTED = "unwanted", _("Message indésirable")
    DUPLICATE = "duplicate", _("Doublon d'un message déjà rattaché")
    STOP_ONLY = "stop_only", _("Simple demande STOP (déjà appliquée)")
    OTHER = "other", _("Autre raison")
    # set by Prevex itself, never offered in the inbox's form
    NO_TEAM = "no_team", _("Aucune équipe retrouvée (fournisseur partagé, numéro ou adresse inconnus)")
    RETENTION = "retention", _("Durée de conservation dépassée")


PERSON_DISCARD_REASONS = (
    DiscardReason.NOT_A_HOUSEHOLD,
    DiscardReason.UNWANTED,
    DiscardReason.DUPLICATE,
    DiscardReason.STOP_ONLY,
    DiscardReason.OTHER,
)
