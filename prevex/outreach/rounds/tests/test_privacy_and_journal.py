"""What rounds hold about a household (for the right of access; nothing to blank), and how the journal names a
round."""

import datetime as dt

import pytest
from django.urls import reverse

from prevex.outreach.rounds import privacy, services
from prevex.outreach.rounds.tests.factories import due_for_visit, round_of
from prevex.situations.enums import VisitOutcome
from prevex.territories.tests.factories import CommuneFactory

TODAY = dt.date(2024, 5, 2)
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_right_of_access_lists_the_rounds_a_household_was_on(team, social_worker):
    situation = due_for_visit(team, social_worker, commune=CommuneFactory())
    stop = round_of(team, [situation], day=TODAY).stops.get()
    assert privacy.personal_data(situation) == {"visit_rounds": [{"day": "2024-05-02", "position": 1, "outcome": None}]}
    services.outcome_record(stop, outcome=VisitOutcome.ABSENT, note="vu la gardienne", user=social_worker)
    data = privacy.personal_data(situation)["visit_rounds"]
    assert data == [{"day": "2024-05-02", "position": 1, "outcome": "Absent"}]


def test_the_journal_names_the_round_with_a_link_for_its_team(client, team, coordinator):
    situation = due_for_visit(team, coordinator, commune=CommuneFactory())
    visit_round = services.round_create(
        coordinator,
        day=TODAY,
        sector=None,
        communes=[situation.commune],
        workers=[coordinator],
        is_joint=False,
        situation_ids=[situation.pk],
    )
    client.force_login(coordinator)
    html = client.get(reverse("journal:team_journal")).content.decode()
    assert "la tournée du 02/05/2024" in html
    assert reverse("rounds:detail", args=[visit_round.public_id]) in html
