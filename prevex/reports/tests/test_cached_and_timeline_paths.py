import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from prevex.organisations.models import Team
from prevex.reports.bilan import BilanScope, compute_bilan, facts_from_cache, facts_from_timeline

pytestmark = pytest.mark.django_db


def test_as_of_today_the_cached_states_are_the_timelines_states_on_the_demo():
    """The demo holds every stage, reason, reopenings, joint visits and hearings: both paths must agree."""
    call_command("demo_data", "--force", stdout=io.StringIO())
    team = Team.objects.get(slug="essonne")
    today = timezone.localdate()
    scope = BilanScope(team=team, start=today - dt.timedelta(days=800), end=today, as_of=today)
    assert facts_from_cache(scope) == facts_from_timeline(scope)
    assert compute_bilan(scope)["situations"] > 300
