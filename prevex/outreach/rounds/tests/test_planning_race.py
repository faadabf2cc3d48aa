"""Two rounds planned at the same moment with the same household, in two real transactions (PostgreSQL only:
SQLite serialises writers): the second waits for the first, then no longer finds the household, which is on one
round only."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from prevex.intake.tests.test_undo_race import in_thread, paused, wait_for_a_lock_wait
from prevex.outreach.rounds import services
from prevex.outreach.rounds.models import RoundStop
from prevex.outreach.rounds.tests.factories import due_for_visit
from prevex.outreach.rounds.tests.test_services import TODAY
from prevex.territories.tests.factories import CommuneFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="two concurrent transactions need PostgreSQL",
    ),
]


def test_a_household_is_put_on_one_of_two_rounds_planned_at_once(monkeypatch, team, social_worker):
    massy = CommuneFactory()
    situation = due_for_visit(team, social_worker, commune=massy)
    reached, release, results = threading.Event(), threading.Event(), {}
    proposal = services.proposal
    calls = []

    def first_pauses(*args, **kwargs):  # the first planning holds its locks while the second one starts
        calls.append(1)
        if len(calls) == 1:
            return paused(proposal, reached, release)(*args, **kwargs)
        return proposal(*args, **kwargs)

    monkeypatch.setattr(services, "proposal", first_pauses)

    def plan():
        return services.round_create(
            social_worker,
            day=TODAY,
            sector=None,
            communes=[massy],
            workers=[social_worker],
            is_joint=False,
            situation_ids=[situation.pk],
        )

    first = in_thread(results, "first", plan)
    assert reached.wait(10)
    second = in_thread(results, "second", plan)
    wait_for_a_lock_wait()
    release.set()
    first.join(20), second.join(20)

    assert not isinstance(results["first"], Exception), results["first"]
    assert isinstance(results["second"], ValidationError), results["second"]
    assert RoundStop.objects.filter(situation=situation).count() == 1
