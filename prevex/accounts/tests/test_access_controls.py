"""Lockout, password reset, re-authentication and session expiry."""

import datetime as dt
import hashlib
import re
import time
from io import StringIO

import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from prevex.accounts.reauth import SESSION_KEY as REAUTH_KEY
from prevex.accounts.usernames import hashed_username
from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.tests.factories import TEST_PASSWORD


def test_five_failures_lock_the_account_until_an_administrator_unlocks_it(
    client, coordinator, login_with_password, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login_with_password(client, coordinator, "mauvais").status_code == 200
    assert login_with_password(client, coordinator, "mauvais").status_code == 429
    locked = login_with_password(client, coordinator)  # even the right password
    assert locked.status_code == 429 and "Compte temporairement verrouillé" in locked.text
    assert "30 minutes" in locked.text
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, target_id=str(coordinator.pk))
    assert failures.count() == 6  # five wrong passwords, then the right one refused while locked
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT).exists()
    call_command("axes_reset_username", coordinator.username, verbosity=0)
    assert login_with_password(client, coordinator).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, coordinator, login_with_password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_with_password(client, coordinator, "mauvais")
    later = dt.datetime.now(dt.UTC) + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert login_with_password(client, coordinator).status_code == 302


def test_a_failed_login_keeps_no_password_and_hashes_an_unknown_username(client, login_with_password, db):
    client.post(reverse("accounts:login"), {"username": "Secret-Mot-De-Passe", "password": "x"})
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert "Secret" not in str(entry.details) and entry.details["ip"]
    # a keyed HMAC (SECRET_KEY), not a plain hash anyone can recompute from a guess
    assert entry.details["username_hmac"] == hashed_username("Secret-Mot-De-Passe")
    assert hashlib.sha256(b"Secret-Mot-De-Passe").hexdigest()[:16] not in str(entry.details)
    attempt = AccessAttempt.objects.get()  # the lockout table neither
    assert "Secret" not in f"{attempt.username} {attempt.post_data} {attempt.get_data}"
    assert attempt.username == hashed_username("Secret-Mot-De-Passe")


def test_the_lockout_table_keeps_no_username_and_unlocking_takes_the_login(
    client, coordinator, login_with_password, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_with_password(client, coordinator, "mauvais")
    assert not AccessAttempt.objects.filter(username=coordinator.username).exists()
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, target_id=str(coordinator.pk)).exists()
    out = StringIO()
    call_command("axes_reset_username", coordinator.username, stdout=out)
    assert "1 attempts removed." in out.getvalue() and not AccessAttempt.objects.exists()
    assert login_with_password(client, coordinator).status_code == 302


def without_tokens(html: str) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_password_reset_says_the_same_whether_the_account_exists(client, coordinator):
    coordinator.email = "claire@example.org"
    coordinator.save()
    known = client.post(reverse("accounts:password_reset"), {"email": "claire@example.org"}, follow=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert without_tokens(known.text) == without_tokens(unknown.text)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["claire@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/compte/mot-de-passe-oublie/" in line)
    page = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]), follow=True)
    assert page.status_code == 200
    new_password = "Un-nouveau-mot-de-passe-91"
    response = client.post(page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new_password)
    asked = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET)
    assert asked.target_id == str(coordinator.pk) and asked.team == coordinator.membership.team
    changed = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGE)
    assert changed.target_id == str(coordinator.pk) and changed.details["how"] == "reset"
    assert changed.team == coordinator.membership.team


def ask_reset(client, email, ip="192.0.2.10"):
    response = client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True)
    return response.redirect_chain, without_tokens(response.text)


