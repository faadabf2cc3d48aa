"""The social-services check, the dashboard and the eligibility rules, through their pages."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind
from prevex.intake.models import EligibilityRules, SocialLandlord
from prevex.intake.prefecture import services
from prevex.intake.tests.conftest import MARCH, MDS_ANSWER, csv_list
from prevex.organisations.services import team_setup
from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Situation
from prevex.situations.tests.factories import SituationFactory

MARCH_RECEIVED = dt.date(2024, 3, 18)


@pytest.fixture
def march(essonne, coordinator):
    EligibilityRules.objects.create(team=essonne, wait_for_social_services_check=True)
    batch = services.batch_upload(
        team=essonne, data=MARCH.read_bytes(), filename=MARCH.name, user=coordinator, received_on=MARCH_RECEIVED
    )
    services.batch_commit(batch=batch, user=coordinator)
    return batch


def test_the_mds_round_trip_with_the_sample_answer(client, coordinator, march):
    client.force_login(coordinator)
    export = client.get(reverse("intake:social_services_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("N° procédure", "Nom") and len(rows) == 1 + 103
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, details__export="social_services_check").exists()

    upload = SimpleUploadedFile(MDS_ANSWER.name, MDS_ANSWER.read_bytes())
    response = client.post(reverse("intake:social_services"), {"file": upload})
    batch = ImportBatch.objects.get(kind=ImportKind.SOCIAL_SERVICES)
    assert response.url == reverse("intake:social_services_answer", args=[batch.public_id])
    summary = batch.summary
    assert (summary["rows"], summary["known"], summary["not_known"]) == (
        60,
        10,
        summary["rows"] - 10 - summary["error"],
    )
    unmatched = [row for row in summary["details"] if row["errors"]]
    assert all("aucune situation de l'équipe ne correspond" in row["errors"][0]["message"] for row in unmatched)
    assert Situation.objects.filter(social_services=SocialServicesCheck.KNOWN).count() == 0  # nothing before confirming

    client.post(reverse("intake:social_services_confirm", args=[batch.public_id]))
    known = Situation.objects.get(reference="EXP-91-2024-00008")
    assert known.social_services == SocialServicesCheck.KNOWN
    assert "MDS de Linas" in known.events.get(kind=EventKind.NOTE).note
    assert Situation.objects.filter(social_services=SocialServicesCheck.NOT_KNOWN).count() == summary["not_known"]
    assert (
        Situation.objects.filter(social_services=SocialServicesCheck.TO_CHECK).count()
        == 103 - 10 - summary["not_known"]
    )


def test_an_answer_without_a_yes_no_column_is_refused_in_french(client, coordinator, march):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("reponse.csv", "N° procédure;Nom\nEXP-91-2024-00008;RICHARD\n".encode())
    response = client.post(reverse("intake:social_services"), {"file": upload})
    assert "aucune colonne « Connu MDS »" in response.text


def test_an_unclear_answer_names_its_row_and_column(coordinator, march):
    from prevex.intake.mds.services import read_answer

    data = "N° procédure;Connu MDS\nEXP-91-2024-00008;peut-être\n".encode()
    [answer] = read_answer(team=march.team, data=data, filename="r.csv")
    assert answer.line == 2 and answer.errors == [("Connu MDS", "réponse « peut-être » : attendu OUI ou NON")]


def test_households_known_to_social_services_leave_the_caseload_today_and_bilan(client, coordinator, team):
    followed = SituationFactory(team=team, hearing_date=dt.date.today() + dt.timedelta(days=10))
    other = SituationFactory(team=team, hearing_date=dt.date.today() + dt.timedelta(days=10))
    client.force_login(coordinator)
    client.post(
        reverse("intake:social_services_mark", args=[followed.public_id]), {"answer": "known", "service": "MDS"}
    )
    followed.refresh_from_db()
    assert followed.social_services == SocialServicesCheck.KNOWN
    today = client.get(reverse("outreach:today")).text
    assert other.reference in today and followed.reference not in today
    scope = BilanScope(team=team, start=dt.date(2024, 1, 1), end=dt.date.today(), as_of=dt.date.today())
    assert compute_bilan(scope)["situations"] == 1


def test_the_dashboard_counts_lists_per_week_and_shows_who_is_not_contacted(client, coordinator, march):
    with time_machine.travel(dt.datetime(2024, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(coordinator)
        page = client.get(reverse("intake:dashboard"))
    assert page.status_code == 200
    week = page.text.split("18/03/2024")[1].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in week.split("</td>")[1:-1]]
    assert cells == ["1", "120", "103", "0", "1", "13", "3"]
    soon = Situation.objects.filter(hearing_date__range=(dt.date(2024, 4, 20), dt.date(2024, 6, 1))).count()
    assert soon > 0 and f"jamais contactés : {soon}</h2>" in page.text
    assert "En attente de la vérification des services sociaux : 103</h2>" in page.text


def test_the_coordinator_edits_the_rules_and_the_social_landlords(client, coordinator, essonne):
    client.force_login(coordinator)
    client.post(reverse("intake:social_landlords_defaults"))
    assert SocialLandlord.objects.filter(team=essonne, name="Essonne Habitat").exists()
    client.post(
        reverse("intake:eligibility"),
        {"private_landlords_only": "on", "social_landlords": "Vilogia\n\nvilogia\nSeqens"},
    )
    assert sorted(essonne.social_landlords.values_list("name", flat=True)) == ["Seqens", "Vilogia"]
    rules = EligibilityRules.for_team(essonne)
    assert rules.private_landlords_only and not rules.exclude_known_to_social_services
    row = services.preview_list(
        team=essonne,
        filename="l.csv",
        data=csv_list(
            ";A;B;1 rue Pasteur;91100;Corbeil-Essonnes;01/03/24;20/05/24;",
            header="REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;BAILLEUR",
        ).replace(b";\n", b";SA VILOGIA\n"),
    ).rows[0]
    assert row.decision == "not_eligible"


def test_a_new_team_gets_the_shipped_social_landlords(db):
    team, _created = team_setup(slug="essonne-2", name="Essonne 2", departement="91")
    assert team.social_landlords.filter(name="Immobilière 3F").exists()
