"""The client's address behind the reverse proxy: one function for the lockout and the journal."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.clientip import client_ip
from prevex.organisations.tests.factories import TEST_PASSWORD

PROXY = "10.0.0.2"
ATTACKER, TENANT_OFFICE = "203.0.113.9", "198.51.100.7"


def through_proxy(client, user, password, client_address, spoofed="") -> int:
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no proxy declared: the header is anyone's and ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client wrote the leftmost entry: ignored
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, "", PROXY),  # not through the proxy
        (1, "pas-une-adresse", PROXY),
        (2, "203.0.113.9", PROXY),  # fewer entries than proxies: the peer's address
    ],
)
def test_the_client_address_is_the_entry_the_trusted_proxy_wrote(settings, proxies, forwarded, expected):
    settings.PREVEX_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_lockout_uses_it(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "prevex.core.clientip.client_ip"


def test_behind_the_proxy_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(client, coordinator, settings):
    settings.PREVEX_TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):  # each with another spoofed address in front
        through_proxy(client, coordinator, "mauvais", ATTACKER, spoofed=f"192.0.2.{attempt}")
    assert through_proxy(client, coordinator, TEST_PASSWORD, ATTACKER) == 429  # the attacker is locked out…
    assert through_proxy(client, coordinator, TEST_PASSWORD, TENANT_OFFICE) == 302  # …not the user
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, target_id=str(coordinator.pk))
    assert set(failures.values_list("details__ip", flat=True)) == {ATTACKER}  # not the proxy's, not the spoofed
    lockout = AuditEntry.objects.filter(action=AuditAction.LOCKOUT, target_id=str(coordinator.pk)).first()
    assert lockout.details["ip"] == ATTACKER


def test_without_the_setting_the_header_is_ignored(client, coordinator, settings):
    settings.PREVEX_TRUSTED_PROXY_COUNT = 0
    through_proxy(client, coordinator, "mauvais", ATTACKER)
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.details["ip"] == PROXY
