"""What the messaging app holds about a household, for the privacy registry (`prevex/privacy/registry.py`): its
SMS and e-mails (the number or address, the subject and the text). Anonymisation blanks them and keeps each row
(channel, state, dates: what the team's figures count). A STOP is kept as a keyed digest of the number only
(`models.number_digest`), not personal data on its own, and must outlive the household: it stays."""

from prevex.outreach.messaging.models import Message


def anonymise(situation) -> None:
    Message.objects.filter(situation_id=situation.pk).update(recipient="", subject="", body="", error="")


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(situation) -> dict:
    rows = Message.objects.filter(situation_id=situation.pk).order_by("created_at", "id")
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
        ]
    }
