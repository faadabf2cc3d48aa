from decimal import Decimal

import pytest

from prevex.reports.exports import flatten
from prevex.reports.table import bilan_table, french_percent, percent_of
from prevex.reports.tests.sheet_figures import ESSONNE_18_MONTHS

# The préconisations are named by the team's catalogue (`actions.counts.kind_labels`, one query).
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fraction", "percent"),
    [(77 / 292, 26), (62 / 292, 21), (153 / 292, 52), (0.125, 13), (0.005, 1), (0.999, 100), (0, 0), (1, 100)],
)
def test_percentages_are_rounded_half_up(fraction, percent):
    assert percent_of(fraction) == percent


def test_percentages_are_written_the_french_way():
    assert french_percent(0.1012) == "10\u00a0%"
    assert french_percent(Decimal("0.5")) == "50\u00a0%"
    assert french_percent(None) == ""


def test_every_figure_of_the_bilan_has_a_row_with_its_number():
    rows = {row.key: row.count for row in bilan_table(ESSONNE_18_MONTHS).rows()}
    figures = dict(flatten(ESSONNE_18_MONTHS))
    expected = {
        key: value for key, value in figures.items() if not key.startswith("scope.") and key != "landlord_contact.rate"
    }
    assert rows == expected


def test_the_essonne_table_reads_like_the_seed():
    rows = {row.key: row for row in bilan_table(ESSONNE_18_MONTHS).rows()}
    assert rows["closed.by_outcome.tenant_contact"].label == "Le locataire a pris contact"
    assert rows["closed.by_outcome.tenant_contact"].percent_display == "26\u00a0%"
    assert rows["closed.by_outcome.left_or_not_at_address"].percent_display == "21\u00a0%"
    assert rows["closed.by_outcome.no_contact"].percent_display == "52\u00a0%"
    assert rows["landlord_contact.count"].percent_display == "10\u00a0%"
    assert rows["hearings.with_legal_advisor"].percent_display == "50\u00a0%"
    assert rows["open.by_stage.reminder"].label == "Relance envoyée"
    assert rows["closed.by_reason.dette_soldee"].label == "Dette soldée avant l'audience"


def test_the_stages_come_in_the_order_of_a_situations_life():
    stages = bilan_table(ESSONNE_18_MONTHS).charts[0]
    assert [row.key.rsplit(".", 1)[1] for row in stages.rows] == [
        "to_contact",
        "first_letter",
        "visit_1",
        "visit_2",
        "reminder",
        "contact",
        "accompanied",
    ]


def test_an_empty_bilan_has_no_percentages_and_empty_bars():
    empty = {
        **ESSONNE_18_MONTHS,
        "situations": 0,
        "open": {**ESSONNE_18_MONTHS["open"], "total": 0},
        "closed": {**ESSONNE_18_MONTHS["closed"], "total": 0},
        "hearings": {"tenant_present": 0, "with_legal_advisor": 0},
        "first_contact": {**ESSONNE_18_MONTHS["first_contact"], "total": 0},
        "actions": {**ESSONNE_18_MONTHS["actions"], "total": 0},
    }
    table = bilan_table(empty)
    assert all(row.share is None for chart in table.charts for row in chart.rows)
    assert all(row.bar_width == 0 for chart in table.charts for row in chart.rows)
