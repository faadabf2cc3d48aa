"""The rules a sender respects: E.164 mobiles of France and its overseas départements only, sending hours and
public holidays (a message due outside waits for the next allowed moment), STOP, the daily cap."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from prevex.outreach.messaging import rules, services
from prevex.outreach.messaging.enums import MessageChannel, MessageState, OptOutSource
from prevex.outreach.messaging.models import Message
from prevex.outreach.sms.segments import sms_length

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.81.23.45.67", "+33781234567"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0692 12 34 56", "+262692123456"),  # La Réunion
    ],
)
def test_mobiles_of_france_and_overseas_in_e164(typed, e164):
    assert rules.sms_number(typed) == e164


@pytest.mark.parametrize("typed", ["01 60 12 34 56", "09 70 12 34 56", "0590 12 34 56"])
def test_landlines_are_refused_for_sms(typed):
    with pytest.raises(ValidationError, match="pas un mobile"):
        rules.sms_number(typed)


def test_foreign_mobiles_and_non_numbers_are_refused():
    with pytest.raises(ValidationError, match="France"):
        rules.sms_number("+32 470 12 34 56")  # a Belgian mobile
    with pytest.raises(ValidationError, match="invalide"):
        rules.sms_number("06 12 34 56")


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (paris(2024, 5, 2, 12, 0), paris(2024, 5, 2, 12, 0)),  # Thursday noon: at once
        (paris(2024, 5, 2, 7, 59), paris(2024, 5, 2, 8, 0)),  # before 8:00: at 8:00
        (paris(2024, 5, 2, 20, 0), paris(2024, 5, 3, 8, 0)),  # 20:00: the next morning
        (paris(2024, 5, 4, 21, 30), paris(2024, 5, 6, 8, 0)),  # Saturday evening: Monday (no Sunday)
        (paris(2024, 5, 5, 10, 0), paris(2024, 5, 6, 8, 0)),  # Sunday
        (paris(2024, 4, 30, 20, 30), paris(2024, 5, 2, 8, 0)),  # 1 May, a public holiday
        (paris(2024, 5, 7, 22, 0), paris(2024, 5, 10, 8, 0)),  # 8 May (holiday), 9 May (Ascension) skipped
    ],
)
def test_sending_hours_and_public_holidays(moment, allowed):
    assert rules.next_allowed(moment) == allowed


@pytest.mark.django_db
def test_a_message_due_outside_hours_waits_for_the_next_allowed_moment(household, coordinator):
    with time_machine.travel(paris(2024, 5, 4, 21, 30), tick=False):  # Saturday evening
        message = services.queue_message(
            team=household.team, situation=household, channel=MessageChannel.SMS,
            recipient=household.phone, body="Bonjour", user=coordinator,
        )  # fmt: skip
        assert services.send_one(message.pk) == MessageState.QUEUED
        message.refresh_from_db()
        assert message.next_attempt_at == paris(2024, 5, 6, 8, 0)
        assert message.attempts == 0
    with time_machine.travel(paris(2024, 5, 6, 8, 0, 5), tick=False):
        assert services.send_one(message.pk) == MessageState.SENT


@pytest.mark.django_db
def test_email_is_not_held_by_sending_hours_by_default(frozen_today, household, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(paris(2024, 5, 5, 10, 0), tick=False):  # Sunday
        message = services.queue_message(
            team=household.team, situation=household, channel=MessageChannel.EMAIL,
            recipient=household.email, subject="Audience", body="Bonjour", user=coordinator,
        )  # fmt: skip
        assert services.send_one(message.pk) == MessageState.SENT


@pytest.mark.django_db
def test_stop_blocks_further_sms(frozen_today, household, coordinator):
    queued = services.queue_message(
        team=household.team, situation=household, channel=MessageChannel.SMS,
        recipient=household.phone, body="Bonjour", user=coordinator,
    )  # fmt: skip
    services.opt_out(household.team, "+33612345678", OptOutSource.PROVIDER)
    queued.refresh_from_db()
    assert queued.state == MessageState.CANCELLED  # the one still waiting is cancelled
    with pytest.raises(ValidationError, match="STOP"):
        services.queue_message(
            team=household.team, situation=household, channel=MessageChannel.SMS,
            recipient="06 12 34 56 78", body="Bonjour", user=coordinator,
        )  # fmt: skip


@pytest.mark.django_db
def test_stop_is_per_team(frozen_today, household, coordinator, other_team_member):
    services.opt_out(other_team_member.membership.team, "+33612345678", OptOutSource.STOP)
    assert not rules.is_opted_out(household.team_id, "+33612345678")


@pytest.mark.django_db
def test_daily_cap_per_team_postpones_to_the_next_day(frozen_today, settings, household, coordinator):
    settings.PREVEX_MESSAGES_DAILY_CAP = {"sms": 1, "email": 0}
    first, second = (
        services.queue_message(
            team=household.team,
            situation=household,
            channel=MessageChannel.SMS,
            recipient=household.phone,
            body=f"Bonjour {n}",
            user=coordinator,
        )  # fmt: skip
        for n in (1, 2)
    )
    assert services.send_one(first.pk) == MessageState.SENT
    assert services.send_one(second.pk) == MessageState.QUEUED
    assert Message.objects.get(pk=second.pk).next_attempt_at == paris(2024, 5, 3, 8, 0)


@pytest.mark.parametrize(
    ("text", "characters", "segments", "unicode"),
    [
        ("", 0, 0, False),
        ("a" * 160, 160, 1, False),
        ("a" * 161, 161, 2, False),
        ("é" * 153 * 2, 306, 2, False),  # é is GSM-7
        ("€" * 80, 160, 1, False),  # an extension character counts twice
        ("«" + "a" * 69, 70, 1, True),
        ("«" + "a" * 70, 71, 2, True),
        ("ê" * 135, 135, 3, True),  # ê is not GSM-7: 67 per part
    ],
)
def test_sms_length_and_segments(text, characters, segments, unicode):
    length = sms_length(text)
    assert (length.characters, length.segments, length.unicode) == (characters, segments, unicode)
