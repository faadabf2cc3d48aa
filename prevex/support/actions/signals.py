"""A new team gets its own copy of the shipped catalogue (`organisations.signals.team_created`)."""

from django.dispatch import receiver

from prevex.organisations.signals import team_created
from prevex.support.actions.services import catalogue_install_default


@receiver(team_created)
def give_the_new_team_its_catalogue(sender, team, **kwargs):
    catalogue_install_default(team)
