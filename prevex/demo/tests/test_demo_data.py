import datetime as dt
from base64 import b32encode
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.demo.data import DEMO_PASSWORD, DEMO_USERS, HISTORY_DAYS
from prevex.demo.support import HOUSEHOLDS
from prevex.organisations.enums import OrganisationKind, Role
from prevex.organisations.models import Organisation, SectorAssignee, Team
from prevex.situations.enums import ClosureReason, EventKind, HearingPresence, LandlordKind, Stage, VisitOutcome
from prevex.situations.models import Event, Situation
from prevex.support.diagnosis.models import Diagnosis
from prevex.support.notes.models import Consent, ConsentScope
from prevex.support.procedure.acts import situation_deadlines

DEMO_ACTS = {"lease_signed", "cdp_served", "ccapex_signalement", "prefet_notified"}


def demo_data(*args) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_to_run_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="PREVEX_DEMO"):
        demo_data()
    assert not Situation.objects.exists()


@pytest.mark.django_db
def test_force_loads_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    demo_data("--force")
    assert 300 <= Situation.objects.count() <= 400


@override_settings(DEMO_MODE=True)
class TestDemoData(TestCase):
    """The demo is loaded once for these tests (it takes a couple of seconds)."""

    @classmethod
    def setUpTestData(cls):
        cls.first_run = demo_data()

    def test_is_loaded_once_and_says_so_the_second_time(self):
        assert "Données de démonstration chargées" in self.first_run
        counts = (Situation.objects.count(), Event.objects.count(), Organisation.objects.count())
        second = demo_data()
        assert "rien à faire" in second
        assert (Situation.objects.count(), Event.objects.count(), Organisation.objects.count()) == counts
        assert DEMO_PASSWORD in second  # the logins are printed every time
        for demo_user in DEMO_USERS:  # with the key of each account's (demo-only) authenticator application
            device = TOTPDevice.objects.get(user__username=demo_user.username, confirmed=True)
            key = b32encode(device.bin_key).decode()
            assert " ".join(key[index : index + 4] for index in range(0, len(key), 4)) in second

    def test_each_role_has_a_user_who_can_log_in_with_the_demo_password(self):
        team = Team.objects.get(slug="essonne")
        assert team.name == "Équipe mobile de l'Essonne"
        roles = {}
        for demo_user in DEMO_USERS:
            user = authenticate(RequestFactory().post("/"), username=demo_user.username, password=DEMO_PASSWORD)
            assert user is not None, demo_user.username
            assert user.membership.team == team
            roles.setdefault(user.membership.role, []).append(user)
        assert {role: len(users) for role, users in roles.items()} == {
            Role.COORDINATOR: 1,
            Role.SOCIAL_WORKER: 2,
            Role.JURISTE: 2,
            Role.FUNDER: 1,
        }
        assert {u.membership.organisation.name for u in roles[Role.SOCIAL_WORKER]} == {"Tout Azimut"}
        assert {u.membership.organisation.name for u in roles[Role.JURISTE]} == {"ADIL 91"}
        assert roles[Role.FUNDER][0].membership.organisation is None
        assert SectorAssignee.objects.filter(sector__team=team).count() == 2 * team.sectors.count()

    def test_every_stage_and_closure_reason_is_represented(self):
        assert set(Situation.objects.open().values_list("stage", flat=True)) == set(Stage.values)
        assert set(Situation.objects.closed().values_list("closure_reason", flat=True)) == set(ClosureReason.values)
        kinds = set(Event.objects.values_list("kind", flat=True))
        assert kinds == set(EventKind.values)
        assert Event.objects.filter(kind=EventKind.VISIT, is_joint=True).exists()
        assert set(Event.objects.exclude(visit_outcome="").values_list("visit_outcome", flat=True)) == set(
            VisitOutcome.values
        )
        presences = Event.objects.exclude(hearing_presence="").values_list("hearing_presence", flat=True)
        assert set(presences) == set(HearingPresence.values)
        assert set(Situation.objects.values_list("landlord_kind", flat=True)) == set(LandlordKind.values)
        private = Situation.objects.exclude(landlord_kind=LandlordKind.BAILLEUR_SOCIAL).count()
        assert private > 0.8 * Situation.objects.count()

    def test_timelines_are_coherent_and_never_in_the_future(self):
        today = timezone.localdate()
        assert not Event.objects.filter(occurred_on__gt=today).exists()
        assert not Situation.objects.filter(received_on__lt=today - dt.timedelta(days=HISTORY_DAYS)).exists()
        for situation in Situation.objects.select_related("commune").annotate(last=Max("events__occurred_on")):
            assert situation.commune.departement == "91"
            assert situation.commune.has_postal_code(situation.postal_code)
            assert situation.search_text  # set although bulk_create skips save()
            assert situation.referents.count() == 2
            events = list(situation.events.chronological())
            # The procedure's acts precede the reception: the préfecture's list comes from the assignation.
            assert all(
                event.occurred_on >= situation.received_on for event in events if event.kind != EventKind.PROCEDURE_ACT
            )
            first = {}
            for event in events:
                first.setdefault(event.kind, event.occurred_on)
            if EventKind.VISIT in first:  # the first letter announces the visits
                assert first[EventKind.LETTER] <= first[EventKind.VISIT]
            if EventKind.ADHESION in first:  # one agrees once reached
                reached = [
                    e.occurred_on for e in events if e.kind == EventKind.TENANT_CONTACT or e.visit_outcome == "met"
                ]
                assert min(reached) <= first[EventKind.ADHESION]
            if situation.is_closed:  # nothing happens after a closure, unless the situation was reopened
                assert situation.last == situation.closed_on
        assert Event.objects.filter(author__isnull=True).count() == 0

    def test_a_few_accompanied_households_have_their_diagnosis_consent_and_procedure(self):
        today = timezone.localdate()
        with_diagnosis = Situation.objects.filter(diagnoses__isnull=False).distinct()
        assert with_diagnosis.count() == HOUSEHOLDS
        assert set(with_diagnosis.values_list("stage", flat=True)) == {Stage.ACCOMPANIED}
        assert Diagnosis.objects.filter(number=2).exists()  # the history shows what changed
        assert Consent.objects.filter(scope=ConsentScope.COURT).exists()  # the judge's sheet prints
        for situation in with_diagnosis:
            assert situation.share_consents.exists()
            acts = list(situation.events.filter(kind=EventKind.PROCEDURE_ACT))
            assert {event.act for event in acts} == set(DEMO_ACTS)
            assert all(event.author.membership.role == Role.JURISTE for event in acts)
            deadlines, errors = situation_deadlines(situation, acts)
            assert errors == [] and {"cdp_end", "prefet_notice_latest"} <= {d.id for d in deadlines}
        shown = with_diagnosis.order_by("pk").first()
        self.client.force_login(shown.referents.get(organisation__kind=OrganisationKind.LEGAL).user)
        body = self.client.get(f"/accompagnement/diagnostic/{shown.public_id}/plan-d-apurement/")
        assert "Capacité de remboursement" in body.content.decode()
        sheet = self.client.get(f"/accompagnement/audience/{shown.public_id}/fiche.pdf")
        assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
        assert not Event.objects.filter(occurred_on__gt=today).exists()

    def test_some_hearings_are_close_with_nobody_reached(self):
        today = timezone.localdate()
        urgent = [s for s in Situation.objects.open().hearing_within(15, today=today) if s.is_urgent(today)]
        assert len(urgent) >= 5
        upcoming = Situation.objects.open().filter(hearing_date__gt=today + dt.timedelta(days=15))
        assert upcoming.exists()
        assert Situation.objects.filter(hearing_date__lt=today).exists()
        for username in ("helene.menard", "jerome.lefevre"):
            assert any(s.referents.filter(user__username=username).exists() for s in urgent), username

    def test_urgent_situations_stand_out_on_the_today_page(self):
        self.client.force_login(Situation.objects.first().team.memberships.get(role=Role.COORDINATOR).user)
        body = self.client.get("/").content.decode()
        assert 'class="urgent"' in body
        assert "sans aucun contact à moins de 15 jours" in body

    def test_every_demo_phone_passes_the_forms_validation(self):
        """An unallocated number (06 39…, 06 9x…) would be refused as soon as a demo situation is edited."""
        from prevex.core.validators import normalize_french_phone

        phones = [phone for phone in Situation.objects.values_list("phone", flat=True) if phone]
        assert len(phones) > 100
        refused = []
        for phone in phones:
            try:
                normalize_french_phone(phone)
            except ValidationError:
                refused.append(phone)
        assert refused == []
