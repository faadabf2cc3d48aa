"""What happens to teams, for the apps above organisations to react (intake gives a new team its defaults)."""

from django.dispatch import Signal

# Sent with `team` by `team_setup` when it creates a team, in its transaction.
team_created = Signal()
