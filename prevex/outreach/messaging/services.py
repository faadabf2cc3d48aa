"""The messages' use cases, each in one place: queue a message (checked against the rules), send one (the
worker's task body), the state transitions, the recovery of sends a worker left half-done, the delivery
reports of the providers, STOP.

Never twice, never lost: `sending` is committed before the HTTP call; a message found in `sending` after
PREVEX_MESSAGES_SENDING_TIMEOUT was interrupted (the worker died): it is sent again with the same idempotency
key if the provider takes one, else it goes `unknown`, « à vérifier », for a person to decide.

This app never writes a `Situation` or an `Event`: the writer (`prevex.situations.services`) does.
"""

import datetime as dt
import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach import sms
from prevex.outreach.enums import AdHocTask
from prevex.outreach.messaging import delivery, rules
from prevex.outreach.messaging.enums import (
    TRANSITIONS,
    Direction,
    MessageChannel,
    MessageState,
    OptOutSource,
)
from prevex.outreach.messaging.models import DeliveryReport, Message, OptOut, number_digest
from prevex.outreach.services import task_add
from prevex.situations import services as writer
from prevex.situations.enums import Channel, EventKind, Recipient
from prevex.situations.models import Situation

logger = logging.getLogger(__name__)  # ids and states only: never a text, a number or an address


class TransitionRefused(Exception):
    pass


def transition(message: Message, state: str, **fields) -> Message:
    """Move a message (locked by the caller) to `state`, with the fields that go with it; refuses a move the
    state machine does not have (`enums.TRANSITIONS`)."""
    if state != message.state and state not in TRANSITIONS[message.state]:
        raise TransitionRefused(f"{message.state} -> {state}")
    message.state = state
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=["state", "updated_at", *fields])
    return message


# --- queueing ----------------------------------------------------------------------------------------------------


def checked_recipient(channel: str, value: str) -> str:
    """The recipient as stored (E.164 or the address), or a ValidationError in French naming the field."""
    if channel == MessageChannel.SMS:
        return rules.sms_number(value)
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(_("E-mail : adresse invalide."), code="email") from error
    return value


def sender_for(channel: str) -> str:
    return settings.PREVEX_SMS_SENDER if channel == MessageChannel.SMS else settings.PREVEX_MESSAGES_FROM_EMAIL


@transaction.atomic
def queue_message(
    *,
    team,
    situation: Situation | None,
    channel: str,
    recipient: str,
    body: str,
    user,
    subject: str = "",
    step="",
    enqueue_task: bool = True,
) -> Message:
    """A message queued for the worker (sent at the next allowed moment). Raises ValidationError (French) for a
    recipient that cannot get it: a landline, a number that said STOP, an invalid address. `enqueue_task=False`:
    the caller hands the messages it queued to the worker together (`enqueue_batch`)."""
    recipient = checked_recipient(channel, recipient)
    if channel == MessageChannel.SMS and rules.is_opted_out(team.pk, recipient):
        raise ValidationError(_("Téléphone : ce numéro a demandé à ne plus recevoir de SMS (STOP)."), code="stop")
    if not body.strip():
        raise ValidationError(_("Texte : le message est vide."), code="empty")
    message = Message.objects.create(
        team=team,
        situation=situation,
        channel=channel,
        direction=Direction.OUTBOUND,
        recipient=recipient,
        sender=sender_for(channel),
        subject=subject,
        body=body,
        step=step,
        created_by=user,
        next_attempt_at=timezone.now(),
    )
    _journal(message, user, "queued")
    if enqueue_task:
        enqueue(message)
    return message


def _journal(message: Message, actor, what: str, **details) -> None:
    """Who sent what (the channel, the step, the message's id) to whom (the situation; the number or address is
    a personal value, set apart in the journal and erased with the household). Never the text."""
    personal = {"phone" if message.channel == MessageChannel.SMS else "email": message.recipient}
    AuditEntry.log(
        actor=actor,
        action=AuditAction.CREATE if what == "queued" else AuditAction.UPDATE,
        target=message,
        team=message.team,
        details={
            "messaging": what,
            "channel": message.channel,
            "step": message.step,
            "situation": str(message.situation.public_id) if message.situation_id else "",
            **personal,
            **details,
        },
    )


