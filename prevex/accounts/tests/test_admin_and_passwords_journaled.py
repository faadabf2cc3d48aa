"""The host's administrator cannot take someone's place unseen: no second-factor pages, no membership of their
own; memberships and passwords set in the admin, and by the users themselves, go to the team's journal."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.enums import Role
from prevex.organisations.models import Membership
from prevex.organisations.tests.factories import TEST_PASSWORD, TeamFactory, UserFactory

NEW_PASSWORD = "Un-autre-mot-de-passe-91"


@pytest.fixture
def host_admin(db):
    return UserFactory(username="hebergeur", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, host_admin):
    client.force_login(host_admin)
    return client


def journal(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters).order_by("pk")


def test_no_second_factor_device_is_in_the_admin(admin_client, coordinator):
    from prevex.accounts.testing import totp_device

    device = totp_device(coordinator)
    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert "otp_totp" not in admin_client.get(reverse("admin:index")).text


def test_the_administrator_cannot_give_themselves_a_membership(admin_client, host_admin, team, adil):
    response = admin_client.post(
        reverse("admin:organisations_membership_add"),
        {"user": host_admin.pk, "team": team.pk, "organisation": adil.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 200 and "demandez-le à un autre administrateur" in response.text
    assert not Membership.objects.filter(user=host_admin).exists()


def test_the_administrator_cannot_take_over_a_membership(admin_client, host_admin, coordinator, team, adil):
    membership = coordinator.membership
    url = reverse("admin:organisations_membership_change", args=[membership.pk])
    response = admin_client.post(
        url, {"user": host_admin.pk, "team": team.pk, "organisation": adil.pk, "role": Role.COORDINATOR}
    )
    assert response.status_code == 200 and "demandez-le à un autre administrateur" in response.text
    membership.refresh_from_db()
    assert membership.user == coordinator


def test_memberships_added_changed_and_removed_in_the_admin_are_journaled(admin_client, host_admin, team, adil):
    newcomer = UserFactory(username="nouvelle")
    add = reverse("admin:organisations_membership_add")
    admin_client.post(add, {"user": newcomer.pk, "team": team.pk, "organisation": adil.pk, "role": Role.JURISTE})
    membership = Membership.objects.get(user=newcomer)
    change = reverse("admin:organisations_membership_change", args=[membership.pk])
    admin_client.post(change, {"user": newcomer.pk, "team": team.pk, "organisation": adil.pk, "role": Role.COORDINATOR})
    other = TeamFactory(slug="autre", name="Autre équipe")
    admin_client.post(change, {"user": newcomer.pk, "team": other.pk, "role": Role.FUNDER})
    admin_client.post(reverse("admin:organisations_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(user=newcomer).exists()
    entries = journal(AuditAction.MEMBERSHIP, actor=host_admin, target_id=str(newcomer.pk))
    assert [(e.team.slug, e.details["change"], e.details["role"]) for e in entries] == [
        ("essonne", "add", Role.JURISTE),
        ("essonne", "change", Role.COORDINATOR),
        ("essonne", "delete", Role.COORDINATOR),  # moved: leaves one team's journal…
        ("autre", "add", Role.FUNDER),  # …and enters the other's
        ("autre", "delete", Role.FUNDER),
    ]


def test_memberships_removed_in_bulk_are_journaled(admin_client, host_admin, coordinator, social_worker):
    action = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [coordinator.membership.pk, social_worker.membership.pk],
    }
    admin_client.post(reverse("admin:organisations_membership_changelist"), action)
    assert not Membership.objects.exists()
    removed = journal(AuditAction.MEMBERSHIP, actor=host_admin, details__change="delete")
    assert {e.target_id for e in removed} == {str(coordinator.pk), str(social_worker.pk)}


def test_a_password_set_in_the_admin_is_journaled_in_the_team(admin_client, host_admin, coordinator):
    url = reverse("admin:auth_user_password_change", args=[coordinator.pk])
    response = admin_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true", "set-password": ""}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)
    entry = journal(AuditAction.PASSWORD_CHANGE, target_id=str(coordinator.pk)).get()
    assert entry.actor == host_admin and entry.team == coordinator.membership.team and entry.details["how"] == "admin"
    admin_client.post(url, {"password1": "court", "password2": "court", "set-password": ""})  # refused: not journaled
    assert journal(AuditAction.PASSWORD_CHANGE).count() == 1


def test_a_users_own_password_change_is_journaled(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    entry = journal(AuditAction.PASSWORD_CHANGE, target_id=str(coordinator.pk)).get()
    assert entry.actor == coordinator and entry.team == coordinator.membership.team and entry.details["how"] == "own"


def test_an_account_changed_in_the_admin_is_journaled_with_the_fields_changed(admin_client, host_admin, coordinator):
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    form = {
        "username": coordinator.username,
        "first_name": coordinator.first_name,
        "last_name": coordinator.last_name,
        "email": "ailleurs@example.org",
        "is_active": "on",
        "date_joined_0": "01/01/2024",
        "date_joined_1": "10:00:00",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = journal(AuditAction.UPDATE, target_id=str(coordinator.pk)).get()
    assert entry.actor == host_admin and entry.team == coordinator.membership.team
    assert "email" in entry.details["fields"] and "ailleurs" not in str(entry.details)
