"""Small builders for the bilan tests: a scope, a situation received on a day, an event on a day."""

import datetime as dt

from prevex.reports.bilan import BilanScope
from prevex.situations.tests.factories import EventFactory, SituationFactory

START, END, AS_OF = dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 6, 30)


def make_scope(team, *, start=START, end=END, as_of=AS_OF, **filters) -> BilanScope:
    return BilanScope(team=team, start=start, end=end, as_of=as_of, **filters)


def received(team, on=dt.date(2024, 3, 1), **fields):
    return SituationFactory(team=team, received_on=on, **fields)


def event(situation, kind, on, **fields):
    return EventFactory(situation=situation, kind=kind, occurred_on=on, **fields)
