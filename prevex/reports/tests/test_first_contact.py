"""The first contact by channel and the median days from the reception to the first contact (docs/bilan.md)."""

import datetime as dt

import pytest

from prevex.reports.bilan import compute_bilan, facts_from_cache, facts_from_timeline
from prevex.reports.secrecy import mask_small_figures
from prevex.reports.tests.helpers import event, make_scope, received
from prevex.situations.enums import Channel, EventKind, VisitOutcome
from prevex.situations.models import Situation

pytestmark = pytest.mark.django_db

MARCH_1 = dt.date(2024, 3, 1)


def contacted(team, days: int, kind=EventKind.TENANT_CONTACT, *, on=MARCH_1, **fields):
    situation = received(team, on=on)
    event(situation, kind, on + dt.timedelta(days=days), **fields)
    return situation


def test_each_first_contact_is_counted_by_its_channel_the_first_one_only(team):
    sms = contacted(team, 3, channel=Channel.SMS)
    event(sms, EventKind.TENANT_CONTACT, dt.date(2024, 3, 20), channel=Channel.PHONE)  # not the first: not counted
    contacted(team, 5, channel=Channel.LINK)
    contacted(team, 8, EventKind.VISIT, visit_outcome=VisitOutcome.MET)  # met at a visit: in person
    contacted(team, 9, EventKind.ADHESION)  # adhesion implies contact, without a channel
    contacted(team, 2, EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT)  # nobody met: no contact
    received(team)
    first = compute_bilan(make_scope(team))["first_contact"]
    assert first["total"] == 4
    assert {code: n for code, n in first["by_channel"].items() if n} == {
        "sms": 1,
        "link": 1,
        "in_person": 1,
        "non_renseigne": 1,
    }
    assert first["median_days"] == 7  # 3, 5, 8, 9 days: (5 + 8) / 2 = 6.5, rounded half up


@pytest.mark.parametrize(
    ("delays", "median"),
    [([4], 4), ([1, 2, 30], 2), ([3, 4], 4), ([3, 3, 3, 10], 3), ([0, 1, 1, 60], 1)],
)
def test_the_median_of_an_odd_count_is_the_middle_one_of_an_even_count_the_rounded_mean(team, delays, median):
    for days in delays:
        contacted(team, days, channel=Channel.PHONE)
    assert compute_bilan(make_scope(team))["first_contact"]["median_days"] == median


def test_a_contact_before_the_reception_counts_0_days(team):
    contacted(team, -10, channel=Channel.PHONE)
    assert compute_bilan(make_scope(team))["first_contact"]["median_days"] == 0


def test_a_contact_after_the_as_of_date_is_not_yet_a_first_contact(team):
    late = contacted(team, 150, channel=Channel.PHONE)  # 29 July, after AS_OF (30 June)
    event(late, EventKind.TENANT_CONTACT, dt.date(2024, 3, 11), channel=Channel.EMAIL)
    assert compute_bilan(make_scope(team))["first_contact"]["by_channel"]["email"] == 1
    contacted(team, 150, channel=Channel.POST)
    first = compute_bilan(make_scope(team))["first_contact"]
    assert (first["total"], first["by_channel"]["post"], first["median_days"]) == (1, 0, 10)


def test_the_cached_first_contact_gives_the_timelines_figures(team, frozen_today):
    for days, channel in [(3, Channel.SMS), (12, Channel.LINK), (12, Channel.SMS), (40, Channel.OTHER)]:
        contacted(team, days, channel=channel, on=dt.date(2024, 5, 1))
    contacted(team, 4, EventKind.VISIT, visit_outcome=VisitOutcome.MET, on=dt.date(2024, 5, 1))
    Situation.objects.filter(team=team).refresh_states()
    scope = make_scope(team, as_of=frozen_today)
    assert facts_from_cache(scope) == facts_from_timeline(scope)
    first = compute_bilan(scope)["first_contact"]
    assert (first["total"], first["by_channel"]["sms"], first["median_days"]) == (5, 2, 12)


def test_a_funder_reads_neither_a_small_channel_nor_the_median_of_fewer_than_5(team):
    for days in (1, 2, 3):
        contacted(team, days, channel=Channel.PHONE)
    for _ in range(6):
        received(team)
    masked = mask_small_figures(compute_bilan(make_scope(team)))
    assert masked["first_contact"]["total"] is None and masked["first_contact"]["median_days"] is None
    assert masked["first_contact"]["by_channel"]["phone"] is None