def test_password_reset_requests_are_throttled_per_address_and_per_client_address(client, coordinator, settings):
    coordinator.email = "claire@example.org"
    coordinator.save()
    settings.PREVEX_PASSWORD_RESET_PER_ADDRESS, settings.PREVEX_PASSWORD_RESET_PER_IP = 3, 5
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False) as clock:
        answers = [ask_reset(client, "claire@example.org") for _ in range(4)]
        assert len(mail.outbox) == 3  # the fourth within the hour sends nothing…
        assert all(answer == answers[0] for answer in answers)  # …and says the same
        ask_reset(client, "Claire@Example.org", ip="192.0.2.11")  # the address counts whatever the case and origin
        assert len(mail.outbox) == 3
        ask_reset(client, "personne@example.org")  # the fifth from this address: still counted, unknown or not
        ask_reset(client, "autre@example.org")
        coordinator.email = "autre@example.org"
        coordinator.save()
        ask_reset(client, "autre@example.org")  # the client address is over its limit
        assert len(mail.outbox) == 3
        assert ask_reset(client, "autre@example.org", ip="192.0.2.12") == answers[0]
        assert len(mail.outbox) == 4
        clock.shift(dt.timedelta(hours=1, minutes=1))
        coordinator.email = "claire@example.org"
        coordinator.save()
        ask_reset(client, "claire@example.org")
        assert len(mail.outbox) == 5  # an hour later, again


def test_an_export_asks_for_the_password_and_code_again_after_a_while(client, coordinator):
    client.force_login(coordinator)
    session = client.session
    session[REAUTH_KEY] = time.time() - 3600
    session.save()
    url = reverse("reports:bilan_xlsx") + "?start=2024-01-01&end=2024-12-31&as_of=2024-12-31"
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
    form = client.get(response.url)
    assert "Confirmer votre identité" in form.text
    from prevex.accounts.testing import current_code, totp_device

    wrong = client.post(response.url, {"password": "faux", "token": current_code(totp_device(coordinator))})
    assert "Mot de passe incorrect." in wrong.text
    done = client.post(
        response.url, {"password": TEST_PASSWORD, "token": current_code(totp_device(coordinator)), "next": url}
    )
    assert done.url == url
    assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_idle_session_expires(client, coordinator, settings):
    client.force_login(coordinator)
    assert client.get(reverse("outreach:today")).status_code == 200
    idle = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(idle, tick=False):
        response = client.get(reverse("outreach:today"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_login_is_journaled_when_the_second_factor_is_passed_not_at_the_password(
    client, coordinator, login_with_password
):
    from prevex.accounts.testing import current_code, totp_device

    journaled = AuditEntry.objects.filter(actor=coordinator).order_by("pk")
    login_with_password(client, coordinator)
    assert not journaled.filter(action=AuditAction.LOGIN).exists()  # the password alone is not a login
    client.post(reverse("accounts:second_factor_verify"), {"token": current_code(totp_device(coordinator))})
    client.post(reverse("accounts:logout"))
    assert list(journaled.values_list("action", flat=True)) == [AuditAction.LOGIN, AuditAction.LOGOUT]
    assert journaled.first().team == coordinator.membership.team and journaled.first().details["ip"] == "127.0.0.1"


def test_deleting_an_event_from_the_timeline_asks_to_confirm_identity_first(client, coordinator, team):
    from prevex.situations.enums import EventKind
    from prevex.situations.tests.factories import EventFactory, SituationFactory

    event = EventFactory(situation=SituationFactory(team=team), kind=EventKind.NOTE, author=coordinator)
    client.force_login(coordinator)
    session = client.session
    session[REAUTH_KEY] = time.time() - 3600
    session.save()
    url = reverse("situations:event_delete", args=[event.situation.public_id, event.pk])
    page = reverse("situations:detail", args=[event.situation.public_id])
    response = client.post(url, headers={"HX-Request": "true", "Referer": f"http://testserver{page}"})
    assert response["HX-Redirect"].startswith(reverse("accounts:reauth")) and "next=" in response["HX-Redirect"]
    assert event.situation.events.filter(pk=event.pk).exists()


def test_the_migration_hashes_the_usernames_the_lockout_table_kept_in_clear(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("prevex.accounts.migrations.0004_hash_usernames_in_the_lockout_table")
    AccessAttempt.objects.create(
        username="Secret-Mot-De-Passe",
        ip_address="192.0.2.1",
        user_agent="x",
        failures_since_start=5,
        attempt_time=dt.datetime.now(dt.UTC),
    )
    migration.hash_usernames(apps, None)
    migration.hash_usernames(apps, None)  # once only
    assert AccessAttempt.objects.get().username == hashed_username("Secret-Mot-De-Passe")