def enqueue(message: Message) -> None:
    """Ask the worker to send the message when it is due, once the transaction that queued it commits."""
    message_id, run_after = message.pk, message.next_attempt_at
    transaction.on_commit(lambda: _enqueue(message_id, run_after))


def _enqueue(message_id: int, run_after: dt.datetime | None) -> None:
    from prevex.outreach.messaging.tasks import send_message  # the task module imports these services

    task = send_message
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return  # a backend that cannot wait (immediate): `messages_dispatch` sends it when due
        task = task.using(run_after=run_after)
    task.enqueue(message_id)


# --- sending -----------------------------------------------------------------------------------------------------


def _claim(message_id: int, now: dt.datetime) -> Message | None:
    """In its own transaction: the message moved to `sending` (attempts + 1), or None when it is not to be sent
    now (already sent or taken, or postponed by a rule: then re-enqueued for its new moment)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.QUEUED:
            return None
        if message.next_attempt_at and message.next_attempt_at > now:
            enqueue(message)  # woken too early (a second task, a clock): back to sleep until its moment
            return None
        if message.channel == MessageChannel.SMS and rules.is_opted_out(message.team_id, message.recipient):
            transition(message, MessageState.CANCELLED, error="STOP")
            return None
        moment = _allowed_moment(message, now)
        if moment > now:
            transition(message, MessageState.QUEUED, next_attempt_at=moment)
            enqueue(message)
            return None
        return transition(message, MessageState.SENDING, attempts=message.attempts + 1, sending_since=now)


def _allowed_moment(message: Message, now: dt.datetime) -> dt.datetime:
    moment = rules.next_allowed(now) if rules.channel_rules_apply(message.channel) else now
    if moment <= now and rules.cap_reached(message.team_id, message.channel, now):
        moment = rules.tomorrow_start(now)
    return moment


def send_one(message_id: int) -> str:
    """The worker's task body: send the message if it is due and allowed; returns its state afterwards."""
    now = timezone.now()
    message = _claim(message_id, now)  # committed: `sending` is on disk before the provider is called
    if message is None:
        return Message.objects.filter(pk=message_id).values_list("state", flat=True).first() or ""
    try:
        result = delivery.deliver(message)
    except sms.TemporaryError as error:
        return _after_temporary_error(message_id, error)
    except sms.UncertainError as error:
        return _after_uncertain(message_id, error)
    except sms.PermanentError as error:
        return _after_failure(message_id, error)
    return _after_success(message_id, result)


@transaction.atomic
def _after_success(message_id: int, result: sms.Result) -> str:
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.state not in (MessageState.SENDING, MessageState.UNKNOWN):
        return message.state  # a report came first (delivered): nothing to undo
    _mark_sent(message, result, timezone.now())
    _record_on_timeline(message)
    return message.state


def _mark_sent(message: Message, result: sms.Result, now: dt.datetime) -> None:
    transition(
        message,
        MessageState.SENT,
        provider=result.provider,
        provider_message_id=result.message_id,
        sent_at=now,
        sending_since=None,
        error="",
    )
    logger.info("message %s sent (%s, attempt %s)", message.public_id, result.provider, message.attempts)


def retry_delay(attempts: int) -> dt.timedelta | None:
    """The wait before the next attempt after `attempts` tries, or None when none is left."""
    delays = settings.PREVEX_MESSAGES_RETRY_DELAYS
    return dt.timedelta(seconds=delays[attempts - 1]) if attempts <= len(delays) else None


@transaction.atomic
def _after_temporary_error(message_id: int, error: sms.SmsError) -> str:
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.state != MessageState.SENDING:
        return message.state
    delay = retry_delay(message.attempts)
    if delay is None:
        return _fail(message, error)
    logger.warning("message %s: temporary error %s, attempt %s", message.public_id, error.code, message.attempts)
    transition(
        message,
        MessageState.QUEUED,
        next_attempt_at=timezone.now() + delay,
        sending_since=None,
        error=error.reason[:300],
    )
    enqueue(message)
    return message.state


