"""The SMS and e-mails of a team: one row per message with its state machine (`enums.MessageState`), and the
numbers that said STOP. The sending is `services.py` (the task body), the rules `rules.py`."""

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.outreach.messaging.enums import (
    Direction,
    DiscardReason,
    InboundStatus,
    MessageChannel,
    MessageState,
    OptOutSource,
)


class MessageQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(team=team)

    def to_check(self):
        return self.filter(state=MessageState.UNKNOWN)


class Message(models.Model):
    """One SMS or e-mail, outbound (or inbound, part 2: `direction`, a situation found from the number, or none).
    `attempts` counts the sends tried; `next_attempt_at` is when the worker may try (quiet hours, backoff);
    `idempotency_key` goes to the provider where it takes one and never changes for the message."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="messages")
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(_("canal"), max_length=10, choices=MessageChannel.choices)
    direction = models.CharField(_("sens"), max_length=3, choices=Direction.choices, default=Direction.OUTBOUND)
    recipient = models.CharField(_("destinataire"), max_length=254)  # E.164 number or e-mail address
    sender = models.CharField(_("expéditeur"), max_length=254, blank=True)
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"), max_length=5000)
    state = models.CharField(_("état"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, default="", editable=False)
    provider = models.CharField(_("fournisseur"), max_length=30, blank=True)
    provider_message_id = models.CharField(_("identifiant chez le fournisseur"), max_length=100, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    step = models.SlugField(_("étape de la séquence"), max_length=40, blank=True)
    # An e-mail's reply address carries it (reponse+<token>@PREVEX_REPLY_DOMAIN): 128 random bits, blanked with
    # the household, so that a reply finds its situation and a guessed or old address finds nothing.
    reply_token = models.CharField(max_length=32, blank=True, default="", db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("distribué le"), null=True, blank=True)
    failed_at = models.DateTimeField(_("échec le"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="messaging_due_idx"),
            models.Index(fields=["team", "channel", "sent_at"], name="messaging_daily_cap_idx"),
            models.Index(fields=["provider", "provider_message_id"], name="messaging_provider_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.public_id}"

    def save(self, *args, **kwargs):
        if not self.idempotency_key:
            self.idempotency_key = uuid.uuid4().hex
        if self.channel == MessageChannel.EMAIL and self.direction == Direction.OUTBOUND and self._state.adding:
            self.reply_token = self.reply_token or secrets.token_hex(16)
        super().save(*args, **kwargs)


class DeliveryReport(models.Model):
    """One delivery report a provider's webhook brought, kept once (`key`): the same report twice changes
    nothing. Holds no text nor number, only the codes."""

    key = models.CharField(max_length=200, unique=True)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


def number_digest(number: str) -> str:
    """A keyed digest of an E.164 number: an opt-out is honoured without keeping the number itself (it
    survives the household's anonymisation, as the STOP must). The key is PREVEX_OPTOUT_KEY, else SECRET_KEY: a
    rotated SECRET_KEY forgets no STOP once PREVEX_OPTOUT_KEY holds the key the digests were made with."""
    key = settings.PREVEX_OPTOUT_KEY or settings.SECRET_KEY
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


class OptOut(models.Model):
    """A number that must get no more SMS from the team (STOP, the provider's opposition list, the team)."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="sms_opt_outs")
    number_digest = models.CharField(max_length=64)
    source = models.CharField(_("origine"), max_length=10, choices=OptOutSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opposition aux SMS")
        verbose_name_plural = _("oppositions aux SMS")
        constraints = [models.UniqueConstraint(fields=["team", "number_digest"], name="one_opt_out_per_number")]

    def __str__(self) -> str:
        return self.get_source_display()


class MessageTemplate(models.Model):
    """A team's own text of the SMS or e-mail that goes with a letter of the sequence (a team without one
    sends the shipped default, `defaults.py`). Placeholders as in the letters (`letters/placeholders.py`)."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="message_templates")
    kind = models.CharField(_("courrier"), max_length=30)  # a LetterKind of the tenant (premier_courrier, relance)
    channel = models.CharField(_("canal"), max_length=10, choices=MessageChannel.choices)
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("modèle de SMS ou d'e-mail")
        verbose_name_plural = _("modèles de SMS et d'e-mails")
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "channel"], name="one_message_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_channel_display()})"


class InboundMessageQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(team=team)

    def in_inbox(self):
        return self.filter(status=InboundStatus.INBOX)


INBOUND_BODY_MAX = 2000  # characters kept of a reply (an SMS is at most a few hundred; a mail is cut)


class InboundMessage(models.Model):
    """A tenant's SMS or e-mail reply, kept once per provider id (`provider`, `provider_id`). Attached to its
    situation (by the number or the reply address's token, or by a coordinator from the inbox), waiting in the
    team's inbox, or discarded (its text and sender blanked). No attachment is ever kept: only the text, cut
    to INBOUND_BODY_MAX. A reply no team can be found for is kept as a discarded row without text nor sender
    (so that the same call twice is still one row)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="inbound_messages"
    )
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.CASCADE, null=True, blank=True, related_name="inbound_messages"
    )
    reply_to = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="replies", verbose_name=_("réponse à")
    )
    channel = models.CharField(_("canal"), max_length=10, choices=MessageChannel.choices)
    sender = models.CharField(_("expéditeur"), max_length=254, blank=True)  # E.164 number or e-mail address
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"), max_length=INBOUND_BODY_MAX, blank=True)
    is_stop = models.BooleanField(_("demande STOP"), default=False)
    received_at = models.DateTimeField(_("reçu le"))
    provider = models.CharField(_("fournisseur"), max_length=30)
    provider_id = models.CharField(_("identifiant chez le fournisseur"), max_length=200)
    status = models.CharField(_("état"), max_length=10, choices=InboundStatus.choices)
    discard_reason = models.CharField(_("raison"), max_length=20, choices=DiscardReason.choices, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse d'un locataire")
        verbose_name_plural = _("réponses des locataires")
        constraints = [models.UniqueConstraint(fields=["provider", "provider_id"], name="one_inbound_per_provider_id")]
        indexes = [models.Index(fields=["team", "status", "received_at"], name="messaging_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.public_id}"
