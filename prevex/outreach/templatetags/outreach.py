"""The outreach on a situation's page: its next step and its sequence, small timeline of tasks."""

from django import template
from django.utils import timezone

from prevex.organisations.permissions import Action, can
from prevex.outreach.messaging.situation import situation_outbox
from prevex.outreach.models import Pause, Task
from prevex.outreach.next_step import next_step
from prevex.outreach.tenant.models import TenantLink
from prevex.outreach.tenant.services import clear_token, page_path

register = template.Library()


@register.inclusion_tag("outreach/includes/next_step.html")
def outreach_next_step(situation, events):
    return {"next_step": next_step(situation, events)}


@register.inclusion_tag("outreach/includes/sequence.html")
def outreach_sequence(situation, user):
    """Done, due and cancelled steps, oldest first; the pause in effect; the tasks outside the sequence."""
    today = timezone.localdate()
    tasks = list(Task.objects.filter(situation=situation).order_by("due_on", "pk"))
    link = TenantLink.objects.active().filter(situation=situation).first()  # made by the first letter printed
    return {
        "link_path": page_path(clear_token(link, situation)) if link and not situation.anonymised_on else "",
        "link_expires_on": link.expires_on(situation.hearing_date) if link else None,
        "can_revoke": can(user, Action.WORK_ON_SITUATIONS) and not situation.anonymised_on,
        "can_send_letters": can(user, Action.SEND_LETTERS) and not situation.anonymised_on,
        "situation": situation,
        "tasks": tasks,
        "today": today,
        "pause": Pause.objects.filter(situation=situation).in_effect(today).order_by("-starts_on").first(),
        "can_pause": can(user, Action.PAUSE_OUTREACH) and not situation.anonymised_on and not situation.closed_on,
        "outbox": situation_outbox(situation),
    }
