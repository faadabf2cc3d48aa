"""Retention: closed situations anonymised after the team's period, past bilans unchanged."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.demo.data import demo_load
from prevex.privacy import services
from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.situations.enums import ClosureReason, EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import EventFactory, SituationFactory

DEMO_DAY = dt.date(2026, 11, 28)
THREE_YEARS_LATER = dt.datetime(2029, 12, 1, 10, tzinfo=dt.UTC)


def bilans(team, today: dt.date) -> list[dict]:
    """The whole history as of today (cached state), and a past period as of a past date (timeline)."""
    start = dt.date(2024, 1, 1)
    past = DEMO_DAY - dt.timedelta(days=120)
    scopes = [
        BilanScope(team=team, start=start, end=today, as_of=today),
        BilanScope(team=team, start=start, end=past, as_of=past),
    ]
    return [compute_bilan(scope) for scope in scopes]


@pytest.mark.django_db
def test_anonymising_every_closed_situation_leaves_past_bilans_unchanged():
    team = demo_load(today=DEMO_DAY).team
    with time_machine.travel(THREE_YEARS_LATER, tick=False):
        today = dt.date(2029, 12, 1)
        before = bilans(team, today)
        due = services.due_for_retention(team, on=today)
        closed = Situation.objects.for_team(team).closed().count()
        # The households the social services already follow (the demo's answer to a préfecture list) left the
        # caseload: they are due after the same period, closed or not.
        followed = Situation.objects.for_team(team).open().filter(social_services=SocialServicesCheck.KNOWN)
        followed = followed.count()
        assert due.count() == closed + followed and closed > 100 and followed > 0
        services.apply_retention([team], today=today, wet=True)
        assert bilans(team, today) == before
    anonymised = Situation.objects.for_team(team).filter(anonymised_on__isnull=False)
    assert anonymised.count() == closed + followed
    assert set(anonymised.values_list("tenant_last_name", flat=True)) == {services.ANONYMOUS_NAME}
    assert not anonymised.exclude(phone="", email="", address="", tenant_first_name="", other_tenants="").exists()
    assert not Event.objects.filter(situation__in=anonymised).exclude(note="").exists()
    open_in_caseload = Situation.objects.for_team(team).open().in_caseload()
    assert not open_in_caseload.filter(anonymised_on__isnull=False).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISE).count() == closed + followed


@pytest.fixture
def closed_long_ago(team):
    situation = SituationFactory(team=team, tenant_last_name="Ancienne", phone="+33612345678")
    EventFactory(situation=situation, kind=EventKind.LETTER, occurred_on=dt.date(2024, 3, 5), note="vu M. X")
    EventFactory(
        situation=situation,
        kind=EventKind.CLOSURE,
        occurred_on=dt.date(2024, 4, 1),
        closure_reason=ClosureReason.SANS_CONTACT,
    )
    return situation


def test_the_period_counts_from_the_last_event_and_follows_the_team_setting(team, closed_long_ago):
    assert not services.due_for_retention(team, on=dt.date(2026, 3, 31)).exists()
    assert list(services.due_for_retention(team, on=dt.date(2026, 4, 2))) == [closed_long_ago]
    team.retention_months = 36
    assert not services.due_for_retention(team, on=dt.date(2026, 4, 2)).exists()


def test_an_open_situation_is_never_anonymised_by_retention(team):
    SituationFactory(team=team, received_on=dt.date(2020, 1, 1))
    assert not services.due_for_retention(team, on=dt.date(2029, 1, 1)).exists()


def test_the_command_lists_without_changing_anything_unless_wet(team, closed_long_ago):
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert f"essonne : 1 situation(s) à anonymiser\n  {closed_long_ago.reference}" in out.getvalue()
    assert "Aperçu seulement" in out.getvalue()
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.tenant_last_name == "Ancienne" and closed_long_ago.anonymised_on is None
    call_command("apply_retention", "--commit", "--team", "essonne", stdout=StringIO())
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.tenant_last_name == services.ANONYMOUS_NAME and closed_long_ago.phone == ""
    assert "ancienne" not in closed_long_ago.search_text


def test_every_writing_command_says_commit_and_the_old_wet_run_still_works(team, closed_long_ago):
    """One convention (import_suivi, import_prefecture, apply_retention): a dry run unless --commit."""
    from django.core.management import load_command_class

    for app, name in [("imports", "import_suivi"), ("intake", "import_prefecture"), ("privacy", "apply_retention")]:
        parser = load_command_class(f"prevex.{app}", name).create_parser("manage.py", name)
        help_text = " ".join(parser.format_help().split())
        assert "--commit" in help_text and "Sans --commit" in help_text and "--wet-run" not in help_text, name
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "(ajoutez --commit)" in out.getvalue()
    call_command("apply_retention", "--wet-run", stdout=StringIO())  # the former name, kept as an alias
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.anonymised_on is not None


def test_the_kept_import_file_goes_with_the_last_situation_it_brought(
    team, coordinator, settings, tmp_path, django_capture_on_commit_callbacks
):
    from prevex.intake.prefecture.services import batch_commit, batch_upload
    from prevex.territories.services import communes_load

    settings.MEDIA_ROOT = tmp_path
    communes_load(departement="91")
    data = "NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\nMARTIN;Léa;1 rue A;91300;Massy;20/05/2024\n".encode()
    batch = batch_upload(team=team, data=data, filename="liste.csv", user=coordinator, received_on=dt.date(2024, 3, 1))
    batch_commit(batch=batch, user=coordinator)
    stored = batch.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.anonymise(Situation.objects.get(import_batch=batch), actor=None, reason="retention")
    batch.refresh_from_db()
    assert not batch.file and not batch.file.storage.exists(stored)


def test_the_coordinator_sees_what_goes_next_month_and_sets_the_period(client, coordinator, team, closed_long_ago):
    client.force_login(coordinator)
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("privacy:retention"))
    assert closed_long_ago.reference in page.text and "Ancienne" not in page.text
    client.force_login(coordinator)  # the travelled session has expired
    refused = client.post(reverse("privacy:retention"), {"retention_months": 3})
    assert "Entre 6 et 120 mois" in refused.text
    client.post(reverse("privacy:retention"), {"retention_months": 36})
    team.refresh_from_db()
    assert team.retention_months == 36


def test_an_unknown_team_is_refused_with_the_commands_shared_message(team):
    with pytest.raises(CommandError, match="Équipe inconnue : « inconnue »."):
        call_command("apply_retention", "--team", "inconnue", stdout=StringIO())
