"""`manage.py outreach_tasks`: the open tasks of a team as JSON, today or as of a past day (from the timelines as
they were), `--sync` storing them; French errors. The clock is stopped on 2 May 2024."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from prevex.organisations.tests.factories import TeamFactory
from prevex.outreach.models import Task
from prevex.situations.enums import EventKind, Recipient, VisitOutcome
from prevex.situations.tests.factories import EventFactory, SituationFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_today")


def run(*args) -> list[dict]:
    out, err = StringIO(), StringIO()
    call_command("outreach_tasks", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue())


@pytest.fixture
def timelines(team):
    """B: letter and a failed visit; A: received later, nothing done; C: another team's."""
    b = SituationFactory(team=team, reference="EM91-B", received_on=D(2024, 3, 1), hearing_date=D(2024, 4, 20))
    EventFactory(situation=b, kind=EventKind.LETTER, recipient=Recipient.TENANT, occurred_on=D(2024, 3, 4))
    EventFactory(situation=b, kind=EventKind.LETTER, recipient=Recipient.LANDLORD, occurred_on=D(2024, 3, 4))
    EventFactory(situation=b, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=D(2024, 4, 15))
    a = SituationFactory(team=team, reference="EM91-A", received_on=D(2024, 4, 16), hearing_date=D(2024, 6, 20))
    SituationFactory(team=TeamFactory(slug="autre"), reference="EM93-C")
    return a, b


def test_the_open_tasks_today_in_due_date_then_reference_order(timelines):
    assert run("--team", "essonne", "--format", "json") == [
        # B's second visit: 10 days after the failed first would pass the cap (13 April): due the day of the
        # first visit, which is less than 7 days before the 20 April hearing.
        {"reference": "EM91-B", "step": "visite_2", "due_on": "2024-04-15", "late": True},
        {"reference": "EM91-A", "step": "courrier_bailleur", "due_on": "2024-04-16", "late": False},
        {"reference": "EM91-A", "step": "premier_courrier", "due_on": "2024-04-16", "late": False},
    ]


def test_as_of_a_past_day_it_answers_from_the_timelines_as_they_were(timelines):
    assert run("--team", "essonne", "--as-of", "2024-03-03") == [
        {"reference": "EM91-B", "step": "courrier_bailleur", "due_on": "2024-03-01", "late": False},
        {"reference": "EM91-B", "step": "premier_courrier", "due_on": "2024-03-01", "late": False},
    ]
    assert run("--team", "essonne", "--as-of", "2024-04-01") == [
        {"reference": "EM91-B", "step": "visite_1", "due_on": "2024-03-14", "late": False},
    ]


def test_sync_stores_the_tasks_and_prints_the_same(timelines):
    out, err = StringIO(), StringIO()
    call_command("outreach_tasks", "--team", "essonne", "--sync", stdout=out, stderr=err)
    printed = {(row["reference"], row["step"]) for row in json.loads(out.getvalue())}
    stored = set(Task.objects.open().values_list("situation__reference", "step"))
    assert (
        printed == stored == {("EM91-B", "visite_2"), ("EM91-A", "courrier_bailleur"), ("EM91-A", "premier_courrier")}
    )
    assert "2 situation(s)" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "inconnue"], "Équipe inconnue : « inconnue »"),
        ([], "Précisez l'équipe avec --team"),
        (["--team", "essonne", "--as-of", "02/05/2024"], "Date invalide pour --as-of : « 02/05/2024 »"),
        (["--team", "essonne", "--as-of", "2024-05-03"], "ne peut pas être dans le futur"),
        (["--team", "essonne", "--format", "csv"], "Format inconnu : « csv »"),
        (["--team", "essonne", "--sync", "--as-of", "2024-04-01"], "retirez --as-of"),
    ],
)
def test_bad_options_are_refused_in_french(team, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("outreach_tasks", *args, stdout=StringIO())
