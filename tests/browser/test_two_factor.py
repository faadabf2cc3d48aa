"""The second factor in a real browser: enrol an authenticator, log out, log in with a code, get locked out."""

import datetime as dt

import pytest
import time_machine
from django_otp.oath import TOTP
from playwright.sync_api import expect

from prevex.organisations.tests.factories import TEST_PASSWORD
from tests.browser.helpers import assert_no_horizontal_scroll, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, at: dt.datetime) -> str:
    """What an authenticator application shows for this base32 secret at that time."""
    from base64 import b32decode

    generator = TOTP(b32decode(secret.replace(" ", "")))
    generator.time = at.timestamp()
    return f"{generator.token():06d}"


def submit_password(page, live_server, user, password=TEST_PASSWORD):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_enrol_log_out_log_in_with_a_code_then_get_locked_out(page, live_server, coordinator, settings):
    submit_password(page, live_server, coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer le second facteur")
    expect(page.locator(".qr svg")).to_be_visible()
    assert_no_horizontal_scroll(page)
    violations = serious_violations(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code à 6 chiffres ou code de secours").fill(code_for(secret, dt.datetime.now(dt.UTC)))
    page.get_by_role("button", name="Confirmer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de secours")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    violations += serious_violations(page)
    page.get_by_role("link", name="Continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd'hui")
    page.get_by_role("button", name="Se déconnecter").click()

    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=31)  # a code is accepted once: the next period's
    with time_machine.travel(later, tick=False):
        submit_password(page, live_server, coordinator)
        expect(page.get_by_role("heading", level=1)).to_have_text("Code de vérification")
        violations += serious_violations(page)
        page.get_by_label("Code à 6 chiffres ou code de secours").fill(code_for(secret, later))
        page.get_by_role("button", name="Valider").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd'hui")
        page.get_by_role("button", name="Se déconnecter").click()

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        submit_password(page, live_server, coordinator, password="pas-le-bon")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte temporairement verrouillé")
    submit_password(page, live_server, coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte temporairement verrouillé")
    assert_no_horizontal_scroll(page)
    assert not violations, "\n".join(violations)
