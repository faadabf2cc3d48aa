"""The second factor cannot be gone around: every URL, demo keys, throttled codes, re-authentication."""

import datetime as dt
import time

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from prevex.accounts import second_factor
from prevex.accounts.middleware import OPEN_URL_NAMES
from prevex.accounts.reauth import SESSION_KEY as REAUTH_KEY
from prevex.accounts.testing import current_code, remaining_recovery_codes, totp_device
from prevex.accounts.usernames import hashed_username
from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.tests.factories import TEST_PASSWORD
from tests.test_every_url import ALL_NAMES, team_a_data, url_for  # noqa: F401 (team_a_data is a fixture)

TODAY = reverse("outreach:today")
OPEN = {f"accounts:{name}" for name in OPEN_URL_NAMES}


def unverified(client, user):
    """Logged in with the password only: the second factor is still ahead."""
    client.force_login(user)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()


def age_reauthentication(client, seconds=3600):
    session = client.session
    session[REAUTH_KEY] = time.time() - seconds
    session.save()


@pytest.mark.parametrize("second_factor_enrolled", [True, False])
def test_every_url_sends_an_unverified_session_to_the_second_factor(
    client, coordinator, request, second_factor_enrolled
):
    case_data = request.getfixturevalue("team_a_data")  # the every-URL walk's data of team A
    unverified(client, coordinator)
    if not second_factor_enrolled:
        coordinator.totpdevice_set.all().delete()
    expected = reverse("accounts:second_factor_verify" if second_factor_enrolled else "accounts:second_factor_enrol")
    walked = 0
    for name in ALL_NAMES:
        if name in OPEN:
            continue
        url = url_for(name, case_data)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__, response.status_code)
            assert response["Location"].startswith(f"{expected}?next="), (name, response["Location"])
        walked += 1
    assert walked > 40  # the walk did reach the case pages
    assert client.get("/admin/").url.startswith(expected)  # the admin too


def test_a_session_verified_with_a_demo_key_is_dropped_when_demo_mode_is_off(client, coordinator, settings):
    settings.DEMO_MODE = True
    device = second_factor.demo_device(coordinator)
    client.post(reverse("accounts:login"), {"username": coordinator.username, "password": TEST_PASSWORD})
    assert client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)}).url == TODAY
    assert client.get(TODAY).status_code == 200
    settings.DEMO_MODE = False
    response = client.get(TODAY)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:second_factor_enrol"))
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_wrong_codes_in_a_row_make_even_the_right_code_wait(client, coordinator, settings, login_with_password):
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1 and settings.OTP_STATIC_THROTTLE_FACTOR >= 1
    device = totp_device(coordinator)
    login_with_password(client, coordinator)
    verify = reverse("accounts:second_factor_verify")
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False) as clock:
        client.post(verify, {"token": "000000"})
        assert "Code incorrect ou expiré." in client.post(verify, {"token": current_code(device)}).text  # too soon
        for failures in range(1, 5):  # each wrong code doubles the wait: 1, 2, 4, 8 seconds…
            clock.shift(2 ** (failures - 1))
            client.post(verify, {"token": "000000"})
        clock.shift(1)
        refused = client.post(verify, {"token": current_code(device)})
        assert refused.status_code == 200 and "Trop de codes incorrects à la suite" in refused.text
        assert client.get(TODAY).status_code == 302
        clock.shift(2**4 + 30)
        assert client.post(verify, {"token": current_code(device)}).url == TODAY
    assert AuditEntry.objects.filter(action=AuditAction.OTP_FAILED, actor=coordinator).count() == 7


def test_wrong_passwords_on_the_confirmation_page_lock_the_account_too(client, coordinator, settings):
    client.force_login(coordinator)
    age_reauthentication(client)
    code = current_code(totp_device(coordinator))
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(reverse("accounts:reauth"), {"password": "devine", "token": code})
        assert wrong.status_code == 200 and "Mot de passe incorrect." in wrong.text
    locked = client.post(reverse("accounts:reauth"), {"password": "devine", "token": code})
    assert locked.status_code == 429 and "Compte temporairement verrouillé" in locked.text
    assert AccessAttempt.objects.filter(username=hashed_username(coordinator.username)).exists()
    assert client.post(reverse("accounts:reauth"), {"password": TEST_PASSWORD, "token": code}).status_code == 429
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, target_id=str(coordinator.pk)).exists()


def test_the_confirmation_page_goes_back_only_to_this_site(client, coordinator):
    client.force_login(coordinator)
    age_reauthentication(client)
    code = current_code(totp_device(coordinator))
    response = client.post(
        reverse("accounts:reauth"), {"password": TEST_PASSWORD, "token": code, "next": "https://ailleurs.example/"}
    )
    assert response.url == TODAY


def test_a_recent_confirmation_lets_a_deletion_through(client, coordinator, team):
    from prevex.situations.enums import EventKind
    from prevex.situations.tests.factories import EventFactory, SituationFactory

    event = EventFactory(situation=SituationFactory(team=team), kind=EventKind.NOTE, author=coordinator)
    client.force_login(coordinator)  # just logged in: password and code a moment ago
    response = client.post(reverse("situations:event_delete", args=[event.situation.public_id, event.pk]))
    assert response.status_code == 302 and response.url == event.situation.get_absolute_url()
    assert not event.situation.events.filter(pk=event.pk).exists()


def test_a_form_posted_after_a_while_comes_back_to_its_page_after_confirming(client, coordinator):
    client.force_login(coordinator)
    age_reauthentication(client)
    security = f"http://testserver{reverse('accounts:security')}"
    response = client.post(reverse("accounts:recovery_codes"), headers={"Referer": security})
    assert response.url.startswith(reverse("accounts:reauth"))
    code = current_code(totp_device(coordinator))
    confirmed = client.post(response.url, {"password": TEST_PASSWORD, "token": code, "next": security}, follow=True)
    assert confirmed.redirect_chain[-1][0] == security
    assert "Identité confirmée" in confirmed.text


def test_replacing_the_phone_or_the_recovery_codes_asks_to_confirm_identity(client, coordinator):
    client.force_login(coordinator)
    old_device = totp_device(coordinator)
    codes = second_factor.new_recovery_codes(coordinator)
    age_reauthentication(client)
    response = client.get(reverse("accounts:second_factor_enrol"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
    assert client.post(reverse("accounts:recovery_codes")).url.startswith(reverse("accounts:reauth"))
    assert remaining_recovery_codes(coordinator) == len(codes)  # the old codes still work
    age_reauthentication(client, seconds=0)
    page = client.get(reverse("accounts:second_factor_enrol"))
    assert page.status_code == 200 and "<svg" in page.text
    assert coordinator.totpdevice_set.filter(pk=old_device.pk, confirmed=True).exists()  # until the new one works


def test_a_recovery_code_typed_with_a_wrong_password_is_not_kept_by_the_lockout_table(client, coordinator):
    client.force_login(coordinator)
    age_reauthentication(client)
    code = second_factor.new_recovery_codes(coordinator)[0]
    client.post(reverse("accounts:reauth"), {"password": "devine", "token": code})
    attempt = AccessAttempt.objects.get()
    assert code not in f"{attempt.post_data} {attempt.get_data}"
