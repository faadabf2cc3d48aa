"""What the messaging app holds about a household, for the privacy registry (`prevex/privacy/registry.py`): its
SMS and e-mails (the number or address, the subject and the text), and the tenant's replies attached to it (the
sender's number or address, the subject and the text; never an attachment). Anonymisation blanks them and keeps
each row (channel, state, dates: what the team's figures count); an e-mail's reply token is blanked too, so that
a late reply to it attaches to nothing. A STOP is kept as a keyed digest of the number only
(`models.number_digest`), not personal data on its own, and must outlive the household: it stays.

The replies no situation took (the team's inbox) are no household's: `purge` discards and blanks those left
unclassified past PREVEX_INBOX_KEEP_DAYS; a discarded reply is blanked when it is discarded."""

from prevex.outreach.messaging.inbound import purge_inbox
from prevex.outreach.messaging.models import InboundMessage, Message


def anonymise(situation) -> None:
    Message.objects.filter(situation_id=situation.pk).update(
        recipient="", subject="", body="", error="", reply_token=""
    )
    InboundMessage.objects.filter(situation_id=situation.pk).update(sender="", subject="", body="")


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(situation) -> dict:
    rows = Message.objects.filter(situation_id=situation.pk).order_by("created_at", "id")
    replies = InboundMessage.objects.filter(situation_id=situation.pk).order_by("received_at", "id")
    return {
        "messages": [
            {
                "channel": message.get_channel_display(),
                "direction": message.get_direction_display(),
                "recipient": message.recipient,
                "subject": message.subject,
                "body": message.body,
                "state": message.get_state_display(),
                "created_at": _moment(message.created_at),
                "sent_at": _moment(message.sent_at),
                "delivered_at": _moment(message.delivered_at),
            }
            for message in rows
        ],
        "replies": [
            {
                "channel": reply.get_channel_display(),
                "sender": reply.sender,
                "subject": reply.subject,
                "body": reply.body,
                "status": reply.get_status_display(),
                "received_at": _moment(reply.received_at),
            }
            for reply in replies
        ],
    }


def purge(*, now, wet: bool) -> int:
    return purge_inbox(now=now, wet=wet)
