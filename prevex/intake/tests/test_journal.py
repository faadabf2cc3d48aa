"""What the import pages write in the journal: uploads before confirmation, cancellations, mapping profiles,
each situation a tracking sheet creates or updates, and each view of a page listing a file's households.
Never a value of the file, nor its name (it may carry a person's): kinds, counts, field names and ids only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind, MappingProfile
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.intake.tests.conftest import APRIL
from prevex.situations.enums import EventKind
from prevex.situations.models import Situation

FILENAME = "Dupré Élise.csv"  # a file named after a household, as happens
PERSONAL = ("Dupré", "Élise", "Pasteur", "06 12 34 56 78", "LAURENT", "Tilleuls", "Préf. avril")
ANSWER = "N° procédure;Connu MDS\nEXP-91-2024-00201;OUI\n".encode()


@pytest.fixture
def coordinator_client(client, coordinator, essonne):
    client.force_login(coordinator)
    return client


def upload(client, kind: str, data: bytes) -> ImportBatch:
    file = SimpleUploadedFile(FILENAME, data)
    if kind == ImportKind.SUIVI:
        client.post(reverse("imports:suivi_upload"), {"file": file})
    elif kind == ImportKind.PREFECTURE:
        client.post(reverse("intake:upload"), {"file": file, "received_on": "2024-04-18"})
    else:
        client.post(reverse("intake:social_services"), {"file": file})
    return ImportBatch.objects.filter(kind=kind).latest("pk")


def entries(action: str, **filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, **filters).order_by("pk"))


def assert_nothing_personal():
    """No journal entry carries the file's name nor a value of its rows."""
    for entry in AuditEntry.objects.all():
        details = json.dumps(entry.details, ensure_ascii=False)
        assert not [value for value in PERSONAL if value in details], (entry.action, details)


@pytest.mark.parametrize(
    ("kind", "data", "rows"),
    [
        (ImportKind.SUIVI, sheet(GOOD_ROW), 1),
        (ImportKind.PREFECTURE, APRIL.read_bytes(), 95),
        (ImportKind.SOCIAL_SERVICES, ANSWER, 1),
    ],
)
def test_an_upload_is_journaled_before_any_confirmation(coordinator_client, coordinator, kind, data, rows):
    batch = upload(coordinator_client, kind, data)
    [entry] = entries(AuditAction.UPLOAD)
    assert (entry.actor, entry.team, entry.target_type, entry.target_id) == (
        coordinator,
        batch.team,
        "imports.importbatch",
        str(batch.public_id),
    )
    assert entry.details == {"kind": kind, "sha256": batch.sha256, "rows": rows}
    assert not entries(AuditAction.IMPORT)
    assert_nothing_personal()


@pytest.mark.parametrize(
    ("kind", "data", "cancel"),
    [
        (ImportKind.SUIVI, sheet(GOOD_ROW), "imports:suivi_cancel"),
        (ImportKind.PREFECTURE, APRIL.read_bytes(), "intake:cancel"),
    ],
)
def test_a_cancellation_is_journaled(coordinator_client, coordinator, kind, data, cancel):
    batch = upload(coordinator_client, kind, data)
    coordinator_client.post(reverse(cancel, args=[batch.public_id]))
    [entry] = entries(AuditAction.CANCEL)
    assert (entry.actor, entry.target_id, entry.details) == (coordinator, str(batch.public_id), {"kind": kind})
    coordinator_client.post(reverse(cancel, args=[batch.public_id]))  # already cancelled: nothing more
    assert len(entries(AuditAction.CANCEL)) == 1


