"""The rules a sender respects, each a small function: SMS only to mobile numbers of France and its overseas
départements (E.164, `phonenumbers`), sending hours (by default 08:00–20:00 Europe/Paris, Monday to Saturday,
not on public holidays: a message due outside waits for the next allowed moment), the numbers that said STOP,
and a daily cap per team."""

import datetime as dt
import zoneinfo
from functools import cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.core.public_holidays import is_public_holiday
from prevex.core.validators import OVERSEAS_REGIONS, normalize_french_phone
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.models import Message, OptOut, number_digest

SMS_REGIONS = frozenset({"FR", *OVERSEAS_REGIONS})
MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def sms_number(value: str) -> str:
    """The number in E.164 if an SMS may go to it (a mobile of France or its overseas départements), else a
    ValidationError in French naming the field."""
    number = normalize_french_phone(value or "")  # ValidationError for a number that is no number
    parsed = phonenumbers.parse(number)
    if phonenumbers.region_code_for_number(parsed) not in SMS_REGIONS:
        raise ValidationError(_("Téléphone : les SMS ne partent que vers la France et l'outre-mer."), code="region")
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        raise ValidationError(
            _("Téléphone : ce numéro n'est pas un mobile, il ne peut pas recevoir de SMS."), code="landline"
        )
    return number


# --- sending hours ---------------------------------------------------------------------------------------------


@cache
def _window() -> tuple[dt.time, dt.time]:
    start, end = settings.PREVEX_MESSAGES_HOURS.split("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def _zone():
    return zoneinfo.ZoneInfo(settings.PREVEX_MESSAGES_TIME_ZONE)


def _is_sending_day(day: dt.date) -> bool:
    return day.weekday() in settings.PREVEX_MESSAGES_DAYS and not is_public_holiday(day)


def next_allowed(moment: dt.datetime | None = None) -> dt.datetime:
    """`moment` itself if a message may go then, else the next allowed moment (aware, in UTC)."""
    moment = (moment or timezone.now()).astimezone(_zone())
    start, end = _window()
    day = moment.date()
    if _is_sending_day(day) and start <= moment.time() < end:
        return moment.astimezone(dt.UTC)
    if _is_sending_day(day) and moment.time() < start:
        return dt.datetime.combine(day, start, _zone()).astimezone(dt.UTC)
    for _days in range(366):
        day += dt.timedelta(days=1)
        if _is_sending_day(day):
            return dt.datetime.combine(day, start, _zone()).astimezone(dt.UTC)
    raise ValueError("no sending day in a year: check PREVEX_MESSAGES_DAYS")  # pragma: no cover


# --- STOP -------------------------------------------------------------------------------------------------------


def is_opted_out(team_id: int, number: str) -> bool:
    return OptOut.objects.filter(team_id=team_id, number_digest=number_digest(number)).exists()


# --- the daily cap --------------------------------------------------------------------------------------------


def cap_reached(team_id: int, channel: str, moment: dt.datetime) -> bool:
    """The team sent its day's share of this channel (counted from midnight, Paris time)."""
    cap = settings.PREVEX_MESSAGES_DAILY_CAP.get(channel)
    if not cap:
        return False
    local = moment.astimezone(_zone())
    midnight = dt.datetime.combine(local.date(), dt.time(0), _zone())
    # `sent_at` is set only when a message leaves (sent, then delivered or failed: SENT_STATES), so the count is
    # answered by the index (team, channel, sent_at) alone, without reading the rows: it runs for every message
    sent = Message.objects.filter(team_id=team_id, channel=channel, sent_at__gte=midnight).count()
    return sent >= cap


SENT_STATES = (MessageState.SENT, MessageState.DELIVERED, MessageState.FAILED)


def tomorrow_start(moment: dt.datetime) -> dt.datetime:
    local = moment.astimezone(_zone())
    return next_allowed(dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), _zone()))


def channel_rules_apply(channel: str) -> bool:
    """Sending hours hold for SMS; for e-mail only if PREVEX_MESSAGES_EMAIL_HOURS (a mail waits in the box)."""
    return channel == MessageChannel.SMS or settings.PREVEX_MESSAGES_EMAIL_HOURS
