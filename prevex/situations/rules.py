"""Rules a date of a situation's timeline must follow, each a function that says why not, in French.

They read nothing and write nothing: the tracking-sheet import and the whole timeline's rules
(`timeline_errors`, prevex/situations/timeline.py, which the form and the writer call) use the same functions
(None: the date may join).
"""

import datetime as dt

from django.utils.translation import gettext as _

# Without an assignation date, an event this long before the reception is a typing error (1999 for 2026).
MAX_YEARS_BEFORE_RECEPTION = 2


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _years_before(day: dt.date, years: int) -> dt.date:
    if day.year - years < dt.MINYEAR:  # a reception typed in year 2: nothing can be before its window
        return dt.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def event_date_error(day: dt.date, *, assignation_date: dt.date | None, received_on: dt.date | None) -> str | None:
    """An event of a procedure happens after its assignation; without one known, at most 2 years before the
    situation was received. The form, the tracking-sheet import and the timeline checks call this one rule."""
    if assignation_date is not None:
        if day < assignation_date:
            return _("La date %(date)s précède l'assignation (%(assignation)s) : vérifiez-la.") % {
                "date": _day(day),
                "assignation": _day(assignation_date),
            }
        return None
    if received_on is not None and day < _years_before(received_on, MAX_YEARS_BEFORE_RECEPTION):
        return _(
            "La date %(date)s est plus de %(years)s ans avant la réception de la situation (%(received)s) : "
            "vérifiez-la."
        ) % {"date": _day(day), "years": MAX_YEARS_BEFORE_RECEPTION, "received": _day(received_on)}
    return None
