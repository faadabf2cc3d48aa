"""Situations whose visit is due, built through the one writer (a letter to the tenant recorded, so the hook opens
`visite_1` ten days later, or seven days before the hearing if that comes first), and rounds of them."""

import datetime as dt

from prevex.outreach.rounds.models import Round, RoundStop
from prevex.situations.enums import Channel, EventKind, Recipient
from prevex.situations.models import Event
from prevex.situations.services import event_record
from prevex.situations.tests.factories import SituationFactory

FIRST_LETTER_ON = dt.date(2024, 4, 1)


def due_for_visit(team, author, *, letter_on=FIRST_LETTER_ON, **fields):
    """A situation of `team` whose first letter went on `letter_on`: its `visite_1` is due 10 days later."""
    situation = SituationFactory(team=team, **fields)
    letter = Event(
        situation=situation,
        kind=EventKind.LETTER,
        recipient=Recipient.TENANT,
        channel=Channel.POST,
        occurred_on=letter_on,
    )
    event_record(event=letter, author=author)
    return situation


def round_of(team, situations, *, day, workers=(), is_joint=False, created_by=None):
    """A round of these situations in this order (no proposal, no journal: for the pages' tests)."""
    visit_round = Round.objects.create(team=team, day=day, is_joint=is_joint, created_by=created_by)
    visit_round.workers.set(workers)
    for position, situation in enumerate(situations, start=1):
        RoundStop.objects.create(round=visit_round, situation=situation, position=position)
    return visit_round


def rounds_objects(team, situation, author) -> dict:
    """The every-URL walk's objects of team A: a round of its situation (`round_id`) and that stop (`stop_id`)."""
    visit_round = round_of(team, [situation], day=situation.received_on, workers=[author], created_by=author)
    return {"round_id": visit_round.public_id, "stop_id": visit_round.stops.get().pk}
