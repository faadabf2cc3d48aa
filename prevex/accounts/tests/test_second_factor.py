import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts import second_factor
from prevex.accounts.testing import current_code, remaining_recovery_codes, totp_device
from prevex.audit.models import AuditAction, AuditEntry

TODAY = reverse("outreach:today")


def enrol(client, user):
    """Enrol from the QR page, reading the secret shown, and return the recovery codes shown once."""
    page = client.get(reverse("accounts:second_factor_enrol"))
    assert "<svg" in page.text
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.text).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") == second_factor.secret_of(device).replace(" ", "")
    response = client.post(reverse("accounts:second_factor_enrol"), {"token": current_code(device)})
    assert response.url == reverse("accounts:recovery_codes")
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", client.get(response.url).text)
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    return codes


def test_no_page_with_personal_data_before_the_second_factor(client, coordinator, login_with_password):
    response = login_with_password(client, coordinator)
    assert response.status_code == 302
    response = client.get(TODAY)
    assert response.url.startswith(reverse("accounts:second_factor_enrol"))  # first time: enrolment
    assert client.get(reverse("situations:list")).status_code == 302
    assert client.get(reverse("reports:bilan")).status_code == 302


def test_enrolment_then_each_login_asks_for_a_code(client, coordinator, login_with_password):
    login_with_password(client, coordinator)
    enrol(client, coordinator)
    assert client.get(TODAY).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.OTP_ENROL, actor=coordinator).exists()

    client.post(reverse("accounts:logout"))
    login_with_password(client, coordinator)
    response = client.get(TODAY)
    assert response.url.startswith(reverse("accounts:second_factor_verify"))
    wrong = client.post(reverse("accounts:second_factor_verify"), {"token": "000000", "next": TODAY})
    assert "Code incorrect ou expiré." in wrong.text
    assert AuditEntry.objects.filter(action=AuditAction.OTP_FAILED, actor=coordinator).count() == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    with time_machine.travel(later, tick=False):  # the next period's code (a code is used once, and throttled)
        device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
        device.throttle_reset()
        response = client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device), "next": TODAY})
    assert response.url == TODAY


def test_an_unverified_session_cannot_replace_the_phone(client, coordinator, login_with_password):
    totp_device(coordinator)
    login_with_password(client, coordinator)
    response = client.get(reverse("accounts:second_factor_enrol"))
    assert response.url == reverse("accounts:second_factor_verify")


def test_a_recovery_code_works_once(client, coordinator, login_with_password):
    login_with_password(client, coordinator)
    codes = enrol(client, coordinator)
    client.post(reverse("accounts:logout"))
    login_with_password(client, coordinator)
    assert client.post(reverse("accounts:second_factor_verify"), {"token": codes[0]}).url == TODAY
    client.post(reverse("accounts:logout"))
    login_with_password(client, coordinator)
    refused = client.post(reverse("accounts:second_factor_verify"), {"token": codes[0]})
    assert refused.status_code == 200 and "Code incorrect" in refused.text
    assert remaining_recovery_codes(coordinator) == len(codes) - 1


def test_new_recovery_codes_replace_the_old_ones(client, coordinator):
    client.force_login(coordinator)
    old = second_factor.new_recovery_codes(coordinator)
    client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<code>([a-z0-9-]+)</code>", client.get(reverse("accounts:recovery_codes")).text)
    assert len(new) == second_factor.RECOVERY_CODE_COUNT and not set(old) & set(new)
    assert "déjà été affichés" in client.get(reverse("accounts:recovery_codes")).text  # shown once


def test_a_reset_second_factor_means_enrolling_again(client, coordinator, login_with_password):
    totp_device(coordinator)
    second_factor.reset_second_factor(coordinator, actor=None)
    login_with_password(client, coordinator)
    assert client.get(TODAY).url.startswith(reverse("accounts:second_factor_enrol"))


@pytest.mark.parametrize("demo_mode", [True, False])
def test_demo_accounts_pass_with_the_printed_secret_only_in_demo_mode(
    client, coordinator, settings, demo_mode, login_with_password
):
    settings.DEMO_MODE = demo_mode
    coordinator.is_demo = demo_mode  # only an account demo_data created is shown its code
    coordinator.save(update_fields=["is_demo"])
    device = second_factor.demo_device(coordinator)
    login_with_password(client, coordinator)
    page = client.get(reverse("accounts:second_factor_verify") if demo_mode else TODAY, follow=True)
    if demo_mode:
        assert f"le code actuel de ce compte est <strong>{current_code(device)}</strong>" in page.text
        assert client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)}).url == TODAY
    else:
        assert "code actuel" not in page.text
        assert page.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_enrol"))
        refused = client.post(reverse("accounts:second_factor_verify"), {"token": current_code(device)})
        assert refused.status_code == 200 and client.get(TODAY).status_code == 302


def test_the_administrator_resets_a_lost_second_factor_from_the_admin(client, coordinator):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("hebergeur", "admin@example.org", "Un-mot-de-passe-long-91")
    totp_device(coordinator)
    client.force_login(admin)
    action = {"action": "reset_second_factors", "_selected_action": [coordinator.pk]}
    response = client.post(reverse("admin:accounts_user_changelist"), action, follow=True)
    assert "Second facteur réinitialisé" in response.text
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    reset = AuditEntry.objects.get(actor=admin, action=AuditAction.OTP_RESET, target_id=str(coordinator.pk))
    assert reset.team == coordinator.membership.team  # in the journal of the account's team
