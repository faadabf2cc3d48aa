from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    """Préconisations and actions on a household (issue 12 §2): the team's catalogue of kinds, each situation's
    actions with their dated statuses and referrals, counted by the bilan (`counts.actions_counts`)."""

    name = "prevex.support.actions"
    label = "actions"
    verbose_name = _("Préconisations et actions")

    def ready(self):
        from prevex.support.actions import journal_labels, signals  # noqa: F401 (journal names; new teams' catalogue)
        from prevex.support.actions.services import action_lines
        from prevex.support.hearing import sources

        # The hearing sheets and the DSF contribution list the household's actions (support/hearing/sources.py).
        sources.provide_actions(action_lines)
