"""Mass deletions ask for the password and a code again, as the exports do, when the last proof is old:
undoing an import (its situations are deleted), cancelling an import, deleting a mapping profile."""

import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from prevex.accounts.reauth import SESSION_KEY as REAUTH_KEY
from prevex.accounts.testing import current_code, totp_device
from prevex.imports.models import ImportBatch, ImportStatus, MappingProfile
from prevex.imports.suivi import services as sheet_services
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.intake.prefecture import services as list_services
from prevex.intake.tests.conftest import MARCH
from prevex.organisations.tests.factories import TEST_PASSWORD
from prevex.situations.models import Situation


@pytest.fixture
def aged_client(client, coordinator, essonne):
    """The coordinator, logged in with both factors an hour ago."""
    client.force_login(coordinator)
    session = client.session
    session[REAUTH_KEY] = time.time() - 3600
    session.save()
    return client


@pytest.fixture
def tracking_sheet(essonne, coordinator):
    return sheet_services.batch_upload(team=essonne, data=sheet(GOOD_ROW), filename="s.csv", user=coordinator)[0]


@pytest.fixture
def prefecture_list(essonne, coordinator):
    return list_services.batch_upload(
        team=essonne, data=MARCH.read_bytes(), filename=MARCH.name, user=coordinator, received_on=dt.date(2024, 3, 18)
    )


@pytest.fixture
def committed_list(prefecture_list, coordinator):
    list_services.batch_commit(batch=prefecture_list, user=coordinator)
    return prefecture_list


@pytest.fixture
def profile(essonne):
    return MappingProfile.objects.create(
        kind="prefecture", team=essonne, name="Préf. mars", headers=["nom"], mapping=["tenant_last_name"]
    )


def post(client, url: str, page: str, **headers):
    """The button of `page` posted to `url`."""
    return client.post(url, headers={"Referer": f"http://testserver{page}", **headers})


def assert_asks_to_reauthenticate(response, page: str):
    """To the re-authentication page, which then brings the person back to the page of the button."""
    assert response.status_code == 302 and urlsplit(response.url).path == reverse("accounts:reauth")
    assert parse_qs(urlsplit(response.url).query)["next"] == [f"http://testserver{page}"]


def test_cancelling_a_tracking_sheet_asks_to_confirm_identity(aged_client, tracking_sheet):
    page = reverse("imports:suivi_preview", args=[tracking_sheet.public_id])
    response = post(aged_client, reverse("imports:suivi_cancel", args=[tracking_sheet.public_id]), page)
    assert_asks_to_reauthenticate(response, page)
    tracking_sheet.refresh_from_db()
    assert tracking_sheet.status == ImportStatus.PREVIEWED and tracking_sheet.file.storage.exists(
        tracking_sheet.file.name
    )


def test_cancelling_a_prefecture_list_asks_to_confirm_identity(aged_client, prefecture_list):
    page = reverse("intake:preview", args=[prefecture_list.public_id])
    response = post(aged_client, reverse("intake:cancel", args=[prefecture_list.public_id]), page)
    assert_asks_to_reauthenticate(response, page)
    assert ImportBatch.objects.get(pk=prefecture_list.pk).status == ImportStatus.PREVIEWED


def test_undoing_an_import_asks_to_confirm_identity(aged_client, committed_list):
    page = reverse("intake:preview", args=[committed_list.public_id])
    response = post(aged_client, reverse("intake:undo", args=[committed_list.public_id]), page)
    assert_asks_to_reauthenticate(response, page)
    assert ImportBatch.objects.get(pk=committed_list.pk).status == ImportStatus.COMMITTED
    assert Situation.objects.filter(import_batch=committed_list).count() == 103


def test_deleting_a_mapping_profile_asks_to_confirm_identity(aged_client, profile):
    page = reverse("intake:eligibility")
    response = post(aged_client, reverse("intake:profile_delete", args=[profile.pk]), page)
    assert_asks_to_reauthenticate(response, page)
    assert MappingProfile.objects.filter(pk=profile.pk).exists()


def test_an_htmx_request_is_sent_to_the_reauthentication_page(aged_client, committed_list):
    page = reverse("intake:preview", args=[committed_list.public_id])
    response = post(
        aged_client, reverse("intake:undo", args=[committed_list.public_id]), page, **{"HX-Request": "true"}
    )
    assert response["HX-Redirect"].startswith(reverse("accounts:reauth")) and "next=" in response["HX-Redirect"]
    assert Situation.objects.filter(import_batch=committed_list).count() == 103


def test_after_confirming_identity_the_undo_goes_through(aged_client, coordinator, committed_list):
    page = reverse("intake:preview", args=[committed_list.public_id])
    response = post(aged_client, reverse("intake:undo", args=[committed_list.public_id]), page)
    done = aged_client.post(
        response.url, {"password": TEST_PASSWORD, "token": current_code(totp_device(coordinator)), "next": page}
    )
    assert done.url == page
    aged_client.post(reverse("intake:undo", args=[committed_list.public_id]))
    assert ImportBatch.objects.get(pk=committed_list.pk).status == ImportStatus.UNDONE
    assert not Situation.objects.exists()
