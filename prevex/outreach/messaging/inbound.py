"""The tenants' replies (SMS and e-mail), each in one place: kept once per provider id, matched to a situation,
attached (a tenant contact on the timeline, through the writer, and a task « répondre »), put in the team's inbox
when no single situation is certain, or discarded.

Matching, never a guess:
- a reply to a known message (Brevo names the SMS replied to, an e-mail comes back to the message's reply address
  `reponse+<token>@PREVEX_REPLY_DOMAIN`): that message's team, and its situation if still writable;
- else an SMS: the team of the most recent SMS sent to that number, and the one open situation of that team with
  that number (its phone, or an SMS sent to it); two or more, or none: the team's inbox;
- no team found that way: the team using that provider, if only one does (its inbox); otherwise nobody may see
  it (the platform's administrator sees no case data): a row without text nor sender is kept, « discarded, no
  team », with a journal entry (so that the same call twice is still one row).

A STOP (first word) puts the number on the opt-out list of every team that sent it an SMS; a reply that is only
STOP is no contact: kept on its situation, discarded (« simple STOP »), no event nor task.

Logs and journal hold ids, channels and codes only: never a text, a number or an address.
"""

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import Team
from prevex.outreach.enums import AdHocTask
from prevex.outreach.messaging.enums import (
    Direction,
    DiscardReason,
    InboundStatus,
    MessageChannel,
    OptOutSource,
)
from prevex.outreach.messaging.models import INBOUND_BODY_MAX, InboundMessage, Message
from prevex.outreach.services import task_add
from prevex.situations import services as writer
from prevex.situations.enums import Channel, EventKind
from prevex.situations.models import Event, Situation

logger = logging.getLogger(__name__)  # ids and codes only

STOP_WORDS = frozenset({"STOP", "STOPSMS", "ARRET", "DESABONNER", "UNSUBSCRIBE"})
REPLY_PREFIX = "reponse"


@dataclass
class Incoming:
    """A reply as a provider's webhook brought it, normalised (sender in E.164 or the address as given)."""

    channel: str
    provider: str
    provider_id: str
    sender: str
    body: str
    received_at: dt.datetime
    subject: str = ""
    replied_message_id: str = ""  # the provider's id of the message replied to (Brevo's SMS replies)
    recipients: list[str] = field(default_factory=list)  # e-mail: the addresses it was sent to


# --- STOP ------------------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    return re.findall(r"[A-Z]+", plain)


def is_stop(text: str) -> bool:
    """The tenant asks for no more SMS: the first word is STOP (or a twin), as operators read it."""
    words = _words(text)
    return bool(words) and words[0] in STOP_WORDS


def is_only_stop(text: str) -> bool:
    return is_stop(text) and len(_words(text)) == 1


# --- reply addresses --------------------------------------------------------------------------------------------


def reply_address(message: Message) -> str:
    """The Reply-To of an e-mail (empty without PREVEX_REPLY_DOMAIN, or for a message without token)."""
    domain = settings.PREVEX_REPLY_DOMAIN
    if not domain or not message.reply_token:
        return ""
    return f"{REPLY_PREFIX}+{message.reply_token}@{domain}"


def tokens_in(addresses) -> list[str]:
    domain = settings.PREVEX_REPLY_DOMAIN
    if not domain:
        return []
    pattern = re.compile(rf"{REPLY_PREFIX}\+([0-9a-f]{{32}})@{re.escape(domain)}$", re.IGNORECASE)
    found = (pattern.search((address or "").strip().strip("<>")) for address in addresses)
    return [match.group(1).lower() for match in found if match]


# --- receiving --------------------------------------------------------------------------------------------------


