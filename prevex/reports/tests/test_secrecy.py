"""Funders cannot single out a household in the bilan: small figures masked, none recoverable, no fine filters.

The same data is read by a coordinator (exact figures) and by a funder (page, Excel, `manage.py bilan
--funder`). The funder never reads a count of 1 to 4, and an attacker who subtracts along every relation of
the bilan (sums and "of which" lines, percentages) recovers no masked figure nor a small rest.
"""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.organisations.tests.factories import SectorFactory
from prevex.reports.bilan import compute_bilan
from prevex.reports.exports import flatten
from prevex.reports.secrecy import mask_small_figures
from prevex.reports.table import bilan_table
from prevex.reports.tests.helpers import event, make_scope, received
from prevex.reports.tests.sheet_figures import CHANNELS, ESSONNE_18_MONTHS, OUTCOMES, REASONS, STAGES
from prevex.situations.enums import ClosureReason, EventKind, HearingPresence
from prevex.situations.models import Situation
from prevex.territories.tests.factories import CommuneFactory

URL = "/bilan/"
XLSX_URL = "/bilan/excel/"
MARCH = {"start": "2024-03-01", "end": "2024-03-31", "as_of": "2024-06-30"}
ATHIS_DAY = dt.date(2024, 3, 12)


@pytest.fixture
def march(team, massy, evry):
    """17 situations received in March 2024; the only one of Athis-Mons, received on the 12th, moved out."""
    athis = CommuneFactory(athis=True)
    for day in range(1, 11):
        situation = received(team, on=dt.date(2024, 3, day), commune=massy)
        if day <= 6:
            event(situation, EventKind.TENANT_CONTACT, dt.date(2024, 4, 2))
            event(situation, EventKind.ADHESION, dt.date(2024, 4, 3))
        if day <= 3:
            event(situation, EventKind.CLOSURE, dt.date(2024, 5, 2), closure_reason=ClosureReason.DETTE_SOLDEE)
        if day == 4:
            event(situation, EventKind.HEARING, dt.date(2024, 5, 14), hearing_presence=HearingPresence.WITH_JURISTE)
    for day in range(13, 19):
        situation = received(team, on=dt.date(2024, 3, day), commune=evry)
        event(situation, EventKind.CLOSURE, dt.date(2024, 4, 20), closure_reason=ClosureReason.ABSENT_DE_L_ADRESSE)
    alone = received(team, on=ATHIS_DAY, commune=athis)
    event(alone, EventKind.CLOSURE, dt.date(2024, 4, 9), closure_reason=ClosureReason.DEPART_VOLONTAIRE)
    return athis


def logged(client, user):
    client.force_login(user)
    return client


def figures_of(bilan: dict) -> dict:
    """The counts of a bilan dict by key (not the scope, not the rate, not the median delay)."""
    return {
        key: value
        for key, value in flatten(bilan)
        if not key.startswith("scope.") and not key.endswith("rate") and key != MEDIAN
    }


def page_figures(response) -> dict:
    return {row.key: row.count for row in response.context["table"].rows()}


# --- An attacker who subtracts -----------------------------------------------------------------------------

SUMS = [
    ("situations", ["open.total", "closed.total"]),
    ("accompanied", ["open.accompanied", "closed.accompanied"]),
    ("open.total", [f"open.by_stage.{code}" for code in STAGES]),
    ("closed.total", [f"closed.by_reason.{code}" for code in REASONS]),
    ("closed.total", [f"closed.by_outcome.{code}" for code in OUTCOMES]),
    ("open.accompanied", ["open.by_stage.accompanied"]),
    ("first_contact.total", [f"first_contact.by_channel.{code}" for code in CHANNELS]),
]
OF_WHICH = [
    ("situations", "accompanied"),
    ("open.total", "open.accompanied"),
    ("closed.total", "closed.accompanied"),
    ("situations", "landlord_contact.count"),
    ("situations", "hearings.tenant_present"),
    ("hearings.tenant_present", "hearings.with_legal_advisor"),
    ("situations", "first_contact.total"),
]
MEDIAN = "first_contact.median_days"


