import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.suivi.services import batch_upload
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.situations.models import Event, Situation

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")
UPLOAD_URL = "/imports/suivi/"


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def upload(client, data: bytes, name="suivi.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data)})


def page(response) -> str:
    body = response.content.decode()
    assert response.status_code == 200 and "INVALID_TEMPLATE_VARIABLE" not in body
    return body


def test_the_upload_page_names_the_upload_url_and_its_field(logged_in):
    assert reverse("imports:suivi_upload") == UPLOAD_URL
    body = page(logged_in.get(UPLOAD_URL))
    assert 'aria-current="page"' in body and 'href="/imports/suivi/"' in body
    assert '<label for="id_file">Tableau de suivi (.xlsx ou .csv)' in body
    assert 'accept=".xlsx,.xls,.ods,.csv"' in body


def test_upload_preview_confirm(logged_in, coordinator):
    bad = GOOD_ROW.replace("EM-1", "EM-2").replace("01/03/2024", "31/02/2024")
    response = upload(logged_in, sheet(GOOD_ROW, bad))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/suivi/{batch.public_id}/"
    assert batch.status == ImportStatus.PREVIEWED and not Situation.objects.exists()

    preview = page(logged_in.get(response["Location"]))
    assert "Colonne « date_reception » : « 31/02/2024 » est une date qui n&#x27;existe pas." in preview
    assert "Confirmer l&#x27;import de la ligne valide" in preview
    assert '<th scope="col">Ligne</th>' in preview and 'data-label="Décision"' in preview

    confirmed = logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/", follow=True)
    result = page(confirmed)
    assert "Situations créées : 1 ; mises à jour : 0 ; événements ajoutés : 2." in result
    assert "1 ligne en erreur n'a pas été importée." in result
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-1"]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.committed_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert (entry.actor, entry.target_id, entry.details["created"]) == (coordinator, str(batch.public_id), 1)
    # A second confirmation writes nothing more.
    again = logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/", follow=True)
    assert "Cet import a déjà été confirmé ou annulé." in page(again)
    assert (Situation.objects.count(), AuditEntry.objects.filter(action=AuditAction.IMPORT).count()) == (1, 1)


def test_an_update_shows_what_it_adds_and_a_known_file_is_flagged(logged_in, coordinator, team):
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/")
    later = GOOD_ROW.replace("absent;;;", "absent;30/04/2024;sans_contact;")
    batch, _ = batch_upload(team=team, data=sheet(later), filename="s.csv", user=coordinator)
    assert "Clôture (Sans contact) du 30/04/2024" in page(logged_in.get(f"/imports/suivi/{batch.public_id}/"))
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    body = page(logged_in.get(f"/imports/suivi/{batch.public_id}/"))
    assert "Ce fichier a déjà été importé le" in body and "Aucune ligne à importer." in body


def test_the_rows_are_paginated_and_filtered(logged_in, coordinator, team):
    rows = [GOOD_ROW.replace("EM-1", f"EM-{n}") for n in range(150)] + [
        GOOD_ROW.replace("EM-1", "EM-X").replace("absent", "??")
    ]
    batch, _ = batch_upload(team=team, data=sheet(*rows), filename="s.csv", user=coordinator)
    url = f"/imports/suivi/{batch.public_id}/"
    first = page(logged_in.get(url))
    assert "Page 1 sur 2" in first and "EM-149" not in first
    errors_only = page(logged_in.get(url, {"decision": "error"}))
    assert "EM-X" in errors_only and ">EM-0<" not in errors_only and "Page 1 sur" not in errors_only
    assert page(logged_in.get(url, {"decision": "nimporte", "page": "99"}))


def test_cancel_writes_nothing_and_drops_the_file(logged_in, django_capture_on_commit_callbacks):
    upload(logged_in, sheet(GOOD_ROW))
    batch = ImportBatch.objects.get()
    stored = batch.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(f"/imports/suivi/{batch.public_id}/annuler/", follow=True)
    assert "Import annulé : rien n&#x27;a été écrit." in page(response)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED and not os.path.exists(stored)
    assert (Situation.objects.count(), Event.objects.count()) == (0, 0)
    assert page(logged_in.get(f"/imports/suivi/{batch.public_id}/"))
    assert logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/").status_code == 302
    assert not Situation.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\x00\x00", "liste.xlsx", "« liste.xlsx » est un PDF, pas un tableur"),
        (b"", "vide.csv", "Le fichier « vide.csv » est vide."),
        (b"reference;date_reception;nom;adresse;code_postal;commune\n;;;;;\n", "s.csv", "aucune ligne de données"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_on_the_form(logged_in, data, name, message):
    body = page(upload(logged_in, data, name=name)).replace("&#x27;", "'")
    assert message in body or (not data and "Le fichier soumis est vide." in body)
    assert not ImportBatch.objects.exists() and not Situation.objects.exists()


def test_a_sheet_with_its_own_headers_goes_through_the_column_step_and_its_profile(logged_in):
    own = "N° dossier;Reçu le;Nom du locataire;Prénom;Adresse du logement;CP;Ville;Tél. portable;Notes\n"
    data = (own + "EM-1;01/03/2024;Dupré;Élise;4 rue Pasteur;91300;Massy;06 12 34 56 78;RAS\n").encode()
    response = upload(logged_in, data, name="notre-tableau.csv")
    batch = ImportBatch.objects.get()
    assert response.url == f"/imports/suivi/{batch.public_id}/colonnes/"
    columns = logged_in.get(response.url).text
    assert "Nom du locataire" in columns and "Exemples : Dupré" in columns
    suggested = [f"column_{index}" for index in range(9)]
    form = dict(zip(suggested, [*batch.mapping[:8], ""], strict=True)) | {"save_as": "Notre tableau"}
    assert batch.mapping[:8] == [
        "reference",
        "date_reception",
        "nom",
        "prenom",
        "adresse",
        "code_postal",
        "commune",
        "telephone",
    ]
    assert logged_in.post(response.url, form).url == f"/imports/suivi/{batch.public_id}/"
    batch.refresh_from_db()
    assert (batch.summary["new"], batch.summary["ignored_columns"]) == (1, ["Notes"])
    logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/")
    assert Situation.objects.get().phone == "+33612345678"
    again = upload(logged_in, data.replace(b"EM-1", b"EM-2"), name="le-mois-suivant.csv")
    assert again.url.endswith("/") and not again.url.endswith("/colonnes/")  # the profile mapped it
    assert ImportBatch.objects.first().summary["profile"] == "Notre tableau"


def test_missing_required_columns_are_shown_on_the_column_step(logged_in):
    response = upload(logged_in, b"reference;nom\nEM-1;Dupont\n", name="s.csv")
    assert response.url.endswith("/colonnes/")
    body = logged_in.get(response.url).text.replace("&#x27;", "'")
    assert "Ligne 1, colonne « adresse » : colonne obligatoire absente" in body
    assert not Situation.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_being_read(logged_in, settings):
    settings.PREVEX_IMPORT_MAX_BYTES = 1024 * 1024
    body = page(upload(logged_in, sheet(GOOD_ROW) + b"x" * (1024 * 1024), name="gros.csv"))
    assert "« gros.csv » dépasse la taille maximale de 1 Mo." in body
    assert not ImportBatch.objects.exists()


def test_the_original_file_is_kept_privately(logged_in, settings):
    data = sheet(GOOD_ROW)
    upload(logged_in, data, name="Dupré Élise.csv")
    batch = ImportBatch.objects.get()
    assert batch.file.path.startswith(str(settings.MEDIA_ROOT)) and "Dupré" not in batch.file.name
    assert batch.filename == "Dupré Élise.csv" and batch.file.read() == data
    assert len(batch.sha256) == 64 and batch.kind == "suivi"
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"


@pytest.mark.parametrize("who", ["social_worker", "juriste", "funder", "outsider"])
def test_only_coordinators_import(client, request, coordinator, team, who):
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    client.force_login(request.getfixturevalue(who))
    for url in (UPLOAD_URL, f"/imports/suivi/{batch.public_id}/"):
        assert client.get(url).status_code == 403
    for action in ("confirmer", "annuler"):
        assert client.post(f"/imports/suivi/{batch.public_id}/{action}/").status_code == 403
    assert upload(client, sheet(GOOD_ROW)).status_code == 403
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED and not Situation.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, coordinator, team):
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    for url in (UPLOAD_URL, f"/imports/suivi/{batch.public_id}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert client.post(f"/imports/suivi/{batch.public_id}/confirmer/").status_code == 302
    assert not Situation.objects.exists()


def test_another_teams_batch_is_not_found(client, other_team_member, coordinator, team):
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    client.force_login(other_team_member)
    assert client.get(f"/imports/suivi/{batch.public_id}/").status_code == 404
    assert client.post(f"/imports/suivi/{batch.public_id}/confirmer/").status_code == 404
    assert client.post(f"/imports/suivi/{batch.public_id}/annuler/").status_code == 404
    assert "s.csv" not in page(client.get(UPLOAD_URL))
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED and not Situation.objects.exists()


def test_confirm_and_cancel_only_accept_post(logged_in, coordinator, team):
    batch, _ = batch_upload(team=team, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)
    assert logged_in.get(f"/imports/suivi/{batch.public_id}/confirmer/").status_code == 405
    assert logged_in.get(f"/imports/suivi/{batch.public_id}/annuler/").status_code == 405


def test_the_teams_own_codes_are_given_their_meaning_on_the_column_step_and_kept_in_the_profile(logged_in):
    header = "reference;date_reception;nom;adresse;code_postal;commune;date_visite_1;resultat_visite_1\n"
    data = (header + "EM-1;01/03/2024;Dupré;4 rue Pasteur;91300;Massy;10/03/2024;Pas là\n").encode()
    response = upload(logged_in, data, name="s.csv")
    batch = ImportBatch.objects.get()
    assert batch.summary["unknown_codes"] == {"resultat_visite_1": ["Pas là"]}
    assert response.url == f"/imports/suivi/{batch.public_id}/colonnes/"
    columns = logged_in.get(response.url).text
    assert "« Pas là »" in columns
    form = {f"column_{index}": key for index, key in enumerate(batch.mapping)}
    form |= {"code_resultat_visite_1_0": "absent", "save_as": "Nos codes"}
    logged_in.post(f"/imports/suivi/{batch.public_id}/colonnes/", form)
    batch.refresh_from_db()
    assert (batch.summary["new"], batch.summary["error"]) == (1, 0)
    logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/")
    assert Situation.objects.get().events.get().visit_outcome == "absent"
    again = upload(logged_in, data.replace(b"EM-1", b"EM-2"), name="s2.csv")
    assert ImportBatch.objects.first().summary["error"] == 0 and not again.url.endswith("/colonnes/")
