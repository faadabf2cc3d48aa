from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.urls import reverse

from prevex.organisations.access import action_required
from prevex.organisations.enums import Role
from prevex.organisations.permissions import ADMINISTRATOR, MATRIX, Action, can, matrix_markdown, roles_of
from prevex.organisations.tests.factories import UserFactory
from prevex.situations.tests.factories import EventFactory, SituationFactory

# The matrix spelled out again, cell by cell: changing a right means changing it here too, on purpose.
C, S, J, F, A = Role.COORDINATOR, Role.SOCIAL_WORKER, Role.JURISTE, Role.FUNDER, ADMINISTRATOR
EXPECTED = {
    Action.WORK_ON_SITUATIONS: {C, S, J},
    Action.DELETE_OWN_EVENT: {C, S, J},
    Action.CORRECT_ANY_EVENT: {C},
    Action.SEE_TEAM_CASELOAD: {C},
    Action.IMPORT_FILES: {C},
    Action.CHECK_SOCIAL_SERVICES: {C},
    Action.SEND_LETTERS: {C, S, J},
    Action.SEND_MESSAGES: {C, S, J},
    Action.MANAGE_MESSAGE_TEMPLATES: {C},
    Action.HANDLE_REPLIES: {C},
    Action.PLAN_ROUNDS: {C, S, J},
    Action.PAUSE_OUTREACH: {C},
    Action.MANAGE_OUTREACH: {C},
    Action.MANAGE_TEAM: {C},
    Action.READ_JOURNAL: {C},
    Action.EXERCISE_RIGHTS: {C},
    Action.MANAGE_RETENTION: {C},
    Action.VIEW_BILAN: {C, S, J, F},
    Action.EXPORT_BILAN: {C, S, J, F},
    Action.SUPPORT_NOTES: {C, S, J},
    Action.MANAGE_ACCOUNTS: {A},
    Action.RECORD_PROCEDURE_ACTS: {J},
    Action.RECORD_CONSENT: {C, S, J},
    Action.PREPARE_HEARING: {C, J},
    Action.DSF_CONTRIBUTION: {C, S, J},
    Action.READ_DIAGNOSIS: {C, S, J},
    Action.WRITE_DIAGNOSIS: {C, S},  # the juriste reads the diagnosis, the social workers write it
    Action.MANAGE_ACTION_CATALOGUE: {C},
}
ROLES = [C, S, J, F, A]


@pytest.fixture
def people(coordinator, social_worker, juriste, funder, db):
    return {
        C: coordinator,
        S: social_worker,
        J: juriste,
        F: funder,
        A: UserFactory(username="hebergeur", is_staff=True, is_superuser=True),
    }


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

    @action_required(action)
    def view(request):
        return HttpResponse(request.membership.role)

    request = rf.get("/")
    request.user = people[role]
    if role in EXPECTED[action] and role != ADMINISTRATOR:
        assert view(request).content.decode() == role
    else:
        with pytest.raises(PermissionDenied):
            view(request)


def test_the_decorator_knows_only_the_actions_of_the_matrix():
    def view(request):
        return HttpResponse()

    assert action_required(Action.MANAGE_TEAM)(view).prevex_actions == (Action.MANAGE_TEAM,)
    with pytest.raises(ValueError, match="unknown action"):
        action_required("read_everything")
    with pytest.raises(ValueError, match="unknown action"):
        can(UserFactory.build(), "read_everything")


def test_no_view_uses_an_alias_of_the_matrix():
    """One authority: the old role-named decorators are gone, every view names its action."""
    from prevex.organisations import access

    assert not {
        "case_worker_required",
        "coordinator_required",
        "member_required",
        "permission_required_for_team",
    } & set(vars(access))


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


