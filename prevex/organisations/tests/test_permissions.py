from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.urls import reverse

from prevex.organisations.access import (
    action_required,
    case_worker_required,
    coordinator_required,
    member_required,
    permission_required_for_team,
)
from prevex.organisations.enums import Role
from prevex.organisations.permissions import ADMINISTRATOR, MATRIX, Action, can, matrix_markdown, roles_of
from prevex.organisations.tests.factories import UserFactory
from prevex.situations.tests.factories import EventFactory, SituationFactory

# The matrix spelled out again, cell by cell: changing a right means changing it here too, on purpose.
C, S, J, F, A = Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE, Role.FUNDER, ADMINISTRATOR
EXPECTED = {
    Action.WORK_ON_SITUATIONS: {C, S, J},
    Action.DELETE_OWN_EVENT: {C, S, J},
    Action.IMPORT_FILES: {C},
    Action.CHECK_SOCIAL_SERVICES: {C},
    Action.MANAGE_TEAM: {C},
    Action.READ_JOURNAL: {C},
    Action.EXERCISE_RIGHTS: {C},
    Action.MANAGE_RETENTION: {C},
    Action.VIEW_BILAN: {C, S, J, F},
    Action.EXPORT_BILAN: {C, S, J, F},
    Action.MANAGE_ACCOUNTS: {A},
}
ROLES = [C, S, J, F, A]


@pytest.fixture
def people(coordinator, social_worker, juriste, funder, db):
    return {C: coordinator, S: social_worker, J: juriste, F: funder,
            A: UserFactory(username="hebergeur", is_staff=True, is_superuser=True)}  # fmt: skip


def test_every_action_has_its_expected_roles():
    assert set(MATRIX) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLES)
def test_each_cell_of_the_matrix(people, role, action):
    assert can(people[role], action) is (role in EXPECTED[action])


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLES)
def test_each_cell_through_the_view_decorator(rf, people, role, action):
    """The decorators refuse what the matrix refuses; team actions also need a team (not the administrator)."""

    @permission_required_for_team(action)
    def view(request):
        return HttpResponse(request.membership.role)

    request = rf.get("/")
    request.user = people[role]
    if role in EXPECTED[action] and role != ADMINISTRATOR:
        assert view(request).content.decode() == role
    else:
        with pytest.raises(PermissionDenied):
            view(request)


def test_the_historical_decorator_names_are_actions_of_the_matrix():
    def view(request):
        return HttpResponse()

    assert case_worker_required(view).prevex_action == Action.WORK_ON_SITUATIONS
    assert coordinator_required(view).prevex_action == Action.MANAGE_TEAM
    assert member_required(view).prevex_action == Action.VIEW_BILAN
    assert permission_required_for_team is action_required
    with pytest.raises(ValueError, match="unknown action"):
        action_required("read_everything")


def test_an_anonymous_visitor_or_an_account_without_team_or_staff_status_may_do_nothing(outsider, rf):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(outsider, action) for action in Action)
    assert not any(can(AnonymousUser(), action) for action in Action)


def test_a_superuser_gets_no_case_right_from_being_superuser(db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert [action for action in Action if can(root, action)] == [Action.MANAGE_ACCOUNTS]


def test_a_staff_member_of_a_team_has_their_role_and_the_administrator_s_rights(social_worker):
    social_worker.is_staff = True
    assert roles_of(social_worker) == {S, A}
    assert {action for action in Action if can(social_worker, action)} == {
        action for action, roles in EXPECTED.items() if S in roles or A in roles
    }


def test_a_deactivated_account_may_do_nothing(coordinator):
    coordinator.is_active = False
    assert roles_of(coordinator) == frozenset()
    assert not any(can(coordinator, action) for action in Action)


def test_only_its_author_corrects_an_event(team, coordinator, social_worker, funder):
    event = EventFactory(situation=SituationFactory(team=team), author=social_worker)
    assert can(social_worker, Action.DELETE_OWN_EVENT, event) and event.is_editable_by(social_worker)
    assert not can(coordinator, Action.DELETE_OWN_EVENT, event) and not event.is_editable_by(coordinator)
    # The author's role must still allow it.
    funder_event = EventFactory(situation=event.situation, author=funder)
    assert not funder_event.is_editable_by(funder)
    assert not EventFactory(situation=event.situation, author=None).is_editable_by(coordinator)


@pytest.mark.parametrize(
    ("role", "links", "hidden"),
    [
        (C, ["situations:list", "intake:upload", "organisations:sectors", "audit:team_journal", "reports:bilan"], []),
        (S, ["situations:list", "reports:bilan"], ["intake:upload", "organisations:sectors", "audit:team_journal"]),
        (F, ["reports:bilan"], ["situations:list", "intake:dashboard", "privacy:retention"]),
        (A, ["admin:index"], ["situations:list", "reports:bilan"]),
    ],
)
def test_the_navigation_follows_the_matrix(client, people, role, links, hidden):
    client.force_login(people[role])
    html = client.get(reverse("accounts:security")).text
    nav = html[html.index("<nav") : html.index("</nav>")]
    for name in links:
        assert f'href="{reverse(name)}"' in nav, name
    for name in hidden:
        assert f'href="{reverse(name)}"' not in nav, name


def test_the_admin_lets_in_the_staff_only(client, coordinator, people):
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 302
    coordinator.is_staff = True
    coordinator.save()
    assert client.get(reverse("admin:index")).status_code == 200
    client.force_login(people[A])
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_never_shows_a_second_factor_secret(client, people, coordinator):
    from prevex.accounts.testing import totp_device

    device = totp_device(coordinator)
    client.force_login(people[A])
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").status_code == 404  # no device pages
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 404
    assert device.key not in client.get(reverse("admin:accounts_user_change", args=[coordinator.pk])).text


def test_the_documentation_shows_the_matrix_of_the_code():
    roles_md = (Path(settings.BASE_DIR) / "docs" / "roles.md").read_text()
    assert matrix_markdown() in roles_md
    call_command("roles_matrix", "--check")


def test_the_roles_matrix_command_prints_and_rewrites_the_table(tmp_path, monkeypatch, capsys):
    from prevex.organisations.management.commands import roles_matrix

    call_command("roles_matrix")
    assert capsys.readouterr().out.strip() == matrix_markdown()

    document = tmp_path / "roles.md"
    document.write_text(f"# Rôles\n\n{roles_matrix.START}\n| old |\n{roles_matrix.END}\n\nSuite.\n")
    monkeypatch.setattr(roles_matrix, "roles_document", lambda: document)
    with pytest.raises(CommandError, match="ne reflète pas"):
        call_command("roles_matrix", "--check")
    call_command("roles_matrix", "--write")
    assert (
        document.read_text() == f"# Rôles\n\n{roles_matrix.START}\n{matrix_markdown()}\n{roles_matrix.END}\n\nSuite.\n"
    )
    call_command("roles_matrix", "--check")
