"""A confirmed tracking sheet can be undone while nobody touched what it wrote: its new situations removed, the
events it added to known ones deleted, their states as before."""

import datetime as dt

import pytest
from django.urls import reverse

from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.imports.suivi import services
from prevex.imports.tests.conftest import GOOD_ROW, good_row_situation, sheet
from prevex.situations import services as writer
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")


@pytest.fixture
def known(team):
    return good_row_situation(team, received_on=dt.date(2024, 3, 1))


@pytest.fixture
def confirmed(team, coordinator, known):
    """EM-1 completed with its letter and visit, EM-2 created."""
    data = sheet(GOOD_ROW, GOOD_ROW.replace("EM-1", "EM-2").replace("Dupré", "Martin"))
    batch, _preview = services.batch_upload(team=team, data=data, filename="s.csv", user=coordinator)
    assert services.batch_commit(batch=batch, user=coordinator) == {"created": 1, "updated": 1, "events": 4}
    batch.refresh_from_db()
    return batch


def test_undoing_removes_what_the_sheet_wrote_and_nothing_else(confirmed, coordinator, known, client):
    known.refresh_from_db()
    assert known.events.count() == 2 and known.last_event_on == dt.date(2024, 3, 10)
    client.force_login(coordinator)
    page = client.get(reverse("imports:suivi_preview", args=[confirmed.public_id])).text
    assert "Défaire cet import" in page
    client.post(reverse("imports:suivi_undo", args=[confirmed.public_id]))
    confirmed.refresh_from_db()
    known.refresh_from_db()
    assert confirmed.status == ImportStatus.UNDONE
    assert not Situation.objects.filter(reference="EM-2").exists()
    assert known.events.count() == 0 and known.last_event_on is None


def test_an_event_recorded_since_blocks_the_undo(confirmed, coordinator, known):
    contact = Event(situation=known, kind=EventKind.TENANT_CONTACT, occurred_on=dt.date(2024, 4, 2))
    writer.event_record(event=contact, author=coordinator)
    assert "modifiée depuis" in services.undo_blocker(confirmed)
    with pytest.raises(ImportFileError, match="modifiée depuis"):
        services.batch_undo(batch=confirmed, user=coordinator)
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED and known.events.count() == 3


def test_an_edit_of_a_situation_it_created_blocks_the_undo(confirmed, coordinator):
    created = Situation.objects.get(reference="EM-2")
    before, created.debt_amount = created.debt_amount, 10
    writer.situation_update(
        situation=created, author=coordinator, changed={"debt_amount": before}, version=created.version
    )
    assert "modifiée depuis" in services.undo_blocker(confirmed)


def test_a_later_sheet_undone_no_longer_blocks_the_undo_of_the_first(team, confirmed, coordinator, known):
    closing = GOOD_ROW.replace(";absent;;;", ";absent;20/03/2024;sans_contact;")
    later, _preview = services.batch_upload(team=team, data=sheet(closing), filename="s2.csv", user=coordinator)
    services.batch_commit(batch=later, user=coordinator)
    later.refresh_from_db()
    assert "modifiée depuis" in services.undo_blocker(confirmed)
    services.batch_undo(batch=later, user=coordinator)
    assert services.undo_blocker(confirmed) == ""
    services.batch_undo(batch=confirmed, user=coordinator)
    assert known.events.count() == 0
