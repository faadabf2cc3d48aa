"""Recovery codes are kept hashed; passing the second factor gives the session a new key."""

import datetime as dt
import hashlib
import importlib
import re

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from prevex.accounts import second_factor
from prevex.accounts.models import RecoveryCode, RecoveryCodeDevice
from prevex.accounts.testing import current_code, remaining_recovery_codes, totp_device
from prevex.accounts.tests.test_second_factor import enrol

TODAY = reverse("outreach:today")
VERIFY = reverse("accounts:second_factor_verify")


def test_recovery_codes_are_stored_hashed_each_with_its_salt(client, coordinator):
    client.force_login(coordinator)
    codes = second_factor.new_recovery_codes(coordinator)
    stored = list(RecoveryCode.objects.filter(device__user=coordinator).values_list("salt", "digest"))
    assert len(stored) == len(codes) and len({salt for salt, _digest in stored}) == len(codes)
    kept = " ".join(f"{salt} {digest}" for salt, digest in stored)
    for code in codes:
        assert code not in kept and hashlib.sha256(code.encode()).hexdigest() not in kept
    assert not StaticToken.objects.exists()


def test_wrong_recovery_codes_make_even_the_right_one_wait(client, coordinator, login_with_password):
    login_with_password(client, coordinator)
    codes = enrol(client, coordinator)
    client.post(reverse("accounts:logout"))
    login_with_password(client, coordinator)
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False) as clock:
        for _attempt in range(3):  # 1, 2, 4 seconds
            client.post(VERIFY, {"token": "zzzzzzzz"})
        assert client.post(VERIFY, {"token": codes[0]}).status_code == 200  # refused for now
        clock.shift(10)
        assert client.post(VERIFY, {"token": codes[0]}).url == TODAY
    assert remaining_recovery_codes(coordinator) == len(codes) - 1


def test_the_migration_hashes_the_codes_kept_in_clear_and_they_still_work(client, coordinator, login_with_password):
    totp_device(coordinator)
    static = StaticDevice.objects.create(user=coordinator, name="codes de secours", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in ("abcdefgh", "ijklmnop")])
    migration = importlib.import_module("prevex.accounts.migrations.0003_hash_recovery_codes_and_mark_demo_accounts")
    migration.hash_static_tokens(apps, None)
    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    assert remaining_recovery_codes(coordinator) == 2
    login_with_password(client, coordinator)
    assert client.post(VERIFY, {"token": "ijklmnop"}).url == TODAY
    assert remaining_recovery_codes(coordinator) == 1


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def copied(key: str) -> Client:
    """Someone else's browser holding a copy of the session key."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    return other


@pytest.mark.parametrize("second_factor_with", ["application", "recovery code", "enrolment"])
def test_the_session_key_copied_before_the_code_is_worth_nothing_after_it(
    client, coordinator, login_with_password, second_factor_with
):
    if second_factor_with != "enrolment":
        device = totp_device(coordinator)
        codes = second_factor.new_recovery_codes(coordinator)
    login_with_password(client, coordinator)
    before = session_key(client)
    assert not copied(before).get(TODAY).url.startswith(reverse("accounts:login"))  # a live session so far
    if second_factor_with == "enrolment":
        enrol(client, coordinator)
    else:
        token = current_code(device) if second_factor_with == "application" else codes[0]
        assert client.post(VERIFY, {"token": token}).url == TODAY
    assert session_key(client) != before
    assert client.get(TODAY).status_code == 200
    stale = copied(before).get(TODAY)
    assert stale.status_code == 302 and stale.url.startswith(reverse("accounts:login"))


def test_recovery_codes_carry_80_random_bits_and_are_typed_loosely(client, coordinator, login_with_password):
    """40-bit codes (django-otp's) fall to an offline search of a copied database, salted hashes or not."""
    login_with_password(client, coordinator)
    codes = enrol(client, coordinator)
    assert all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", code) for code in codes)  # 16 base32 letters
    assert len(set(codes)) == len(codes)
    device = RecoveryCodeDevice.objects.get(user=coordinator)
    assert device.verify_token(codes[0].replace("-", " ").upper())
    assert not device.verify_token(codes[0])  # used once
