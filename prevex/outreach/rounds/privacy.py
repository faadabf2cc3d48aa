"""What visit rounds hold about a household, for the privacy registry (`prevex/privacy/registry.py`).

A stop holds no personal value: the household's place in a round, the day, and the link to the VISIT event its
outcome recorded (the outcome and the note live on the timeline, erased with it). Anonymisation has nothing to
blank here; the right of access lists the rounds the household was on.
"""

from prevex.outreach.rounds.models import RoundStop


def anonymise(situation) -> None:
    """Nothing personal is stored on a stop (see the module's docstring)."""


def personal_data(situation) -> dict:
    stops = RoundStop.objects.filter(situation_id=situation.pk).select_related("round", "event")
    return {
        "visit_rounds": [
            {
                "day": stop.round.day.isoformat(),
                "position": stop.position,
                "outcome": stop.event.get_visit_outcome_display() if stop.event else None,
            }
            for stop in stops.order_by("round__day", "round_id", "position")
        ]
    }
