"""The day the social services' answer was recorded: kept by the check, dropped when it is back to do, and
found for the answers recorded before it was kept (migration 0005)."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.situations import services
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Situation
from prevex.situations.tests.factories import SituationFactory

MAY_10 = dt.datetime(2024, 5, 10, 10, 0, tzinfo=dt.UTC)
JUNE_3 = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)
migration = importlib.import_module("prevex.situations.migrations.0005_social_services_checked_on")


def _check(situation, known, user, *, many: bool, on=MAY_10):
    with time_machine.travel(on, tick=False):
        if many:
            services.record_checks_many(team=situation.team, answers=[(situation.pk, known, "")], user=user, source="")
        else:
            services.record_check(Situation.objects.get(pk=situation.pk), known=known, user=user)
    situation.refresh_from_db()
    return situation


@pytest.mark.parametrize("many", [False, True], ids=["one check", "an answer file"])
def test_the_day_of_an_answer_is_kept_and_dropped_when_the_check_is_back_to_do(team, coordinator, many):
    situation = SituationFactory(team=team, social_services=SocialServicesCheck.TO_CHECK)
    assert situation.social_services_checked_on is None
    situation = _check(situation, True, coordinator, many=many)
    assert (situation.social_services, situation.social_services_checked_on) == ("known", dt.date(2024, 5, 10))
    situation = _check(situation, True, coordinator, many=many, on=JUNE_3)  # the same answer again: its first day
    assert situation.social_services_checked_on == dt.date(2024, 5, 10)
    situation = _check(situation, False, coordinator, many=many, on=JUNE_3)
    assert (situation.social_services, situation.social_services_checked_on) == ("not_known", dt.date(2024, 6, 3))
    situation = _check(situation, None, coordinator, many=many, on=JUNE_3)
    assert (situation.social_services, situation.social_services_checked_on) == ("to_check", None)


def test_the_migration_dates_the_answers_already_recorded(team, coordinator):
    by_file, by_hand, undated, pending = (
        SituationFactory(team=team, received_on=dt.date(2024, 3, 1), social_services=value)
        for value in ("known", "not_known", "known", "to_check")
    )
    batch = ImportBatch.objects.create(
        team=team,
        kind=ImportKind.SOCIAL_SERVICES,
        filename="reponse.xlsx",
        sha256="0" * 64,
        status=ImportStatus.COMMITTED,
        committed_at=MAY_10,
        summary={"details": [{"situation": by_file.pk, "known": True, "errors": []}]},
    )
    AuditEntry.objects.create(  # an earlier answer "not known", replaced by the file's
        action=AuditAction.UPDATE,
        target_type="situations.situation",
        target_id=str(by_file.public_id),
        details={"after": {"social_services": "not_known"}},
    )
    with time_machine.travel(JUNE_3, tick=False):
        AuditEntry.objects.create(
            action=AuditAction.UPDATE,
            target_type="situations.situation",
            target_id=str(by_hand.public_id),
            details={"before": {"social_services": ""}, "after": {"social_services": "not_known"}},
        )
    assert batch.pk
    migration.date_the_answers(apps, None)
    dates = dict(Situation.objects.values_list("pk", "social_services_checked_on"))
    assert dates == {
        by_file.pk: dt.date(2024, 5, 10),
        by_hand.pk: dt.date(2024, 6, 3),
        undated.pk: dt.date(2024, 3, 1),
        pending.pk: None,
    }
