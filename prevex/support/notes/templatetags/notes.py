"""The household's consents on a situation's page (`{% household_consents situation request.user %}`)."""

from django import template

from prevex.organisations.permissions import Action, can
from prevex.support.notes.cards import consents_card

register = template.Library()


@register.inclusion_tag("notes/includes/consents.html")
def household_consents(situation, user):
    if not can(user, Action.RECORD_CONSENT):
        return {"hidden": True}
    return consents_card(situation)
