"""Aujourd'hui's worklist: the open outreach tasks a user should see, by period and by kind of work.

Periods: overdue, today, this week (the next 7 days). Kinds: letters to print, visits to do (→ a round),
calls to return, reminders, the rest (a closure to decide, an address or a number to check). Scopes: the
situations one follows (mine), those of one's organisation's kind of work (the tasks assigned to it, or to
nobody), the whole team. Two queries whatever the number of tasks.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.situations.enums import EventKind
from prevex.situations.models import Situation

WEEK = dt.timedelta(days=7)


class Scope(models.TextChoices):
    MINE = "mine", _("Mes situations")
    ORGANISATION = "organisation", _("Mon organisation")
    TEAM = "team", _("Toute l'équipe")


class Period(models.TextChoices):
    OVERDUE = "overdue", _("En retard")
    TODAY = "today", _("Aujourd'hui")
    WEEK = "week", _("Cette semaine")


class Work(models.TextChoices):
    LETTERS = "letters", _("Courriers à imprimer")
    VISITS = "visits", _("Visites à faire")
    CALLS = "calls", _("Appels à rendre")
    REMINDERS = "reminders", _("Relances")
    OTHER = "other", _("À décider ou vérifier")


# Which kind of work a step is, by the event that does it (the team's own steps included).
WORK_BY_EVENT = {EventKind.LETTER: Work.LETTERS, EventKind.VISIT: Work.VISITS, EventKind.REMINDER: Work.REMINDERS}
WORK_BY_AD_HOC = {AdHocTask.CALL_BACK: Work.CALLS, AdHocTask.REPLY: Work.CALLS}


SHOWN_PER_GROUP = 10  # the most urgent of each kind of work; the others are counted (and come next)


@dataclass
class Group:
    work: Work
    count: int = 0
    tasks: list = field(default_factory=list)  # the first SHOWN_PER_GROUP, by due date

    @property
    def hidden(self) -> int:
        return self.count - len(self.tasks)


@dataclass
class Worklist:
    scope: str
    periods: dict  # Period -> list[Group] (only the kinds with tasks, in Work order)
    total: int = 0


def of_situations(situations) -> models.Exists:
    """Tasks of these situations, tested task by task through the situation's key: the cost follows the tasks due
    this week, not the team's caseload (`situation__in` lists every situation of the team first, ~100 ms on
    SQLite for 100,000 situations)."""
    return models.Exists(situations.filter(pk=models.OuterRef("situation_id")))


def scoped(tasks, scope: str, user, membership):
    if scope == Scope.MINE:
        return tasks.filter(of_situations(Situation.objects.filter(referents__user=user)))
    if scope == Scope.ORGANISATION:
        kind = membership.organisation.kind
        return tasks.filter(models.Q(organisation_kind=kind) | models.Q(organisation_kind=""))
    return tasks


def _period(today: dt.date):
    """Overdue, today, or later this week (the query keeps only what is due within the week)."""
    return models.Case(
        models.When(due_on__lt=today, then=models.Value(Period.OVERDUE)),
        models.When(due_on=today, then=models.Value(Period.TODAY)),
        default=models.Value(Period.WEEK),
        output_field=models.CharField(),
    )


def _work(done_by: dict):
    """The kind of work of a task: a step of the sequence by the event that does it (`done_by`: the team's steps
    and the event kind of each), a task outside it by its kind."""
    whens = [
        models.When(
            planned=False, step__in=[step for step, w in WORK_BY_AD_HOC.items() if w == work], then=models.Value(work)
        )
        for work in dict.fromkeys(WORK_BY_AD_HOC.values())
    ]
    for kind, work in WORK_BY_EVENT.items():
        if steps := [step for step, done in done_by.items() if done == kind]:
            whens.append(models.When(planned=True, step__in=steps, then=models.Value(work)))
    return models.Case(*whens, default=models.Value(Work.OTHER), output_field=models.CharField())


def build(tasks, *, today: dt.date, done_by: dict, scope: str) -> Worklist:
    """The tasks (a queryset, already limited to what the user may see) due within the week, grouped: one query
    (windows in SQL) counting each group and choosing its most urgent tasks, one reading them, whatever their
    number."""
    due = tasks.filter(due_on__lte=today + WEEK).annotate(period=_period(today), work=_work(done_by))
    group = {"partition_by": [F("period"), F("work")]}
    ranked = due.annotate(
        rank=Window(RowNumber(), **group, order_by=[F("due_on").asc(), F("pk").asc()]),
        group_count=Window(models.Count("pk"), **group),
    )
    grouped: dict = {period: {work: Group(work) for work in Work} for period in Period}
    shown = {}
    for pk, period, work, count in ranked.filter(rank__lte=SHOWN_PER_GROUP).values_list(
        "pk", "period", "work", "group_count"
    ):
        shown[pk] = grouped[period][work]
        shown[pk].count = count
    for task in Task.objects.filter(pk__in=list(shown)).select_related("situation__commune").order_by("due_on", "pk"):
        shown[task.pk].tasks.append(task)
    periods = {period: [group for group in groups.values() if group.count] for period, groups in grouped.items()}
    total = sum(group.count for groups in periods.values() for group in groups)
    return Worklist(scope=scope, periods=periods, total=total)
