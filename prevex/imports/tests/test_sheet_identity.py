"""A tracking sheet never attaches one household's history to another's case: a reference is not enough."""

import pytest
from django.urls import reverse

from prevex.imports.suivi.services import batch_upload, import_file, read_preview
from prevex.imports.tests.conftest import GOOD_ROW, good_row_situation, sheet
from prevex.situations.models import Event, Situation
from prevex.territories.models import Commune

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")


@pytest.mark.parametrize(
    "other, differs",
    [
        ({"tenant_last_name": "Morel", "tenant_first_name": "Jacques"}, "le nom"),
        ({"address": "18 avenue Carnot"}, "l'adresse"),
        ({"commune": None}, "la commune"),
    ],
)
def test_a_reference_of_another_household_is_a_conflict_and_adds_nothing(team, other, differs):
    if other.get("commune", "") is None:
        other = {"commune": Commune.objects.get(name="Palaiseau")}
    known = good_row_situation(team, **other)
    preview = read_preview(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    [row] = preview.rows
    assert row.decision == "conflict" and differs in row.reason and not row.new_events
    assert import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv") == {"created": 0, "updated": 0, "events": 0}
    assert not Event.objects.filter(situation=known).exists() and Situation.objects.count() == 1


def test_the_same_household_written_differently_is_updated(team):
    known = good_row_situation(team, tenant_last_name="DUPRE", tenant_first_name="", address="4, rue Pasteur")
    [row] = read_preview(team=team, data=sheet(GOOD_ROW), filename="s.csv").rows
    assert row.decision == "update"
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    assert known.events.count() == 2


def test_the_preview_page_shows_the_conflict_and_links_the_good_row_situation(team, client, coordinator):
    known = good_row_situation(team, tenant_last_name="Morel")
    batch, _preview = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("imports:suivi_preview", args=[batch.public_id]) + "?decision=conflict")
    assert "Conflit à vérifier" in page.text and "ménage à vérifier" in page.text
    assert reverse("situations:detail", args=[known.public_id]) in page.text
    assert "Aucune ligne à importer." in page.text


def test_a_row_that_would_break_its_timeline_is_an_error_on_the_preview(team):
    """A second closure of a closed situation: said on its row, the rest of the file imported."""
    closed = GOOD_ROW.replace(";absent;;;", ";absent;20/03/2024;sans_contact;")
    import_file(team=team, data=sheet(closed), filename="s.csv")
    again = closed.replace("20/03/2024;sans_contact", "25/03/2024;dette_soldee")
    other = GOOD_ROW.replace("EM-1", "EM-2")
    preview = read_preview(team=team, data=sheet(again, other), filename="s.csv")
    broken, new = preview.rows
    assert (broken.decision, new.decision) == ("error", "new")
    assert [error.column for error in broken.errors] == ["date_cloture"]
    assert import_file(team=team, data=sheet(again, other), filename="s.csv")["created"] == 1


@pytest.mark.parametrize(
    "known, row, differs",
    [
        (("Dupré", "Élise", "12 rue Pasteur"), ("Dupré", "Élise", "14 rue Pasteur"), ["l'adresse"]),
        (("Nguyen", "Anh", "3 rue Haute"), ("Nguyen", "Binh", "3 rue Haute"), ["le nom"]),
        (("Martin", "Jean", "3 rue Haute"), ("Martin", "Paul", "3 rue Haute"), ["le nom"]),
        (("Dupré", "Élise", ""), ("Dupré", "Élise", "4 rue Pasteur"), []),  # never typed: not a difference
        (("Nguyễn", "Anh", "15 rue Nguyễn"), ("Nguy?n", "Anh", "15 rue Nguy?n"), []),  # an encoding's loss
        (("Da Silva", "Maria", "4, rue Pasteur"), ("DA SILVA", "", "4 r. Pasteur"), []),
    ],
)
def test_the_same_household_is_told_from_another(known, row, differs):
    from prevex.imports.identity import differences, household_key

    assert differences(household_key(*known, 1), household_key(*row, 1)) == differs
