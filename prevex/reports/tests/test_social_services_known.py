"""Households already followed by the social services: outside the caseload, counted on their own line."""

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from prevex.reports.bilan import compute_bilan
from prevex.reports.tests.helpers import event, make_scope, received
from prevex.situations.enums import ClosureReason, EventKind, SocialServicesCheck
from prevex.situations.services import record_check, record_checks_many

URL = "/bilan/"
QUERY = {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-06-30"}
MARCH = {"start": "2024-03-01", "end": "2024-03-31", "as_of": "2024-06-30"}


@pytest.fixture
def lists(team, massy):
    """10 households of the team's caseload (5 closed) and 2 already followed by the social services."""
    for day in range(1, 11):
        situation = received(team, on=dt.date(2024, 3, day), commune=massy)
        if day <= 5:
            event(situation, EventKind.CLOSURE, dt.date(2024, 4, 2), closure_reason=ClosureReason.SANS_CONTACT)
    for day in (20, 21):
        received(team, on=dt.date(2024, 3, day), commune=massy, social_services=SocialServicesCheck.KNOWN)
    received(team, on=dt.date(2024, 7, 2), commune=massy, social_services=SocialServicesCheck.KNOWN)  # after as_of
    return team


def test_the_households_already_followed_have_their_own_line(lists):
    bilan = compute_bilan(make_scope(lists))
    assert bilan["social_services_known"] == 2
    assert bilan["situations"] == 10 == bilan["open"]["total"] + bilan["closed"]["total"]


def test_the_page_the_excel_and_the_json_show_it(client, frozen_today, coordinator, lists):
    client.force_login(coordinator)
    rows = {row.key: row for row in client.get(URL, QUERY).context["table"].rows()}
    assert rows["social_services_known"].count == 2
    assert "Ménages déjà suivis par les services sociaux" in rows["social_services_known"].label
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/bilan/excel/", QUERY).content))
    assert dict(workbook["Données"].iter_rows(min_row=2, values_only=True))["social_services_known"] == 2
    labels = {row[0]: row[1] for row in workbook["Bilan"].iter_rows(values_only=True) if row[0]}
    assert labels["Ménages déjà suivis par les services sociaux (en plus des situations reçues)"] == 2
    out = io.StringIO()
    call_command("bilan", "--team", lists.slug, *[f"--{k.replace('_', '-')}={v}" for k, v in QUERY.items()], stdout=out)
    assert json.loads(out.getvalue())["social_services_known"] == 2


def test_a_funder_does_not_read_a_small_count_of_them(client, frozen_today, funder, lists):
    client.force_login(funder)
    rows = {row.key: row for row in client.get(URL, MARCH).context["table"].rows()}
    assert rows["situations"].count == 10
    assert rows["social_services_known"].masked


def _found_followed_on(day: dt.date, team, coordinator, *, many: bool):
    """A household received in March whose check answer, "already followed", is recorded on `day`."""
    situation = received(team, on=dt.date(2024, 3, 4))
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC), tick=False):
        if many:
            record_checks_many(team=team, answers=[(situation.pk, True, "MDS")], user=coordinator, source="réponse")
        else:
            record_check(situation, known=True, user=coordinator, service="MDS")
    return situation


@pytest.mark.parametrize("many", [False, True], ids=["one check", "an answer file"])
def test_a_household_counts_as_already_followed_from_the_day_the_answer_was_recorded(team, coordinator, many):
    """Before that day it is in the caseload of the bilan (as of a past day, from the timeline); from it on, it
    has left the caseload for its own line."""
    _found_followed_on(dt.date(2024, 5, 10), team, coordinator, many=many)
    before = compute_bilan(make_scope(team, as_of=dt.date(2024, 5, 9)))
    assert (before["social_services_known"], before["situations"]) == (0, 1)
    assert before["open"]["total"] + before["closed"]["total"] == 1
    for as_of in (dt.date(2024, 5, 10), dt.date(2024, 6, 30)):
        bilan = compute_bilan(make_scope(team, as_of=as_of))
        assert (bilan["social_services_known"], bilan["situations"]) == (1, 0)
        assert bilan["open"]["total"] + bilan["closed"]["total"] == 0