def digest(*parts: str) -> str:
    """A provider id for providers that give none to a reply (the same reply twice gives the same one)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def receive(incoming: Incoming) -> InboundMessage:
    """Keep the reply once (the same provider id twice: the row kept the first time), then match it."""
    with transaction.atomic():
        existing = _existing(incoming)
        if existing is not None:
            return existing
        replied = _replied_message(incoming)
        team = _team_for(incoming, replied)
        stop = incoming.channel == MessageChannel.SMS and is_stop(incoming.body)
        if stop:
            _opt_out_everywhere(incoming.sender, team)
        try:
            with transaction.atomic():
                row = _create(incoming, team, replied, stop)
        except IntegrityError:  # the same call, at the same moment, from a provider's retry
            return _existing(incoming)
        if team is None:
            _journal(row, None, "reply_no_team")
            return row
        _match(row, replied)
    return row


def _existing(incoming: Incoming) -> InboundMessage | None:
    return InboundMessage.objects.filter(provider=incoming.provider, provider_id=incoming.provider_id).first()


def _create(incoming: Incoming, team, replied, stop: bool) -> InboundMessage:
    known = team is not None
    return InboundMessage.objects.create(
        team=team,
        reply_to=replied,
        channel=incoming.channel,
        sender=incoming.sender[:254] if known else "",
        subject=incoming.subject[:300] if known else "",
        body=(incoming.body or "").strip()[:INBOUND_BODY_MAX] if known else "",
        is_stop=stop,
        received_at=incoming.received_at,
        provider=incoming.provider,
        provider_id=incoming.provider_id,
        status=InboundStatus.INBOX if known else InboundStatus.DISCARDED,
        discard_reason="" if known else DiscardReason.NO_TEAM,
    )


def _replied_message(incoming: Incoming) -> Message | None:
    outbound = Message.objects.filter(direction=Direction.OUTBOUND, channel=incoming.channel)
    if incoming.channel == MessageChannel.EMAIL:
        tokens = tokens_in(incoming.recipients)
        return outbound.filter(reply_token__in=tokens).first() if tokens else None
    if incoming.replied_message_id:
        return outbound.filter(provider=incoming.provider, provider_message_id=incoming.replied_message_id).first()
    return None


def _last_sms_to(number: str) -> Message | None:
    return (
        Message.objects.filter(
            direction=Direction.OUTBOUND, channel=MessageChannel.SMS, recipient=number, sent_at__isnull=False
        )
        .order_by("-sent_at", "-pk")
        .first()
    )


def _team_for(incoming: Incoming, replied: Message | None) -> Team | None:
    if replied is not None:
        return replied.team
    if incoming.channel == MessageChannel.SMS and incoming.sender:
        last = _last_sms_to(incoming.sender)
        if last is not None:
            return last.team
    teams = list(
        Message.objects.filter(direction=Direction.OUTBOUND, channel=incoming.channel, provider=incoming.provider)
        .values_list("team_id", flat=True)
        .distinct()[:2]
    )
    return Team.objects.filter(pk=teams[0]).first() if len(teams) == 1 else None


def _opt_out_everywhere(number: str, team) -> None:
    from prevex.outreach.messaging.services import opt_out  # services imports this module's neighbours

    if not number:
        return
    team_ids = set(
        Message.objects.filter(direction=Direction.OUTBOUND, channel=MessageChannel.SMS, recipient=number)
        .values_list("team_id", flat=True)
        .distinct()
    )
    if team is not None:
        team_ids.add(team.pk)
    for each in Team.objects.filter(pk__in=team_ids).order_by("pk"):
        opt_out(each, number, OptOutSource.STOP)


# --- matching ---------------------------------------------------------------------------------------------------


def _writable(situations):
    return situations.filter(anonymised_on__isnull=True)


def _candidates(row: InboundMessage) -> set[int]:
    """The open situations of the row's team that this number belongs to (its phone, or an SMS sent to it)."""
    number = row.sender
    forms = {number, *writer.phone_digits(number)}
    forms |= {"0" + number[3:]} if number.startswith("+33") else set()
    open_ones = _writable(Situation.objects.for_team(row.team).open())
    by_phone = set(open_ones.filter(phone__in=forms).values_list("pk", flat=True))
    by_message = set(
        open_ones.filter(
            messages__direction=Direction.OUTBOUND, messages__channel=MessageChannel.SMS, messages__recipient=number
        ).values_list("pk", flat=True)
    )
    return by_phone | by_message


def _match(row: InboundMessage, replied: Message | None) -> None:
    situation, how = None, ""
    if replied is not None and replied.situation_id:
        situation = _writable(Situation.objects.filter(pk=replied.situation_id)).first()
        how = "token" if row.channel == MessageChannel.EMAIL else "message"
    elif row.channel == MessageChannel.SMS and row.sender:
        candidates = _candidates(row)
        if len(candidates) == 1:
            situation, how = Situation.objects.get(pk=candidates.pop()), "number"
    if situation is None:
        _journal(row, None, "reply_inbox")
        return
    try:
        with transaction.atomic():
            attach(row, situation, user=None, how=how)
    except (ValidationError, writer.SituationAnonymised):  # the timeline refuses it: a person decides
        logger.info("reply %s: not attached automatically, to the inbox", row.public_id)
        _journal(row, None, "reply_inbox")


CONTACT_NOTES = {
    MessageChannel.SMS: "Réponse du locataire reçue par SMS.",
    MessageChannel.EMAIL: "Réponse du locataire reçue par e-mail.",
}


