"""Acceptance: the Essonne team's tracking sheet, imported into Prevex, gives the seed's bilan exactly.

The sheet (`data/seed-essonne-18-mois.csv`, made by `scripts/make_seed_sheet.py`) goes in through the
importer's command, as a team would do it. At the seed's date Prevex must print docs/bilan.md's JSON; at
other dates and periods it must agree with what `sheet_figures` reads in the rows with plain Python.
"""

import datetime as dt
import importlib.util
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.reports.tests.sheet_figures import (
    ESSONNE_18_MONTHS,
    SEED_SHEET,
    STAGES,
    incoherences,
    read_sheet,
    sheet_bilan,
)
from prevex.territories.services import communes_load

GENERATOR = Path(__file__).resolve().parents[3] / "scripts" / "make_seed_sheet.py"
START, END = dt.date(2021, 4, 1), dt.date(2022, 9, 30)

# (start, end, as_of): the history seen at several dates, and a period inside it.
OTHER_SCOPES = [
    (START, END, dt.date(2022, 1, 31)),
    (START, END, dt.date(2021, 6, 30)),
    (START, END, dt.date(2021, 12, 1)),
    (START, END, dt.date(2022, 3, 15)),
    (START, END, dt.date(2022, 6, 15)),
    (dt.date(2021, 10, 1), dt.date(2022, 3, 31), END),
    (dt.date(2021, 10, 1), dt.date(2022, 3, 31), dt.date(2022, 2, 14)),
]


def load_generator():
    spec = importlib.util.spec_from_file_location("make_seed_sheet", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_reproduces_the_committed_sheet_byte_for_byte():
    generator = load_generator()
    assert generator.render(generator.build_rows()) == SEED_SHEET.read_bytes()


def test_every_row_of_the_sheet_tells_a_coherent_story():
    rows = read_sheet()
    assert len(rows) == 425
    assert [problem for row in rows for problem in incoherences(row, END)] == []


def test_the_sheet_read_by_hand_gives_the_seeds_bilan():
    assert sheet_bilan(read_sheet(), team="essonne", start=START, end=END, as_of=END) == ESSONNE_18_MONTHS


def test_the_other_scopes_see_every_stage():
    rows = read_sheet()
    stages = [
        sheet_bilan(rows, team="essonne", start=s, end=e, as_of=a)["open"]["by_stage"] for s, e, a in OTHER_SCOPES
    ]
    assert all(any(counts[stage] for counts in stages) for stage in STAGES)


@pytest.fixture
def imported(team):
    communes_load(departement="91")
    call_command(
        "import_suivi", "--team", "essonne", str(SEED_SHEET), "--commit", stdout=io.StringIO(), stderr=io.StringIO()
    )
    return team


def test_prevex_gives_the_seeds_bilan_once_the_sheet_is_imported(imported):
    scope = BilanScope(team=imported, start=START, end=END, as_of=END)
    assert compute_bilan(scope) == ESSONNE_18_MONTHS


def test_prevex_agrees_with_the_sheet_at_other_dates_and_periods(imported):
    rows = read_sheet()
    for start, end, as_of in OTHER_SCOPES:
        expected = sheet_bilan(rows, team="essonne", start=start, end=end, as_of=as_of)
        scope = BilanScope(team=imported, start=start, end=end, as_of=as_of)
        assert compute_bilan(scope) == expected, f"{start}..{end} as of {as_of}"


def test_the_command_prints_the_seeds_bilan(imported):
    out = io.StringIO()
    call_command(
        "bilan",
        "--team",
        "essonne",
        "--start",
        "2021-04-01",
        "--end",
        "2022-09-30",
        "--as-of",
        "2022-09-30",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == ESSONNE_18_MONTHS


def test_importing_the_sheet_again_changes_nothing(imported):
    call_command(
        "import_suivi", "--team", "essonne", str(SEED_SHEET), "--commit", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert compute_bilan(BilanScope(team=imported, start=START, end=END, as_of=END)) == ESSONNE_18_MONTHS