def attack(shown: dict) -> tuple[dict, list]:
    """What subtraction recovers from the figures shown (None: masked), and the small rests it reads."""
    known = {key: value for key, value in shown.items() if value is not None}
    recovered, small = {}, []
    changed = True
    while changed:
        changed = False
        for total, parts in SUMS:
            unknown = [key for key in [total, *parts] if key not in known]
            if len(unknown) == 1:
                key = unknown[0]
                others = sum(known[part] for part in parts if part != key)
                known[key] = recovered[key] = others if key == total else known[total] - others
                changed = True
            elif unknown and total not in unknown:  # several masked parts: their sum is known
                together = known[total] - sum(known[p] for p in parts if p in known)
                if 0 < together < 5:
                    small.append((total, unknown, together))
    for total, part in OF_WHICH:
        if total in known and part in known and 0 < known[total] - known[part] < 5:
            small.append((total, f"not {part}", known[total] - known[part]))
    return recovered, small


def assert_protected(exact: dict, shown: dict):
    """No small count shown, nothing masked recovered, no small rest read by subtraction."""
    assert not [key for key, value in shown.items() if value is not None and 0 < value < 5]
    recovered, small = attack(shown)
    assert recovered == {} and small == []
    assert all(value is None or value == exact[key] for key, value in shown.items())  # what is shown is exact


# --- The same data, read by a coordinator and by a funder --------------------------------------------------


def test_the_coordinator_reads_exact_figures_the_funder_none_of_1_to_4(
    client, frozen_today, march, coordinator, funder
):
    exact = page_figures(logged(client, coordinator).get(URL, MARCH))
    assert exact["situations"] == 17 and exact["closed.by_reason.depart_volontaire"] == 1
    assert exact["closed.by_reason.dette_soldee"] == 3 and exact["hearings.tenant_present"] == 1

    response = logged(client, funder).get(URL, MARCH)
    shown = page_figures(response)
    assert (shown["situations"], shown["accompanied"], shown["closed.total"]) == (17, 6, 10)
    assert shown["closed.by_reason.depart_volontaire"] is None and shown["closed.by_reason.dette_soldee"] is None
    assert_protected(exact, shown)
    body = response.content.decode()
    assert "Secret statistique" in body and "masqué" in body


def test_a_masked_figure_hides_its_percentage_too(client, frozen_today, march, funder):
    table = logged(client, funder).get(URL, MARCH).context["table"]
    for row in table.rows():
        if row.masked:
            assert row.share is None and row.percent_display in ("masqué", "")
            assert row.count_display == "masqué"
    landlords = next(row for row in table.rows() if row.key == "landlord_contact.count")
    assert landlords.percent_display in ("masqué", "0\u00a0%")


def test_the_funders_excel_file_masks_the_same_figures(client, frozen_today, march, coordinator, funder):
    exact = page_figures(logged(client, coordinator).get(URL, MARCH))
    shown = page_figures(logged(client, funder).get(URL, MARCH))
    workbook = openpyxl.load_workbook(io.BytesIO(logged(client, funder).get(XLSX_URL, MARCH).content))
    data = dict(workbook["Données"].iter_rows(min_row=2, values_only=True))
    figures = {key: (None if value == "masqué" else value) for key, value in data.items() if key in exact}
    assert figures == shown
    assert_protected(exact, figures)
    rows = list(workbook["Bilan"].iter_rows(values_only=True))
    texts = [cell for row in rows for cell in row if cell is not None]
    counts = [row[1] for row in rows if not str(row[0]).startswith("Délai médian")]  # a median is not a count
    assert not [cell for cell in counts if isinstance(cell, int) and 0 < cell < 5]
    assert "masqué" in texts and any(str(text).startswith("Secret statistique") for text in texts)


def test_the_coordinators_excel_file_is_exact(client, frozen_today, march, coordinator):
    workbook = openpyxl.load_workbook(io.BytesIO(logged(client, coordinator).get(XLSX_URL, MARCH).content))
    data = dict(workbook["Données"].iter_rows(min_row=2, values_only=True))
    assert data["closed.by_reason.depart_volontaire"] == 1 and "masqué" not in data.values()


def test_a_funder_cannot_pick_one_commune(client, frozen_today, march, funder, coordinator):
    response = logged(client, funder).get(URL, {**MARCH, "commune": march.pk})
    assert "commune" not in response.context["form"].fields
    assert response.context["scope"].commune is None and page_figures(response)["situations"] == 17
    alone = page_figures(logged(client, coordinator).get(URL, {**MARCH, "commune": march.pk}))
    assert alone["situations"] == 1  # what a coordinator may read