def attach(row: InboundMessage, situation: Situation, *, user, how: str) -> InboundMessage:
    """The reply on its situation (in the caller's transaction): a tenant contact by that channel on the timeline
    (the writer's hook ends the outreach sequence) and a task « répondre »; a STOP alone is kept on the situation
    without contact nor task. Raises ValidationError (French) when the timeline refuses it."""
    if row.is_stop and is_only_stop(row.body):
        _set(row, situation=situation, status=InboundStatus.DISCARDED, reason=DiscardReason.STOP_ONLY, user=user)
        _journal(row, user, "reply_stop", how=how)
        return row
    event = Event(
        situation=situation,
        kind=EventKind.TENANT_CONTACT,
        occurred_on=timezone.localdate(row.received_at),
        channel=Channel.SMS if row.channel == MessageChannel.SMS else Channel.EMAIL,
        note=_(CONTACT_NOTES[row.channel]),
    )
    event = writer.event_record(event=event, author=user)
    task_add(event.situation, AdHocTask.REPLY)
    _set(row, situation=event.situation, status=InboundStatus.ATTACHED, user=user)
    _journal(row, user, "reply_attached", how=how)
    return row


def _set(row: InboundMessage, *, situation=None, status: str, user, reason: str = "") -> None:
    row.situation = situation if situation is not None else row.situation
    row.status, row.discard_reason = status, reason
    row.handled_by, row.handled_at = user, timezone.now()
    row.save(update_fields=["situation", "status", "discard_reason", "handled_by", "handled_at"])


# --- the inbox ------------------------------------------------------------------------------------------------


class NotInInbox(Exception):
    """Someone else attached or discarded it meanwhile."""


def _locked_in_inbox(row: InboundMessage) -> InboundMessage:
    fresh = InboundMessage.objects.select_for_update().get(pk=row.pk)
    if fresh.status != InboundStatus.INBOX:
        raise NotInInbox
    return fresh


@transaction.atomic
def attach_from_inbox(row: InboundMessage, situation: Situation, *, user) -> InboundMessage:
    """A coordinator attaches a reply of the inbox to a situation of the team: the same as a match."""
    row = _locked_in_inbox(row)
    if situation.team_id != row.team_id:
        raise ValidationError(_("Situation : elle n'est pas de votre équipe."))
    try:
        return attach(row, situation, user=user, how="person")
    except writer.SituationAnonymised as error:
        raise ValidationError(_("Situation : elle est anonymisée.")) from error


@transaction.atomic
def discard(row: InboundMessage, *, reason: str, user) -> InboundMessage:
    """A coordinator sets a reply aside: its text and sender are blanked at once (only the reason code stays)."""
    row = _locked_in_inbox(row)
    _blank(row)
    _set(row, status=InboundStatus.DISCARDED, reason=reason, user=user)
    _journal(row, user, "reply_discarded", reason=reason)
    return row


def _blank(row: InboundMessage) -> None:
    row.sender, row.subject, row.body = "", "", ""
    row.save(update_fields=["sender", "subject", "body"])


def purge_inbox(*, now: dt.datetime, wet: bool) -> int:
    """The replies left in an inbox past PREVEX_INBOX_KEEP_DAYS: discarded and blanked (counted unless `wet`)."""
    limit = now - dt.timedelta(days=settings.PREVEX_INBOX_KEEP_DAYS)
    due = InboundMessage.objects.in_inbox().filter(received_at__lt=limit)
    if not wet:
        return due.count()
    count = 0
    for row in due.select_related("team"):
        with transaction.atomic():
            try:
                row = _locked_in_inbox(row)
            except NotInInbox:
                continue
            _blank(row)
            _set(row, status=InboundStatus.DISCARDED, reason=DiscardReason.RETENTION, user=None)
            _journal(row, None, "reply_discarded", reason=DiscardReason.RETENTION)
            count += 1
    return count


# --- the journal ------------------------------------------------------------------------------------------------


def _journal(row: InboundMessage, actor, what: str, **details) -> None:
    """Who attached or discarded which reply (ids, channel, codes): never its text, number or address."""
    AuditEntry.log(
        actor=actor,
        action=AuditAction.CREATE if actor is None and what != "reply_discarded" else AuditAction.UPDATE,
        target=row,
        team=row.team,
        details={
            "messaging": what,
            "channel": row.channel,
            "provider": row.provider,
            "situation": str(row.situation.public_id) if row.situation_id else "",
            **details,
        },
    )