@transaction.atomic
def _after_uncertain(message_id: int, error: sms.SmsError) -> str:
    """No answer after the request left (or one Prevex cannot read): retried with its key when the provider
    refuses duplicates, else « à vérifier » — never sent a second time on a guess."""
    if delivery.supports_idempotency(Message.objects.values_list("channel", flat=True).get(pk=message_id)):
        return _after_temporary_error(message_id, error)
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.state != MessageState.SENDING:
        return message.state
    logger.warning("message %s: no answer from the provider (%s), to check", message.public_id, error.code)
    transition(message, MessageState.UNKNOWN, sending_since=None, error=_("Sans réponse du fournisseur : à vérifier."))
    _journal(message, None, "interrupted")
    return message.state


@transaction.atomic
def _after_failure(message_id: int, error: sms.SmsError) -> str:
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.state != MessageState.SENDING:
        return message.state
    return _fail(message, error)


def _fail(message: Message, error: sms.SmsError | None, reason: str = "") -> str:
    logger.warning("message %s failed (%s)", message.public_id, error.code if error else reason)
    transition(
        message,
        MessageState.FAILED,
        failed_at=timezone.now(),
        sending_since=None,
        error=(error.reason if error else reason)[:300],
    )
    _flag(message)
    return message.state


def _record_on_timeline(message: Message) -> None:
    """The accepted SMS or e-mail on the household's timeline: a letter to the tenant by that channel."""
    if message.situation_id is None:
        return
    situation = Situation.objects.filter(pk=message.situation_id).first()
    if situation is None or situation.anonymised_on:
        return
    event = {
        "kind": EventKind.LETTER,
        "occurred_on": timezone.localdate(message.sent_at),
        "recipient": Recipient.TENANT,
        "channel": Channel.SMS if message.channel == MessageChannel.SMS else Channel.EMAIL,
    }
    try:
        with transaction.atomic():
            writer.lock_situations(Situation.objects.filter(pk=situation.pk))
            writer.events_record_many(
                team=message.team,
                events={situation.pk: [event]},
                author=message.created_by,
                details={situation.pk: {"outreach": "message_sent", "message": str(message.public_id)}},
            )
    except ValidationError:  # the timeline refuses it (a date before its receipt…): the message stays sent
        logger.warning("message %s: not recorded on the timeline", message.public_id)


def _flag(message: Message) -> None:
    """A message that failed or bounced: a task to check the number (or the address) and a note on the
    timeline, so the team sees it on the situation and in Aujourd'hui."""
    if message.situation_id is None:
        return
    situation = Situation.objects.filter(pk=message.situation_id, anonymised_on__isnull=True).first()
    if situation is None:
        return
    sms_failed = message.channel == MessageChannel.SMS
    kind = AdHocTask.CHECK_NUMBER if sms_failed else AdHocTask.CHECK_EMAIL
    with transaction.atomic():
        situation = writer.locked(situation)
        note = (
            _("SMS non distribué : numéro à vérifier.")
            if sms_failed
            else _("E-mail non distribué : adresse à vérifier.")
        )
        try:
            writer.note_add(situation, note=note, occurred_on=timezone.localdate(), author=None)
        except ValidationError:
            logger.warning("message %s: failure not noted on the timeline", message.public_id)
        task_add(situation, kind)
    _journal(message, None, "failed")


# --- interrupted sends ---------------------------------------------------------------------------------------------


