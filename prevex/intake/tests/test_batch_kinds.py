"""Each pipeline's pages reach only its own batches: a tracking sheet, a préfecture list and a social-services
answer share one table, and another kind's batch is a 404 on every batch page (nothing read, nothing written)."""

import datetime as dt

import pytest
from django.urls import reverse

from prevex.audit.models import AuditEntry
from prevex.imports.models import ImportBatch, ImportKind
from prevex.imports.suivi import services as sheet_services
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.intake.mds.services import answer_upload
from prevex.intake.prefecture import services as list_services
from prevex.intake.tests.conftest import csv_list
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.models import Commune
from tests.test_every_url import named_patterns

# Every page that names a batch, with the kind it serves and the methods it answers.
BATCH_VIEWS = {
    "imports:suivi_preview": (ImportKind.SUIVI, ["get"]),
    "imports:suivi_confirm": (ImportKind.SUIVI, ["post"]),
    "imports:suivi_cancel": (ImportKind.SUIVI, ["post"]),
    "imports:suivi_mapping": (ImportKind.SUIVI, ["get", "post"]),
    "imports:suivi_undo": (ImportKind.SUIVI, ["post"]),
    "intake:mapping": (ImportKind.PREFECTURE, ["get", "post"]),
    "intake:preview": (ImportKind.PREFECTURE, ["get"]),
    "intake:confirm": (ImportKind.PREFECTURE, ["post"]),
    "intake:cancel": (ImportKind.PREFECTURE, ["post"]),
    "intake:undo": (ImportKind.PREFECTURE, ["post"]),
    "intake:social_services_answer": (ImportKind.SOCIAL_SERVICES, ["get"]),
    "intake:social_services_confirm": (ImportKind.SOCIAL_SERVICES, ["post"]),
    "intake:social_services_cancel": (ImportKind.SOCIAL_SERVICES, ["post"]),
}
BATCH_PARAMETERS = {"batch_id", "list_id", "answer_id"}
CASES = [(name, kind) for name, (own, _methods) in BATCH_VIEWS.items() for kind in ImportKind if kind != own]


def test_every_batch_view_is_listed():
    with_a_batch = {
        name for name, pattern in named_patterns() if set(pattern.pattern.regex.groupindex) & BATCH_PARAMETERS
    }
    assert with_a_batch == set(BATCH_VIEWS)


@pytest.fixture
def batches(essonne, coordinator):
    massy = Commune.objects.get(name="Massy")
    SituationFactory(team=essonne, reference="EXP-91-2024-00001", commune=massy, postal_code="91300")
    suivi, _preview = sheet_services.batch_upload(
        team=essonne, data=sheet(GOOD_ROW), filename="suivi.csv", user=coordinator
    )
    prefecture = list_services.batch_upload(
        team=essonne,
        data=csv_list("P-1;MARTIN;Léa;1 rue Pasteur;91300;Massy;01/03/24;20/05/24;"),
        filename="liste.csv",
        user=coordinator,
        received_on=dt.date(2024, 3, 18),
    )
    answer = answer_upload(
        team=essonne,
        data="N° procédure;Connu MDS\nEXP-91-2024-00001;OUI\n".encode(),
        filename="reponse.csv",
        user=coordinator,
    )
    return {batch.kind: batch for batch in (suivi, prefecture, answer)}


def state() -> tuple:
    """Everything a batch page could change."""
    batches = sorted(ImportBatch.objects.values_list("pk", "status", "summary", "mapping", "committed_at"))
    situations = sorted(Situation.objects.values_list("pk", "version", "social_services"))
    return batches, situations, Event.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_another_kinds_batch_is_not_found(client, coordinator, batches, name, kind):
    client.force_login(coordinator)
    before = state()
    [parameter] = set(dict(named_patterns())[name].pattern.regex.groupindex) & BATCH_PARAMETERS
    url = reverse(name, kwargs={parameter: batches[kind].public_id})
    for method in BATCH_VIEWS[name][1]:
        assert getattr(client, method)(url).status_code == 404, method
    assert state() == before


def test_the_upload_page_of_tracking_sheets_lists_only_tracking_sheets(client, coordinator, batches):
    client.force_login(coordinator)
    page = client.get(reverse("imports:suivi_upload")).text
    assert "suivi.csv" in page and "liste.csv" not in page and "reponse.csv" not in page
