"""What the management commands share: the team named by `--team`, a date option, with French messages."""

import datetime as dt

from django.core.management.base import CommandError

from prevex.organisations.models import Team


def team_option(slug: str | None) -> Team:
    """The team whose slug `--team` gives, or a CommandError saying what is wrong."""
    if not slug:
        raise CommandError("Précisez l'équipe avec --team.")
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise CommandError(f"Équipe inconnue : « {slug} ».")
    return team


def date_option(value: str | None, option: str, *, required: bool = False) -> dt.date | None:
    """A YYYY-MM-DD option (None when absent and not required), or a CommandError naming it."""
    if not value:
        if required:
            raise CommandError(f"Précisez {option} (une date au format AAAA-MM-JJ).")
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"Date invalide pour {option} : « {value} » (format attendu AAAA-MM-JJ).") from None