def test_the_mapping_profiles_creation_update_and_deletion_are_journaled(coordinator_client, coordinator):
    first = upload(coordinator_client, ImportKind.PREFECTURE, APRIL.read_bytes())
    mapping = {f"column_{index}": key for index, key in enumerate(first.mapping)}
    coordinator_client.post(reverse("intake:mapping", args=[first.public_id]), {**mapping, "save_as": "Préf. avril"})
    profile = MappingProfile.objects.get()
    target = {"target_type": "imports.mappingprofile", "target_id": str(profile.pk)}
    [created] = entries(AuditAction.CREATE, **target)
    assert (created.actor, created.details) == (
        coordinator,
        {"import": str(first.public_id), "fields": ["headers", "mapping"]},
    )

    second = upload(coordinator_client, ImportKind.PREFECTURE, APRIL.read_bytes())
    mapping["column_12"] = ""
    coordinator_client.post(reverse("intake:mapping", args=[second.public_id]), {**mapping, "save_as": "Préf. avril"})
    [updated] = entries(AuditAction.UPDATE, **target)
    assert updated.details == {"import": str(second.public_id), "fields": ["headers", "mapping"]}

    coordinator_client.post(reverse("intake:profile_delete", args=[profile.pk]))
    assert not MappingProfile.objects.exists()
    [deleted] = entries(AuditAction.DELETE, **target)
    assert (deleted.actor, deleted.team, deleted.details) == (coordinator, profile.team, {})
    assert_nothing_personal()


def test_each_situation_of_a_tracking_sheet_is_journaled(coordinator_client, coordinator):
    first = upload(coordinator_client, ImportKind.SUIVI, sheet(GOOD_ROW))
    coordinator_client.post(reverse("imports:suivi_confirm", args=[first.public_id]))
    closed = GOOD_ROW.replace("absent;;;", "absent;30/04/2024;sans_contact;")
    second = upload(coordinator_client, ImportKind.SUIVI, sheet(closed, GOOD_ROW.replace("EM-1", "EM-2")))
    coordinator_client.post(reverse("imports:suivi_confirm", args=[second.public_id]))

    em1, em2 = Situation.objects.get(reference="EM-1"), Situation.objects.get(reference="EM-2")
    kind = "situations.situation"
    creations = [(e.target_id, e.details) for e in entries(AuditAction.CREATE, target_type=kind)]
    assert creations == [
        (str(em1.public_id), {"import": str(first.public_id), "row": 2}),
        (str(em2.public_id), {"import": str(second.public_id), "row": 3}),
    ]
    [update] = entries(AuditAction.UPDATE, target_type=kind)
    assert (update.actor, update.target_id) == (coordinator, str(em1.public_id))
    assert update.details == {"import": str(second.public_id), "row": 2, "events": [EventKind.CLOSURE]}
    assert update.organisation == coordinator.membership.organisation
    assert [entry.action for entry in AuditEntry.objects.about(em1).order_by("pk")] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]
    assert_nothing_personal()


def view_details(batch: ImportBatch) -> list[dict]:
    return [entry.details for entry in entries(AuditAction.VIEW, target_id=str(batch.public_id))]


def test_each_view_of_a_page_listing_the_households_of_a_file_is_journaled(coordinator_client, coordinator):
    prefecture = upload(coordinator_client, ImportKind.PREFECTURE, APRIL.read_bytes())
    assert coordinator_client.get(reverse("intake:mapping", args=[prefecture.public_id])).status_code == 200
    assert view_details(prefecture) == [{"kind": ImportKind.PREFECTURE, "view": "mapping"}]
    mapping = {f"column_{index}": key for index, key in enumerate(prefecture.mapping)}
    coordinator_client.post(reverse("intake:mapping", args=[prefecture.public_id]), mapping)  # redirected: not shown
    for _twice in range(2):
        assert coordinator_client.get(reverse("intake:preview", args=[prefecture.public_id])).status_code == 200
    preview = {"kind": ImportKind.PREFECTURE, "view": "preview", "page": 1}
    assert view_details(prefecture)[1:] == [preview, preview]

    tracking_sheet = upload(coordinator_client, ImportKind.SUIVI, sheet(GOOD_ROW))
    coordinator_client.get(reverse("imports:suivi_preview", args=[tracking_sheet.public_id]))
    assert view_details(tracking_sheet) == [{"kind": ImportKind.SUIVI, "view": "preview", "page": 1}]

    answer = upload(coordinator_client, ImportKind.SOCIAL_SERVICES, ANSWER)
    coordinator_client.get(reverse("intake:social_services_answer", args=[answer.public_id]))
    assert view_details(answer) == [{"kind": ImportKind.SOCIAL_SERVICES, "view": "preview", "page": 1}]
    assert {entry.actor for entry in entries(AuditAction.VIEW)} == {coordinator}
    assert_nothing_personal()
