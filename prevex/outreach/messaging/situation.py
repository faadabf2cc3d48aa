"""What the situation's page shows of its messages: each SMS and e-mail with its state (the timeline of the
sends), the tenant's replies attached to it, and whether its number said STOP."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from prevex.outreach.messaging import rules
from prevex.outreach.messaging.models import InboundMessage, Message


@dataclass
class Outbox:
    messages: list
    replies: list  # the tenant's SMS and e-mails attached to the situation, newest first
    stopped: bool  # the household's mobile is on the team's opt-out list


def situation_outbox(situation) -> Outbox:
    messages = list(Message.objects.filter(situation=situation).order_by("-created_at")[:20])
    replies = list(InboundMessage.objects.filter(situation=situation).order_by("-received_at", "-pk")[:20])
    stopped = False
    if situation.phone and not situation.anonymised_on:
        try:
            stopped = rules.is_opted_out(situation.team_id, rules.sms_number(situation.phone))
        except ValidationError:
            stopped = False
    return Outbox(messages=messages, replies=replies, stopped=stopped)
