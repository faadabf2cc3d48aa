"""French public holidays (jours fériés, code du travail L3133-1), metropolitan calendar: the legal deadlines'
working days and the hours SMS may be sent on read the same calendar."""

import datetime as dt

import holidays

_FRENCH_HOLIDAYS = holidays.France()  # fills in each year the first time a day of it is asked


def is_public_holiday(day: dt.date) -> bool:
    return day in _FRENCH_HOLIDAYS
