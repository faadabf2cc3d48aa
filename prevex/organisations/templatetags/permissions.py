"""The matrix in templates, for an action on one object: `{% load permissions %}{% can "correct_any_event"
event as may_correct %}`. Actions without object are in the context: `{% if can.import_files %}`."""

from django import template

from prevex.organisations import permissions

register = template.Library()


@register.simple_tag(takes_context=True, name="can")
def can_tag(context, action: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user is not None and permissions.can(user, action, obj)
