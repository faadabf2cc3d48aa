"""The wizard through its pages: upload, columns, preview, confirm, undo; and every bad file it must refuse."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prevex.imports.models import ImportBatch, ImportStatus, MappingProfile
from prevex.imports.tests.conftest import workbook
from prevex.intake.tests.conftest import APRIL, MARCH, csv_list
from prevex.situations.models import Situation


@pytest.fixture
def coordinator_client(client, coordinator, essonne):
    client.force_login(coordinator)
    return client


def post_file(client, name: str, data: bytes, received_on="2024-03-18"):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("intake:upload"), {"file": upload, "received_on": received_on})


def batch_of(response) -> ImportBatch:
    return ImportBatch.objects.get(
        public_id=response.url.rstrip("/").split("/")[-2 if "colonnes" in response.url else -1]
    )


@pytest.mark.parametrize(("path", "created", "rows"), [(MARCH, 103, 120), (APRIL, 82, 95)])
def test_each_sample_goes_through_the_wizard(coordinator_client, path, created, rows):
    response = post_file(coordinator_client, path.name, path.read_bytes())
    assert response.status_code == 302 and "/colonnes/" in response.url
    batch = batch_of(response)
    page = coordinator_client.get(response.url)
    assert "Date d&#x27;audience" in page.text or "DATE AUD." in page.text
    mapping = {f"column_{index}": key for index, key in enumerate(batch.mapping)}
    response = coordinator_client.post(reverse("intake:mapping", args=[batch.public_id]), mapping)
    assert response.status_code == 302 and response.url == reverse("intake:preview", args=[batch.public_id])
    page = coordinator_client.get(response.url)
    assert f"{rows} lignes de données" in page.text and Situation.objects.count() == 0
    response = coordinator_client.post(reverse("intake:confirm", args=[batch.public_id]), follow=True)
    assert "Import terminé" in response.text
    assert Situation.objects.count() == created and Situation.objects.filter(import_batch=batch).count() == created


def test_a_saved_profile_maps_the_next_file_of_the_same_layout(coordinator_client, essonne):
    batch = batch_of(post_file(coordinator_client, APRIL.name, APRIL.read_bytes()))
    mapping = {f"column_{index}": key for index, key in enumerate(batch.mapping)}
    mapping["column_12"] = ""  # the team does not want the phone numbers of this source
    coordinator_client.post(reverse("intake:mapping", args=[batch.public_id]), {**mapping, "save_as": "Préf. avril"})
    assert MappingProfile.objects.get(team=essonne).name == "Préf. avril"
    response = post_file(coordinator_client, "mai.csv", APRIL.read_bytes())
    assert response.url.endswith(f"{batch_of(response).public_id}/")  # straight to the preview
    assert batch_of(response).mapping[12] == "" and batch_of(response).summary["profile"] == "Préf. avril"


def test_two_columns_for_one_field_and_a_missing_required_field_are_shown(coordinator_client):
    batch = batch_of(post_file(coordinator_client, APRIL.name, APRIL.read_bytes()))
    mapping = {f"column_{index}": key for index, key in enumerate(batch.mapping)}
    mapping["column_0"] = "tenant_last_name"  # REF as the name, as NOM LOCATAIRE is
    mapping["column_9"] = ""  # no hearing date
    response = coordinator_client.post(reverse("intake:mapping", args=[batch.public_id]), mapping)
    assert response.status_code == 200
    assert "« Nom du locataire » est associé à plusieurs colonnes." in response.text
    assert "Aucune colonne ne donne la date d&#x27;audience." in response.text
    assert coordinator_client.get(reverse("intake:preview", args=[batch.public_id])).status_code == 302


def encrypted_like() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600  # an OLE container, as Excel's encrypted files


def zip_without_workbook() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "not a workbook")
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.xlsx", b"%PDF-1.4 a scanned list", "est un PDF, pas un tableur"),
        ("liste.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "n&#x27;est pas un tableur lisible"),
        ("liste.xlsx", encrypted_like(), "protégé par un mot de passe"),
        ("liste.xlsx", zip_without_workbook(), "ne peut pas être lu"),
        ("liste.csv", b"", "est vide"),
        ("liste.xlsx", workbook([None], [None]), "La feuille est vide"),
        ("liste.csv", b"Liste des assignations\nsans tableau\n", "Ligne d&#x27;en-tête introuvable"),
        ("liste.csv", csv_list(), "Aucune ligne de données sous l&#x27;en-tête"),
        ("liste.csv", "NOM;PRÉNOM\n".encode() + "é;à\n".encode("cp1252") + "è;ù\n".encode(), "mélange deux encodages"),
    ],
)
def test_bad_files_are_refused_with_a_french_message_naming_the_file(coordinator_client, name, data, message):
    response = post_file(coordinator_client, name, data)
    assert response.status_code == 200
    assert message in response.text and "liste." in response.text
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_reading(coordinator_client, settings):
    settings.PREVEX_IMPORT_MAX_BYTES = 1024 * 1024
    response = post_file(coordinator_client, "liste.csv", b"x" * (1024 * 1024 + 1))
    assert "dépasse la taille maximale de 1 Mo" in response.text and not ImportBatch.objects.exists()


def test_merged_cells_and_formulas_without_value_are_row_errors(coordinator_client):
    header = ["Nom", "Prénom", "Adresse", "CP", "Ville", "Date d'audience"]
    rows = [
        ["Titre"],
        header,
        ["MARTIN", "Léa", "1 rue Pasteur", "91100", "Corbeil-Essonnes", "20/05/2024"],
        ["DURAND", "Paul", "2 rue Pasteur", "91100", None, "20/05/2024"],
        ["PETIT", "Ana", "3 rue Pasteur", "91100", "Corbeil-Essonnes", "=A1"],
    ]
    response = post_file(coordinator_client, "liste.xlsx", workbook(*rows, merge="E3:E4"))
    details = {row["line"]: row for row in batch_of(response).summary["details"]}
    assert "fusionnée" in details[3]["errors"][0]["message"] and "fusionnée" in details[4]["errors"][0]["message"]
    assert details[5]["errors"][0]["column"] == "Date d'audience"
    assert details[5]["errors"][0]["message"].startswith("la cellule contient une formule sans valeur")


def test_a_future_reception_date_is_refused(coordinator_client):
    response = post_file(coordinator_client, MARCH.name, MARCH.read_bytes(), received_on="2999-01-01")
    assert "ne peut pas être dans le futur" in response.text


def test_the_reception_date_is_asked_never_assumed(coordinator_client):
    """An old list uploaded today would otherwise count as the newest, and roll back what came after it."""
    page = coordinator_client.get(reverse("intake:upload")).text
    assert 'name="received_on"' in page and 'name="received_on" value=' not in page
    response = post_file(coordinator_client, MARCH.name, MARCH.read_bytes(), received_on="")
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.text
    assert not ImportBatch.objects.exists()


def test_undo_from_the_result_page(coordinator_client):
    batch = batch_of(post_file(coordinator_client, MARCH.name, MARCH.read_bytes()))
    coordinator_client.post(reverse("intake:confirm", args=[batch.public_id]))
    page = coordinator_client.get(reverse("intake:preview", args=[batch.public_id]))
    assert "Défaire cet import" in page.text
    response = coordinator_client.post(reverse("intake:undo", args=[batch.public_id]), follow=True)
    assert "Import défait : 103 situations retirées" in response.text
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UNDONE and not Situation.objects.exists()


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder"])
def test_only_coordinators_import(client, request, essonne, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("intake:upload")).status_code == 403


def test_another_teams_batch_does_not_exist(client, coordinator, other_team_member, essonne):
    client.force_login(coordinator)
    batch = batch_of(post_file(client, MARCH.name, MARCH.read_bytes()))
    client.force_login(other_team_member)
    assert client.get(reverse("intake:preview", args=[batch.public_id])).status_code == 404
    assert client.post(reverse("intake:confirm", args=[batch.public_id])).status_code == 404


def test_a_situation_page_says_which_list_and_row_it_came_from(coordinator_client):
    batch = batch_of(post_file(coordinator_client, MARCH.name, MARCH.read_bytes()))
    coordinator_client.post(reverse("intake:confirm", args=[batch.public_id]))
    situation = Situation.objects.get(reference="EXP-91-2024-00082")
    page = coordinator_client.get(situation.get_absolute_url())
    assert "liste de la préfecture « assignations-2024-03.xlsx », ligne 87" in page.text
