"""How intake plugs into the layers below it: a new team's defaults, and what Aujourd'hui leaves out."""

from django.dispatch import receiver

from prevex.intake.defaults import load_default_social_landlords
from prevex.intake.models import EligibilityRules
from prevex.organisations.signals import team_created
from prevex.situations.caseload import hide_from_today
from prevex.situations.enums import SocialServicesCheck


@receiver(team_created)
def give_the_new_team_its_social_landlords(sender, team, **kwargs):
    load_default_social_landlords(team)


@hide_from_today
def awaiting_the_check(situations, *, team):
    """Not for outreach yet: the team waits for the social services' answer before contacting the household."""
    if EligibilityRules.for_team(team).wait_for_social_services_check:
        return situations.exclude(social_services=SocialServicesCheck.TO_CHECK)
    return situations