def test_a_funder_reads_the_whole_team_never_a_sector_or_an_organisation(
    client, frozen_today, team, march, funder, coordinator
):
    """The team minus one sector (a sector may be a single commune) or minus one organisation would give back the
    figures masking hides: a funder's bilan is the team's."""
    sector = SectorFactory(team=team, name="Athis seule")
    Situation.objects.filter(commune=march).update(sector=sector)
    organisation = coordinator.membership.organisation
    for narrowing in ({"sector": sector.pk}, {"organisation": organisation.pk}):
        response = logged(client, funder).get(URL, {**MARCH, **narrowing})
        assert not {"sector", "organisation"} & set(response.context["form"].fields)
        scope = response.context["scope"]
        assert (scope.sector, scope.organisation) == (None, None) and page_figures(response)["situations"] == 17
    alone = page_figures(logged(client, coordinator).get(URL, {**MARCH, "sector": sector.pk}))
    assert alone["situations"] == 1  # what a coordinator may read


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2024-03-12", "end": "2024-03-31"}, "start", "la période commence le premier jour d'un mois"),
        ({"start": "2024-03-01", "end": "2024-03-12"}, "end", "la période se termine le dernier jour d'un mois"),
        ({"as_of": "2024-06-15"}, "as_of", "le bilan est arrêté au dernier jour d'un mois terminé"),
    ],
)
def test_a_funder_reads_whole_months_only(client, frozen_today, march, funder, query, field, message):
    response = logged(client, funder).get(URL, {**MARCH, **query})
    assert response.context["table"] is None
    assert any(message in error for error in response.context["form"].errors[field])
    assert logged(client, funder).get(XLSX_URL, {**MARCH, **query}).status_code == 302


def test_a_coordinator_still_picks_any_day(client, frozen_today, march, coordinator):
    response = logged(client, coordinator).get(URL, {"start": "2024-03-12", "end": "2024-03-12", "as_of": "2024-07-15"})
    assert page_figures(response)["situations"] == 1


def test_the_funders_default_period_ends_with_the_last_month_ended(client, frozen_today, march, funder):
    scope = logged(client, funder).get(URL).context["scope"]
    assert (scope.start, scope.end, scope.as_of) == (dt.date(2024, 3, 1), dt.date(2024, 6, 30), dt.date(2024, 6, 30))


def test_the_command_gives_the_funders_bilan(frozen_today, team, march):
    exact = figures_of(compute_bilan(make_scope(team, start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31))))
    output = io.StringIO()
    call_command(
        "bilan",
        "--team",
        "essonne",
        "--start",
        "2024-03-01",
        "--end",
        "2024-03-31",
        "--as-of",
        "2024-06-30",
        "--funder",
        stdout=output,
    )
    masked = json.loads(output.getvalue())
    assert "closed.by_reason.depart_volontaire" in masked.pop("masked")
    assert_protected(exact, figures_of(masked))
    for narrowing in (["--commune", "91027"], ["--sector", "Nord"], ["--organisation", "ADIL 91"]):
        with pytest.raises(CommandError, match="porte sur toute l'équipe"):
            call_command(
                "bilan",
                "--team",
                "essonne",
                "--start",
                "2024-03-01",
                "--end",
                "2024-03-31",
                "--as-of",
                "2024-06-30",
                "--funder",
                *narrowing,
            )
    with pytest.raises(CommandError, match="premier jour d'un mois"):
        call_command(
            "bilan",
            "--team",
            "essonne",
            "--start",
            "2024-03-12",
            "--end",
            "2024-03-31",
            "--as-of",
            "2024-06-30",
            "--funder",
        )


# --- Whatever the figures ----------------------------------------------------------------------------------


def test_the_essonne_bilan_loses_only_what_it_must():
    masked = mask_small_figures(ESSONNE_18_MONTHS)
    hidden = {key for key, value in flatten(masked) if value is None}
    # 1 + 1 small reasons, and 8 more so that the two can't be told apart: they add up to 10
    assert hidden == {
        "closed.by_reason.mesure_asll_en_cours",
        "closed.by_reason.accompagnement_termine",
        "closed.by_reason.orientation_mds",
    }


def test_masking_the_small_figures_alone_would_not_be_enough():
    six = _bilan([{"closed": True, "reason": "sans_contact"}] * 5 + [{"stage": "first_letter"}])
    naive = {key: None if 0 < value < 5 else value for key, value in figures_of(six).items()}
    assert attack(naive)[0]["open.total"] == 1  # 6 received - 5 closed
    naive = {key: None if 0 < value < 5 else value for key, value in figures_of(ESSONNE_18_MONTHS).items()}
    assert attack(naive)[1]  # the two masked reasons of 1 situation: 2 together, so 1 each
    assert_protected(figures_of(six), figures_of(mask_small_figures(six)))


