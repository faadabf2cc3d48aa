"""The intake dashboard's figures: lists received per week, rows by decision, checks pending, uncontacted."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.intake.prefecture.decisions import DECISIONS
from prevex.situations.enums import Stage
from prevex.situations.models import Situation

WEEKS_SHOWN = 12
UNCONTACTED_HORIZON_DAYS = 42  # six weeks before the hearing


@dataclass
class Week:
    monday: dt.date
    lists: int = 0
    decisions: dict = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))

    @property
    def rows(self) -> int:
        return sum(self.decisions.values())


def weeks(team, *, today: dt.date, count: int = WEEKS_SHOWN) -> list[Week]:
    """The last `count` weeks (most recent first), with the lists confirmed in each and their rows by decision."""
    this_monday = today - dt.timedelta(days=today.weekday())
    shown = {this_monday - dt.timedelta(weeks=index): None for index in range(count)}
    by_week = defaultdict(lambda: None)
    batches = ImportBatch.objects.filter(
        team=team, kind=ImportKind.PREFECTURE, status=ImportStatus.COMMITTED, received_on__gte=min(shown)
    ).only("received_on", "summary")
    for batch in batches:
        monday = batch.received_on - dt.timedelta(days=batch.received_on.weekday())
        week = by_week[monday] or Week(monday)
        week.lists += 1
        for decision in DECISIONS:
            week.decisions[decision] += batch.summary.get(decision, 0)
        by_week[monday] = week
    return [by_week[monday] or Week(monday) for monday in shown]


def totals(rows: list[Week]) -> dict:
    return {decision: sum(week.decisions[decision] for week in rows) for decision in DECISIONS}


def uncontacted(team, *, today: dt.date):
    """Open situations of the caseload whose hearing is within six weeks and that nobody has written to or visited."""
    waiting = Situation.objects.for_team(team).open().in_caseload().filter(stage=Stage.TO_CONTACT)
    soon = waiting.hearing_within(UNCONTACTED_HORIZON_DAYS, today=today)
    return soon.by_hearing_date().select_related("commune")