def test_its_author_or_a_coordinator_corrects_an_event(
    team, coordinator, social_worker, juriste, funder, other_team_member
):
    event = EventFactory(situation=SituationFactory(team=team), author=social_worker)
    assert can(social_worker, Action.DELETE_OWN_EVENT, event) and event.is_editable_by(social_worker)
    assert not can(coordinator, Action.DELETE_OWN_EVENT, event)
    assert can(coordinator, Action.CORRECT_ANY_EVENT, event) and event.is_editable_by(coordinator)
    assert not event.is_editable_by(juriste) and not event.is_editable_by(funder)
    assert not event.is_editable_by(other_team_member)  # a coordinator, of another team
    # The author's role must still allow it.
    funder_event = EventFactory(situation=event.situation, author=funder)
    assert not funder_event.is_editable_by(funder)
    imported = EventFactory(situation=event.situation, author=None)
    assert imported.is_editable_by(coordinator) and not imported.is_editable_by(social_worker)


HTMX = {"headers": {"HX-Request": "true"}}


def _event_url(event, page):
    return reverse(f"situations:{page}", args=[event.situation.public_id, event.pk])


def test_a_coordinator_corrects_and_deletes_a_colleague_s_event_and_the_journal_says_whose(
    client, team, coordinator, social_worker
):
    from prevex.audit.models import AuditAction, AuditEntry

    event = EventFactory(situation=SituationFactory(team=team), kind="note", note="Appel", author=social_worker)
    client.force_login(coordinator)
    detail = client.get(event.situation.get_absolute_url()).text
    assert _event_url(event, "event_edit") in detail and _event_url(event, "event_delete") in detail

    response = client.post(_event_url(event, "event_edit"), {"edit-occurred_on": "2024-03-06", "edit-note": "Rappel"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.note, event.author) == ("Rappel", social_worker)  # still the colleague's entry
    correction = AuditEntry.objects.get(action=AuditAction.UPDATE, target_type="situations.event")
    assert correction.actor == coordinator and correction.details["author"] == social_worker.pk

    assert client.post(_event_url(event, "event_delete")).status_code == 302
    deletion = AuditEntry.objects.get(action=AuditAction.DELETE, target_type="situations.event")
    assert deletion.actor == coordinator and deletion.details["author"] == social_worker.pk


def test_one_s_own_correction_names_no_other_author(client, team, social_worker):
    from prevex.audit.models import AuditAction, AuditEntry

    event = EventFactory(situation=SituationFactory(team=team), kind="note", note="Appel", author=social_worker)
    client.force_login(social_worker)
    client.post(_event_url(event, "event_edit"), {"edit-occurred_on": "2024-03-06", "edit-note": "Rappel"})
    assert "author" not in AuditEntry.objects.get(action=AuditAction.UPDATE).details


@pytest.mark.parametrize("who", ["social_worker", "juriste"])
def test_a_case_worker_may_not_correct_a_colleague_s_event(client, request, team, coordinator, who):
    event = EventFactory(situation=SituationFactory(team=team), kind="note", note="Appel", author=coordinator)
    client.force_login(request.getfixturevalue(who))
    assert _event_url(event, "event_edit") not in client.get(event.situation.get_absolute_url()).text
    assert client.get(_event_url(event, "event_edit")).status_code == 403
    assert client.post(_event_url(event, "event_edit"), {"edit-occurred_on": "2024-03-06"}).status_code == 403
    assert client.post(_event_url(event, "event_delete"), **HTMX).status_code == 403
    event.refresh_from_db()
    assert event.note == "Appel"


def test_the_event_buttons_and_views_follow_the_matrix(client, monkeypatch, team, coordinator, social_worker):
    event = EventFactory(situation=SituationFactory(team=team), kind="note", note="Appel", author=coordinator)
    monkeypatch.setitem(MATRIX, Action.CORRECT_ANY_EVENT, (C, S))
    client.force_login(social_worker)
    assert _event_url(event, "event_edit") in client.get(event.situation.get_absolute_url()).text
    assert client.get(_event_url(event, "event_edit")).status_code == 200
    monkeypatch.setitem(MATRIX, Action.DELETE_OWN_EVENT, ())
    monkeypatch.setitem(MATRIX, Action.CORRECT_ANY_EVENT, ())
    client.force_login(coordinator)
    assert _event_url(event, "event_edit") not in client.get(event.situation.get_absolute_url()).text
    assert client.get(_event_url(event, "event_edit")).status_code == 403


def test_the_situations_one_reaches_follow_the_matrix(monkeypatch, team, juriste, coordinator):
    from prevex.situations.models import Situation

    situation = SituationFactory(team=team)
    assert list(Situation.objects.visible_by(juriste)) == [situation]
    monkeypatch.setitem(MATRIX, Action.WORK_ON_SITUATIONS, (C,))
    assert not Situation.objects.visible_by(juriste).exists()
    assert list(Situation.objects.visible_by(coordinator)) == [situation]


def _today(client, user):
    import datetime as dt

    import time_machine

    client.force_login(user)
    with time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False):
        return client.get(reverse("outreach:today"))


