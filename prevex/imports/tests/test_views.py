import datetime as dt
import os

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.situations.models import Situation

pytestmark = pytest.mark.usefixtures("essonne_communes")


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    with time_machine.travel(dt.datetime(2024, 5, 2, 12, tzinfo=dt.UTC), tick=False):
        yield client


def upload(client, data: bytes, name="suivi.csv"):
    return client.post("/imports/suivi/", {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(logged_in, coordinator):
    bad = GOOD_ROW.replace("EM-1", "EM-2").replace("01/03/2024", "31/02/2024")
    response = upload(logged_in, sheet(GOOD_ROW, bad))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/suivi/{batch.public_id}/"
    assert not Situation.objects.exists()

    preview = logged_in.get(response["Location"]).content.decode()
    assert "« 31/02/2024 » est une date qui n&#x27;existe pas." in preview
    assert "Confirmer l'import des 1 lignes valides" in preview
    assert "INVALID_TEMPLATE_VARIABLE" not in preview

    confirmed = logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/", follow=True)
    assert "1 situations créées" in confirmed.content.decode()
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-1"]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, actor=coordinator).count() == 1
    # A second confirmation writes nothing more.
    logged_in.post(f"/imports/suivi/{batch.public_id}/confirmer/")
    assert Situation.objects.count() == 1


def test_cancel_writes_nothing_and_drops_the_file(logged_in):
    upload(logged_in, sheet(GOOD_ROW))
    batch = ImportBatch.objects.get()
    stored = batch.file.path
    response = logged_in.post(f"/imports/suivi/{batch.public_id}/annuler/", follow=True)
    assert "Import annulé : rien n&#x27;a été écrit." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED and not Situation.objects.exists()
    assert not os.path.exists(stored)


def test_an_unreadable_file_is_refused_on_the_form(logged_in):
    response = upload(logged_in, b"%PDF-1.4\x00\x00", name="liste.xlsx")
    assert "« liste.xlsx » n&#x27;est pas un tableur lisible" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_original_file_is_kept_outside_any_served_path(logged_in, settings):
    upload(logged_in, sheet(GOOD_ROW))
    batch = ImportBatch.objects.get()
    assert batch.file.path.startswith(str(settings.MEDIA_ROOT))
    assert batch.filename not in batch.file.name
    assert not hasattr(settings, "MEDIA_URL") or not settings.MEDIA_URL or settings.MEDIA_URL == "/"


def test_another_teams_batch_is_not_found(client, other_team_member, logged_in):
    upload(logged_in, sheet(GOOD_ROW))
    batch = ImportBatch.objects.get()
    client.force_login(other_team_member)
    assert client.get(f"/imports/suivi/{batch.public_id}/").status_code == 404
    assert client.post(f"/imports/suivi/{batch.public_id}/confirmer/").status_code == 404
    assert not Situation.objects.exists()