def test_fewer_than_5_situations_mask_every_figure():
    table = bilan_table(mask_small_figures(_bilan([{"closed": True, "reason": "sans_contact"}] * 4)))
    assert all(row.masked or row.count == 0 for row in table.rows())
    assert next(row for row in table.rows() if row.key == "situations").masked
    # "0 everywhere but here" would tell the 4 households' reason: the whole breakdown is masked
    assert all(row.masked for row in table.rows() if row.key.startswith("closed.by_"))


def _bilan(situations: list[dict], known: int = 0) -> dict:
    """A bilan dict from situations' facts, counted by hand the way docs/bilan.md defines them."""
    bilan = {
        "scope": {},
        "situations": len(situations),
        "social_services_known": known,
        "accompanied": 0,
        "open": {"total": 0, "accompanied": 0, "joint_visits": 0, "by_stage": dict.fromkeys(STAGES, 0)},
        "closed": {
            "total": 0,
            "accompanied": 0,
            "joint_visits": 0,
            "by_reason": dict.fromkeys(REASONS, 0),
            "by_outcome": dict.fromkeys(OUTCOMES, 0),
        },
        "landlord_contact": {"count": 0, "rate": 0.0},
        "hearings": {"tenant_present": 0, "with_legal_advisor": 0},
        "first_contact": {"total": 0, "by_channel": dict.fromkeys(CHANNELS, 0), "median_days": None},
    }
    delays = []
    for facts in situations:
        group = bilan["closed" if facts.get("closed") else "open"]
        group["total"] += 1
        group["joint_visits"] += facts.get("visits", 0)
        accompanied = facts.get("accompanied", False)
        bilan["accompanied"] += accompanied
        group["accompanied"] += accompanied
        if facts.get("closed"):
            group["by_reason"][facts["reason"]] += 1
            contact = accompanied or facts.get("contact", False)
            left = facts["reason"] in ("depart_volontaire", "absent_de_l_adresse")
            group["by_outcome"][
                "tenant_contact" if contact else "left_or_not_at_address" if left else "no_contact"
            ] += 1
        else:
            group["by_stage"]["accompanied" if accompanied else facts.get("stage", "to_contact")] += 1
        bilan["landlord_contact"]["count"] += facts.get("landlord", False)
        bilan["hearings"]["tenant_present"] += facts.get("present", False)
        bilan["hearings"]["with_legal_advisor"] += facts.get("present", False) and facts.get("juriste", False)
        if facts.get("accompanied") or facts.get("contact"):
            bilan["first_contact"]["total"] += 1
            bilan["first_contact"]["by_channel"][facts.get("channel", "non_renseigne")] += 1
            delays.append(facts.get("days", 0))
    if delays:
        bilan["first_contact"]["median_days"] = sorted(delays)[len(delays) // 2]  # any value: never a count
    if situations:
        bilan["landlord_contact"]["rate"] = round(bilan["landlord_contact"]["count"] / len(situations), 4)
    return bilan


situation_facts = st.fixed_dictionaries(
    {
        "closed": st.booleans(),
        "reason": st.sampled_from(REASONS),
        "stage": st.sampled_from(STAGES[:-1]),
        "accompanied": st.booleans(),
        "contact": st.booleans(),
        "landlord": st.booleans(),
        "present": st.booleans(),
        "juriste": st.booleans(),
        "visits": st.integers(0, 2),
        "channel": st.sampled_from(CHANNELS),
        "days": st.integers(0, 60),
    }
)


@settings(deadline=None, max_examples=300)
@given(st.lists(situation_facts, max_size=40), st.integers(0, 6))
def test_no_bilan_lets_a_small_figure_through(situations, known):
    bilan = _bilan(situations, known)
    masked = mask_small_figures(bilan)
    shown = figures_of(masked)
    assert masked["landlord_contact"]["rate"] is None or shown["landlord_contact.count"] is not None
    assert_protected(figures_of(bilan), shown)
    assert masked[MEDIAN.split(".")[0]]["median_days"] is None or shown["first_contact.total"] is not None
    table = bilan_table(masked)
    assert all(row.share is None for row in table.rows() if row.masked)
