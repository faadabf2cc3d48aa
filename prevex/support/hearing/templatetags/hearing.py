"""The hearing documents' links on a situation's page (`{% hearing_documents situation request.user %}`)."""

from django import template

from prevex.organisations.permissions import Action, can
from prevex.support.notes.services import court_consent

register = template.Library()


@register.inclusion_tag("hearing/includes/documents.html")
def hearing_documents(situation, user):
    may_sheet = can(user, Action.PREPARE_HEARING)
    return {
        "situation": situation,
        "may_sheet": may_sheet,
        "may_dsf": can(user, Action.DSF_CONTRIBUTION),
        "court_consent": court_consent(situation) if may_sheet else None,
    }
