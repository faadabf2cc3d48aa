"""The demo's préfecture lists and social-services answer: imported through the real pipeline, so the
identification dashboard has something to show as soon as `make run` has loaded the demo."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db.models import F
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from prevex.demo.identification import PROFILE_NAME
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.organisations.enums import Role
from prevex.organisations.models import Team
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation


@override_settings(DEMO_MODE=True)
class TestDemoIdentification(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo_data", stdout=StringIO())
        cls.team = Team.objects.get(slug="essonne")
        cls.coordinator = cls.team.memberships.get(role=Role.COORDINATOR).user

    def test_the_identification_dashboard_shows_non_zero_figures(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("intake:dashboard"))
        assert response.status_code == 200
        weeks = response.context["weeks"]
        assert sum(week.lists for week in weeks) == 2
        assert len([week for week in weeks if week.lists]) == 2  # received in two different weeks
        totals = response.context["totals"]  # one row at least of each decision the lists show
        shown = ("new", "update", "duplicate", "not_eligible", "error")
        assert {decision: totals[decision] > 0 for decision in shown} == dict.fromkeys(shown, True)
        assert response.context["waiting_check"] > 0
        assert len(response.context["uncontacted"]) > 0
        body = response.content.decode()
        assert "<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>" not in body  # the period's totals

    def test_the_lists_and_the_answer_went_through_the_upload_pages_use_cases(self):
        lists = ImportBatch.objects.for_team(self.team).of_kind(ImportKind.PREFECTURE).order_by("received_on")
        assert [batch.status for batch in lists] == [ImportStatus.COMMITTED] * 2
        assert all(batch.file and batch.uploaded_by == self.coordinator for batch in lists)
        # The first list's columns were confirmed and saved as a profile, which then mapped the second list.
        assert [batch.summary["profile"] for batch in lists] == [PROFILE_NAME] * 2
        listed = Situation.objects.filter(import_batch__in=lists)
        assert listed.count() == sum(batch.summary["written"]["created"] for batch in lists) > 20
        assert not listed.filter(import_row__isnull=True).exists()
        answer = ImportBatch.objects.for_team(self.team).of_kind(ImportKind.SOCIAL_SERVICES).get()
        assert answer.status == ImportStatus.COMMITTED
        checks = set(listed.values_list("social_services", flat=True))
        assert checks == {SocialServicesCheck.KNOWN, SocialServicesCheck.NOT_KNOWN, SocialServicesCheck.TO_CHECK}
        # The households already followed and the postponed hearings get a note on their timeline, by the coordinator.
        notes = Event.objects.filter(situation__in=listed, kind=EventKind.NOTE)
        known = listed.filter(social_services=SocialServicesCheck.KNOWN)
        assert set(known.values_list("pk", flat=True)) <= set(notes.values_list("situation", flat=True))
        assert notes.count() >= known.count() + lists[1].summary["update"]
        assert set(notes.values_list("author", flat=True)) == {self.coordinator.pk}

    def test_the_lists_are_dated_relative_to_today(self):
        today = timezone.localdate()
        lists = ImportBatch.objects.for_team(self.team).of_kind(ImportKind.PREFECTURE)
        assert lists.count() == 2
        assert all(today - dt.timedelta(days=30) <= batch.received_on < today for batch in lists)
        for batch in lists:  # no hearing already held, none absurdly far: the preview flagged nothing
            assert not [row for row in batch.summary["details"] if row["warnings"]]
        listed = Situation.objects.filter(import_batch__in=lists)
        assert not listed.filter(hearing_date__lte=today).exists()
        assert not listed.filter(hearing_date__gt=today + dt.timedelta(days=120)).exists()
        assert not listed.exclude(assignation_date__lt=F("received_on")).exists()
