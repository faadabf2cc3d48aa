"""The « Diagnostic » card of a situation's page: the current version's summary, for who may read it (one query)."""

from django import template

from prevex.organisations.permissions import Action, can
from prevex.support.diagnosis.models import Diagnosis

register = template.Library()


@register.inclusion_tag("diagnosis/includes/situation_card.html")
def diagnosis_card(situation, user):
    if not can(user, Action.READ_DIAGNOSIS):
        return {"shown": False}
    current = Diagnosis.objects.current(situation)
    return {
        "shown": True,
        "situation": situation,
        "current": current,
        "budget": current.budget() if current else None,
        "may_write": can(user, Action.WRITE_DIAGNOSIS) and not situation.anonymised_on,
    }