def test_the_home_page_follows_the_matrix(client, monkeypatch, team, social_worker, funder):
    situation = SituationFactory(team=team, reference="EM91-00042")  # nobody's referent: the team's caseload
    assert _today(client, funder).url == reverse("reports:bilan")
    assert "EM91-00042" not in _today(client, social_worker).text
    monkeypatch.setitem(MATRIX, Action.SEE_TEAM_CASELOAD, (C, S))
    assert situation.reference in _today(client, social_worker).text
    monkeypatch.setitem(MATRIX, Action.WORK_ON_SITUATIONS, (C, J, F))
    assert _today(client, social_worker).url == reverse("reports:bilan")
    assert _today(client, funder).status_code == 200
    monkeypatch.setitem(MATRIX, Action.VIEW_BILAN, ())
    monkeypatch.setitem(MATRIX, Action.WORK_ON_SITUATIONS, (C,))
    assert _today(client, social_worker).status_code == 403


def test_the_navigation_and_the_pages_links_follow_a_changed_matrix(client, monkeypatch, social_worker):
    client.force_login(social_worker)
    monkeypatch.setitem(MATRIX, Action.READ_JOURNAL, (C, S))
    monkeypatch.setitem(MATRIX, Action.CHECK_SOCIAL_SERVICES, (C, S))
    monkeypatch.setitem(MATRIX, Action.VIEW_BILAN, (C,))
    nav = client.get(reverse("accounts:security")).text
    assert f'href="{reverse("journal:team_journal")}"' in nav and f'href="{reverse("reports:bilan")}"' not in nav
    assert reverse("intake:social_services") in client.get(reverse("intake:dashboard")).text
    assert client.get(reverse("journal:team_journal")).status_code == 200
    assert client.get(reverse("reports:bilan")).status_code == 403


def test_the_referents_one_may_choose_follow_the_matrix(monkeypatch, team, coordinator, social_worker, funder):
    from prevex.situations.forms import SituationFilterForm

    assert set(SituationFilterForm(team=team).fields["referent"].queryset) == {coordinator, social_worker}
    monkeypatch.setitem(MATRIX, Action.WORK_ON_SITUATIONS, (C,))
    assert set(SituationFilterForm(team=team).fields["referent"].queryset) == {coordinator}


def test_the_exact_bilan_follows_the_matrix(monkeypatch, funder, juriste):
    from prevex.reports.secrecy import sees_exact_figures

    assert sees_exact_figures(juriste) and not sees_exact_figures(funder)
    monkeypatch.setitem(MATRIX, Action.WORK_ON_SITUATIONS, (C, F))
    assert sees_exact_figures(funder) and not sees_exact_figures(juriste)


def test_templates_ask_the_matrix_about_an_object(team, coordinator, social_worker, rf):
    from django.template import Context, Template

    event = EventFactory(situation=SituationFactory(team=team), author=social_worker)
    template = Template('{% load permissions %}{% can "correct_any_event" event as may %}{{ may }}')
    for user, expected in [(coordinator, "True"), (social_worker, "False")]:
        request = rf.get("/")
        request.user = user
        assert template.render(Context({"request": request, "event": event})) == expected


@pytest.mark.parametrize(
    ("role", "links", "hidden"),
    [
        (C, ["situations:list", "intake:upload", "organisations:sectors", "journal:team_journal", "reports:bilan"], []),
        (S, ["situations:list", "reports:bilan"], ["intake:upload", "organisations:sectors", "journal:team_journal"]),
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
