"""The SMS and e-mails that go with the tenant's letters: their texts (the team's own or the shipped ones),
filled in for one household with the letters' placeholders and sandbox (the tenant's personal link
included), and queued for the letters of the day."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from prevex.outreach.letters.enums import STEP_LETTERS
from prevex.outreach.letters.letters import letterhead_for
from prevex.outreach.letters.placeholders import NAMES, personal_links, situation_values
from prevex.outreach.letters.sandbox import check_text, render_text
from prevex.outreach.messaging import services
from prevex.outreach.messaging.defaults import DEFAULTS, KINDS, Text
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import Message, MessageTemplate
from prevex.outreach.models import Task


def texts_for(team) -> dict[tuple[str, str], Text]:
    """{(letter kind, channel): its text}: the team's own, else the shipped default."""
    texts = {key: Text(str(text.subject), str(text.body)) for key, text in DEFAULTS.items()}
    for row in MessageTemplate.objects.filter(team=team):
        texts[(row.kind, row.channel)] = Text(row.subject, row.body)
    return texts


def problems(text: str) -> list[str]:
    return check_text(text, NAMES)


def fill(text: str, values: dict[str, str]) -> str:
    return render_text(text, values, autoescape=False).strip()  # plain text: nothing to escape in an SMS


def household_values(situation, letterhead, today: dt.date, link: str | None) -> dict[str, str]:
    values = situation_values(situation, letterhead, today, link)
    if link:
        values["lien_personnel"] = link  # as typed (the letters make its hyphens non-breaking: not GSM-7)
    return values


@dataclass
class Queued:
    sms: int = 0
    email: int = 0
    skipped: int = 0  # no mobile nor e-mail, STOP, already queued for that letter


def _already(situation_ids, steps) -> set[tuple[int, str, str]]:
    rows = Message.objects.filter(situation_id__in=situation_ids, step__in=steps).exclude(
        state__in=(MessageState.CANCELLED, MessageState.FAILED)
    )
    return set(rows.values_list("situation_id", "step", "channel"))


@transaction.atomic
def queue_for_tasks(team, task_ids, user, today: dt.date) -> Queued:
    """The SMS and e-mail of each of these letter tasks (the tenant's letters of the day), for the households
    that have a mobile or an e-mail; once per letter and channel, whatever the clicks. All queued or none, handed
    to the worker together (`services.enqueue_batch`: a few tasks, not one per message)."""
    tasks = list(
        Task.objects.for_team(team)
        .filter(pk__in=task_ids, step__in=[step for step, kind in STEP_LETTERS.items() if kind in KINDS])
        .filter(situation__anonymised_on__isnull=True)
        .select_related("situation", "situation__commune")
    )
    situations = {task.situation_id: task.situation for task in tasks}
    links = personal_links(list(situations.values()))
    letterhead, texts = letterhead_for(team), texts_for(team)
    done = _already(list(situations), [task.step for task in tasks])
    result, queued = Queued(), []
    for task in tasks:
        situation, kind = task.situation, STEP_LETTERS[task.step]
        values = household_values(situation, letterhead, today, links.get(situation.pk))
        for channel, recipient in ((MessageChannel.SMS, situation.phone), (MessageChannel.EMAIL, situation.email)):
            if not recipient or (situation.pk, task.step, channel) in done:
                result.skipped += bool(recipient)
                continue
            text = texts[(kind, channel)]
            try:
                message = services.queue_message(
                    team=team,
                    situation=situation,
                    channel=channel,
                    recipient=recipient,
                    subject=fill(text.subject, values),
                    body=fill(text.body, values),
                    step=task.step,
                    user=user,
                    enqueue_task=False,
                )
            except ValidationError:  # a landline, STOP, an invalid address: no message for this channel
                result.skipped += 1
                continue
            done.add((situation.pk, task.step, channel))
            queued.append(message.pk)
            setattr(result, channel, getattr(result, channel) + 1)
    services.enqueue_batch(queued)
    return result