def recover_stuck(now: dt.datetime | None = None) -> dict[str, int]:
    """Messages left in `sending` past the timeout (a worker killed mid-send): sent when the provider's id was
    recorded (accepted before a batch was cut short), else queued again with the same key when the provider
    refuses duplicates, else `unknown` (« à vérifier »). Returns {"sent", "retried", "to_check"}."""
    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=settings.PREVEX_MESSAGES_SENDING_TIMEOUT)
    counts = {"sent": 0, "retried": 0, "to_check": 0}
    stuck = list(
        Message.objects.filter(state=MessageState.SENDING, sending_since__lt=limit).values_list("pk", flat=True)
    )
    for pk in stuck:
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=pk)
            if message.state != MessageState.SENDING:
                continue
            if message.provider_message_id:
                transition(message, MessageState.SENT, sent_at=now, sending_since=None, error="")
                _record_many_on_timeline([message])
                counts["sent"] += 1
            elif delivery.supports_idempotency(message.channel):
                transition(message, MessageState.QUEUED, next_attempt_at=now, sending_since=None)
                enqueue(message)
                counts["retried"] += 1
            else:
                transition(message, MessageState.UNKNOWN, error=_("Envoi interrompu : à vérifier."))
                _journal(message, None, "interrupted")
                counts["to_check"] += 1
            logger.warning("message %s interrupted while sending: %s", pk, message.state)
    return counts


def dispatch_due(now: dt.datetime | None = None) -> int:
    """Enqueue the queued messages whose moment has come (those a backend could not defer, or whose task was
    lost): a message enqueued twice is sent once (`_claim` locks it and checks its state)."""
    now = now or timezone.now()
    due = Message.objects.filter(state=MessageState.QUEUED, next_attempt_at__lte=now).values_list("pk", flat=True)
    ids = list(due[:10_000])
    _enqueue_batch(ids)
    return len(ids)


