"""The procedure on a situation's page: its deadlines, the next one first, computed from the events the page
has already loaded (no query of its own)."""

from django import template
from django.utils import timezone

from prevex.support.deadlines import next_deadline
from prevex.support.procedure.acts import next_legal_deadlines, situation_deadlines

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


@register.simple_tag
def with_next_legal_deadline(rows):
    """Aujourd'hui's hearing rows (situation, days, urgent), each with its next legal deadline appended: one
    query for all the rows shown."""
    rows = list(rows)
    deadlines = next_legal_deadlines([row[0] for row in rows], timezone.localdate())
    return [(*row, deadlines[row[0].pk]) for row in rows]
