"""The procedure on a situation's page: its deadlines, the next one first, computed from the events the page
has already loaded (no query of its own)."""

from django import template
from django.utils import timezone

from prevex.support.deadlines import next_deadline
from prevex.support.procedure.acts import situation_deadlines

register = template.Library()


@register.inclusion_tag("procedure/includes/deadlines.html")
def procedure_deadlines(situation, events):
    deadlines, errors = situation_deadlines(situation, events)
    today = timezone.localdate()
    return {
        "deadlines": deadlines,
        "errors": errors,
        "next_deadline": next_deadline(deadlines, today),
        "today": today,
    }