@transaction.atomic
def resolve_unknown(message: Message, *, sent: bool, user) -> Message:
    """A person checked an interrupted send (« à vérifier »): it left (sent) or it did not (cancelled)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state != MessageState.UNKNOWN:
        return message
    if sent:
        transition(message, MessageState.SENT, sent_at=timezone.now())
        _record_on_timeline(message)
    else:
        transition(message, MessageState.CANCELLED)
    _journal(message, user, "checked_sent" if sent else "checked_not_sent")
    return message


# --- delivery reports and STOP -------------------------------------------------------------------------------


REPORTED_STATES = {"delivered": MessageState.DELIVERED, "failed": MessageState.FAILED}


@transaction.atomic
def apply_report(*, provider: str, provider_message_id: str, status: str, key: str, opted_out=False) -> bool:
    """One delivery report (`status`: delivered, failed, or anything else to ignore) for the message the
    provider knows by that id. The same report twice (`key`) changes nothing. Returns whether it applied."""
    message = (
        Message.objects.select_for_update().filter(provider=provider, provider_message_id=provider_message_id).first()
    )
    if message is None or message.state == MessageState.SENDING:
        return False  # not ours yet (its batch is still being sent): as before the provider's id was recorded
    _report, created = DeliveryReport.objects.get_or_create(
        key=f"{provider}:{key}", defaults={"message": message, "status": status}
    )
    if not created:
        return False
    if opted_out and message.channel == MessageChannel.SMS:
        opt_out(message.team, message.recipient, OptOutSource.PROVIDER)
    state = REPORTED_STATES.get(status)
    if state is None or state == message.state or state not in TRANSITIONS[message.state]:
        return False
    if state == MessageState.DELIVERED:
        transition(message, state, delivered_at=timezone.now())
    else:
        _fail(message, None, reason=_("Non distribué (rapport du fournisseur)."))
    return True


def opt_out(team, number: str, source: str) -> OptOut:
    """No more SMS from the team to this number; the messages still queued for it are cancelled."""
    found, _created = OptOut.objects.get_or_create(
        team=team, number_digest=number_digest(number), defaults={"source": source}
    )
    for message in Message.objects.select_for_update().filter(
        team=team, channel=MessageChannel.SMS, recipient=number, state=MessageState.QUEUED
    ):
        transition(message, MessageState.CANCELLED, error="STOP")
    return found


# --- batches: the messages queued together, sent by one task ------------------------------------------------------


def enqueue_batch(message_ids: list[int]) -> None:
    """Hand messages queued together (the letters of the day) to the worker in tasks of
    PREVEX_MESSAGES_BATCH_SIZE, once the transaction that queued them commits."""
    ids = list(message_ids)
    transaction.on_commit(lambda: _enqueue_batch(ids))


def _enqueue_batch(message_ids: list[int]) -> None:
    from prevex.outreach.messaging.tasks import send_messages  # the task module imports these services

    size = settings.PREVEX_MESSAGES_BATCH_SIZE
    for start in range(0, len(message_ids), size):
        send_messages.enqueue(message_ids[start : start + size])


def send_batch(message_ids: list[int]) -> dict[str, int]:
    """The worker's task body for messages queued together: each one claimed (`sending` committed) and sent as
    `send_one` does, its errors handled at once; the ones the provider accepted are then marked `sent` and
    written on their timelines in one transaction — one write of the timelines for the batch, the costly part
    of a send (docs/performance.md). A worker killed during a batch leaves the messages already accepted in
    `sending`, recovered as a single one is (`recover_stuck`). Returns {state: count} of the batch."""
    accepted: dict[int, sms.Result] = {}
    for message_id in message_ids:
        message = _claim(message_id, timezone.now())
        if message is None:
            continue
        try:
            accepted[message_id] = result = delivery.deliver(message)
        except sms.TemporaryError as error:
            _after_temporary_error(message_id, error)
        except sms.UncertainError as error:
            _after_uncertain(message_id, error)
        except sms.PermanentError as error:
            _after_failure(message_id, error)
        else:
            # The provider's id on the row at once (one UPDATE, autocommit): a worker killed later in the batch
            # leaves this message known as accepted, recovered as sent rather than « à vérifier ».
            Message.objects.filter(pk=message_id, state=MessageState.SENDING).update(
                provider=result.provider, provider_message_id=result.message_id
            )
    if accepted:
        _after_successes(accepted)
    return dict(Counter(Message.objects.filter(pk__in=message_ids).values_list("state", flat=True)))


@transaction.atomic
def _after_successes(accepted: dict[int, sms.Result]) -> None:
    now, sent = timezone.now(), []
    messages = (
        Message.objects.select_for_update(of=("self",)).filter(pk__in=accepted).select_related("team", "created_by")
    )
    for message in messages.order_by("pk"):
        if message.state not in (MessageState.SENDING, MessageState.UNKNOWN):
            continue  # a report came first (delivered): nothing to undo
        _mark_sent(message, accepted[message.pk], now)
        sent.append(message)
    _record_many_on_timeline(sent)


def _record_many_on_timeline(messages: list[Message]) -> None:
    """`_record_on_timeline` for several messages, in one write per author (the writer's bulk twin); if a
    timeline refuses its event, each message is recorded on its own (the refused one stays sent)."""
    live = set(
        Situation.objects.filter(
            pk__in={message.situation_id for message in messages}, anonymised_on__isnull=True
        ).values_list("pk", flat=True)
    )
    by_author: dict[int | None, list[Message]] = {}
    for message in messages:
        if message.situation_id in live:
            by_author.setdefault(message.created_by_id, []).append(message)
    for group in by_author.values():
        events: dict[int, list[dict]] = {}
        sent: dict[int, list[str]] = {}
        for message in group:
            events.setdefault(message.situation_id, []).append(_timeline_event(message))
            sent.setdefault(message.situation_id, []).append(str(message.public_id))
        try:
            with transaction.atomic():
                writer.lock_situations(Situation.objects.filter(pk__in=events))
                writer.events_record_many(
                    team=group[0].team,
                    events=events,
                    author=group[0].created_by,
                    details={pk: {"outreach": "message_sent", "message": " ".join(ids)} for pk, ids in sent.items()},
                )
        except ValidationError:
            for message in group:
                _record_on_timeline(message)


def _timeline_event(message: Message) -> dict:
    return {
        "kind": EventKind.LETTER,
        "occurred_on": timezone.localdate(message.sent_at),
        "recipient": Recipient.TENANT,
        "channel": Channel.SMS if message.channel == MessageChannel.SMS else Channel.EMAIL,
    }
