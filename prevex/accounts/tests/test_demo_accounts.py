"""Demo accounts (a published password) open nothing once demo mode is off, and `check --deploy` says so."""

import datetime as dt
import importlib
import re
import time
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts import second_factor
from prevex.accounts.checks import demo_accounts_outside_demo_mode
from prevex.accounts.models import User
from prevex.accounts.testing import current_code
from prevex.audit.models import AuditAction, AuditEntry
from prevex.demo.data import DEMO_PASSWORD, DEMO_USERS
from prevex.organisations.enums import Role
from prevex.organisations.tests.factories import TEST_PASSWORD, member

TODAY = reverse("outreach:today")


@pytest.fixture
def demo_coordinator(team, adil):
    """An account as `demo_data` leaves it: its username, the published password, the demo application."""
    user = member(team, Role.COORDINATOR, adil, username=DEMO_USERS[0].username, is_demo=True)
    user.set_password(DEMO_PASSWORD)
    user.save()
    second_factor.demo_device(user)
    return user


def log_in(client, user, password=DEMO_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def test_demo_data_marks_its_accounts(settings, db):
    settings.DEMO_MODE = True
    call_command("demo_data", stdout=StringIO())
    assert set(User.objects.filter(is_demo=True).values_list("username", flat=True)) == {
        demo.username for demo in DEMO_USERS
    }


def test_outside_demo_mode_the_published_password_opens_nothing(client, demo_coordinator, settings):
    settings.DEMO_MODE = False
    refused = log_in(client, demo_coordinator)
    assert refused.status_code == 200 and "Les comptes de démonstration sont désactivés" in refused.text
    assert client.get(TODAY).status_code == 302
    assert not client.get(TODAY).url.startswith(reverse("accounts:second_factor_enrol"))  # no enrolment offered
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, target_id=str(demo_coordinator.pk)).exists()


def test_in_demo_mode_the_demo_accounts_log_in(client, demo_coordinator, settings):
    settings.DEMO_MODE = True
    assert log_in(client, demo_coordinator).status_code == 302
    device = TOTPDevice.objects.get(user=demo_coordinator)
    assert client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)}).url == TODAY


def test_a_demo_session_ends_when_demo_mode_is_turned_off(client, demo_coordinator, settings):
    settings.DEMO_MODE = True
    client.force_login(demo_coordinator)
    assert client.get(TODAY).status_code == 200
    settings.DEMO_MODE = False
    response = client.get(TODAY)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_ordinary_account_is_not_concerned(client, coordinator, settings):
    settings.DEMO_MODE = False
    assert log_in(client, coordinator, TEST_PASSWORD).status_code == 302


def test_check_deploy_fails_while_demo_accounts_exist_outside_demo_mode(demo_coordinator, settings):
    settings.DEMO_MODE = False
    errors = demo_accounts_outside_demo_mode()
    assert [error.id for error in errors] == ["prevex.E001"] and demo_coordinator.username in errors[0].msg
    with pytest.raises(SystemCheckError, match="prevex.E001"):
        call_command("check", "--deploy", stdout=StringIO())
    settings.DEMO_MODE = True
    assert demo_accounts_outside_demo_mode() == []
    settings.DEMO_MODE = False
    demo_coordinator.is_active = False  # deactivated (deleting them may be refused: they wrote the demo's events)
    demo_coordinator.save()
    assert demo_accounts_outside_demo_mode() == []


def test_the_migration_marks_the_accounts_an_earlier_demo_data_created(team, adil):
    migration = importlib.import_module("prevex.accounts.migrations.0003_hash_recovery_codes_and_mark_demo_accounts")
    earlier = member(
        team,
        Role.COORDINATOR,
        adil,
        username=DEMO_USERS[1].username,
        email=f"{DEMO_USERS[1].username}@demo.prevex.invalid",
    )
    with_key = member(team, Role.JURISTE, adil, username=DEMO_USERS[3].username)
    second_factor.demo_device(with_key)
    namesake = member(team, Role.JURISTE, adil, username=DEMO_USERS[4].username)  # a real person, same name
    migration.mark_demo_accounts(apps, None)
    assert set(User.objects.filter(is_demo=True)) == {earlier, with_key}
    assert not User.objects.get(pk=namesake.pk).is_demo


def shown_demo_code(response) -> str:
    match = re.search(r"code actuel de ce compte est <strong>(\d{6})</strong>", response.text)
    assert match, "no demo code on the page"
    return match.group(1)


def log_in_with_the_shown_code(client, user):
    assert log_in(client, user).status_code == 302
    page = client.get(reverse("accounts:second_factor_verify"))
    return client.post(reverse("accounts:second_factor_verify"), {"token": shown_demo_code(page)})


def test_a_demo_account_logs_in_several_times_within_30_seconds_with_the_shown_code(demo_coordinator, settings):
    settings.DEMO_MODE = True
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 1, tzinfo=dt.UTC), tick=False) as clock:
        for _attempt in range(4):  # the current code is used once: the next logins are shown the next steps'
            assert log_in_with_the_shown_code(Client(), demo_coordinator).url == TODAY
            clock.shift(5)
        clock.shift(120)  # later, the current code again (drift back to 0: an application on a phone works too)
        assert log_in_with_the_shown_code(Client(), demo_coordinator).url == TODAY
        device = TOTPDevice.objects.get(user=demo_coordinator)
        assert device.drift == 0 and device.last_t == int(time.time()) // device.step


def test_the_reauthentication_page_shows_the_demo_code_in_demo_mode(client, demo_coordinator, settings):
    settings.DEMO_MODE = True
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 1, tzinfo=dt.UTC), tick=False) as clock:
        assert log_in_with_the_shown_code(client, demo_coordinator).url == TODAY
        clock.shift(settings.PREVEX_REAUTH_SECONDS + 1)  # an export 10 minutes after login: confirm first
        page = client.get(reverse("accounts:reauth"), {"next": TODAY})
        confirmed = client.post(
            reverse("accounts:reauth"), {"password": DEMO_PASSWORD, "token": shown_demo_code(page), "next": TODAY}
        )
    assert confirmed.status_code == 302 and confirmed.url == TODAY


def test_no_demo_code_outside_demo_mode_nor_for_an_ordinary_account(client, coordinator, demo_coordinator, settings):
    settings.DEMO_MODE = True
    client.force_login(coordinator)
    assert "code actuel" not in client.get(reverse("accounts:reauth")).text  # not a demo account
    second_factor.demo_device(coordinator)  # even with a device of that name
    assert second_factor.demo_code(coordinator) == ""
    settings.DEMO_MODE = False
    assert second_factor.demo_code(demo_coordinator) == ""
    assert log_in(Client(), demo_coordinator).status_code == 200  # refused: its published password opens nothing
