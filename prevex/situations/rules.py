"""Rules an event must follow to join a situation's timeline, each a function that says why not, in French.

They read the situation as it stands and write nothing: the form, the imports and the writer's
`timeline_rule_error` call the same functions (None: the event may join).
"""

import datetime as dt

from django.utils.translation import gettext as _

from prevex.situations.enums import EventKind

# Without an assignation date, an event this long before the reception is a typing error (1999 for 2026).
MAX_YEARS_BEFORE_RECEPTION = 2


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _years_before(day: dt.date, years: int) -> dt.date:
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


def hearing_presence_error(situation, event) -> str | None:
    """A presence belongs to one of the procedure's hearings (initial or postponed), once per hearing."""
    if event.kind != EventKind.HEARING:
        return None
    day = event.hearing_day
    hearings = situation.hearings()
    if day not in hearings:
        if not hearings:
            return _("Aucune audience n'est connue pour cette situation : renseignez d'abord la date d'audience.")
        return _("Le %(date)s n'est pas une audience de cette procédure (audiences : %(hearings)s).") % {
            "date": _day(day),
            "hearings": ", ".join(_day(hearing) for hearing in hearings),
        }
    recorded = situation.events.filter(kind=EventKind.HEARING).exclude(pk=event.pk)
    if any(other.hearing_day == day for other in recorded):
        return _("La présence à l'audience du %(date)s est déjà enregistrée : corrigez-la dans l'historique.") % {
            "date": _day(day)
        }
    return None
