from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    """The journal's pages: the team's journal (coordinators) and one's own history. The journal itself, which
    every app writes, is `prevex.audit`, low in the layers; these pages sit above the organisations' access rules."""

    name = "prevex.journal"
    verbose_name = _("Pages du journal")
