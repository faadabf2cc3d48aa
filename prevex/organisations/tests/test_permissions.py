from pathlib import Path

import pytest
from django.conf import settings

from prevex.organisations.enums import Role
from prevex.organisations.permissions import ADMINISTRATOR, MATRIX, Action, can, matrix_markdown
from prevex.organisations.tests.factories import UserFactory

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


@pytest.fixture
def people(coordinator, social_worker, juriste, funder, db):
    return {C: coordinator, S: social_worker, J: juriste, F: funder,
            A: UserFactory(username="hebergeur", is_staff=True, is_superuser=True)}  # fmt: skip


def test_every_action_has_its_expected_roles():
    assert set(MATRIX) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", [C, S, J, F, A])
def test_each_cell_of_the_matrix(people, role, action):
    assert can(people[role], action) is (role in EXPECTED[action])


def test_an_account_without_team_or_staff_status_may_do_nothing(outsider):
    assert not any(can(outsider, action) for action in Action)


def test_a_superuser_gets_no_case_right_from_being_superuser(db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert [action for action in Action if can(root, action)] == [Action.MANAGE_ACCOUNTS]


def test_the_documentation_shows_the_matrix_of_the_code():
    roles_md = (Path(settings.BASE_DIR) / "docs" / "roles.md").read_text()
    assert matrix_markdown() in roles_md
