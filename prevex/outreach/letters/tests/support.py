"""Test helpers of the letters: situations whose letter tasks are due (the sequence's tasks stored, as the
writer's hook would), and the objects the every-URL walk needs."""

from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.models import Task
from prevex.outreach.services import tasks_sync
from prevex.situations.tests.factories import SituationFactory


def due_situation(team, **fields):
    """A situation (received 1 March 2024) with its first letter and landlord letter due (tasks stored)."""
    situation = SituationFactory(team=team, **fields)
    tasks_sync([situation.pk])
    return situation


def task_of(situation, step: str = "premier_courrier") -> Task:
    return Task.objects.open().get(situation=situation, step=step)


def every_url_objects(team, situation) -> dict:
    """What the letters' URLs take as parameters, for team A's situation of tests/test_every_url.py."""
    tasks_sync([situation.pk])
    return {"letter_kind": LetterKind.TENANT_FIRST.value}
