"""`manage.py outreach_tasks`: a team's open outreach tasks as JSON, as of today or of a past day (from the
timelines as they were that day); `--sync` stores the team's tasks first (the daily job)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prevex.organisations.commands import date_option, team_option
from prevex.outreach.services import open_tasks, tasks_sync_team

FORMATS = ("json",)


def tasks_json(tasks) -> str:
    rows = [
        {"reference": reference, "step": task.step.code, "due_on": task.due_on.isoformat(), "late": task.late}
        for reference, task in tasks
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False)


class Command(BaseCommand):
    help = "Affiche les tâches d'aller-vers ouvertes d'une équipe (JSON), à une date passée si besoin."

    def add_arguments(self, parser):
        parser.add_argument("--team", help="Identifiant de l'équipe (ex. essonne).")
        parser.add_argument("--as-of", dest="as_of", help="Date d'arrêté, AAAA-MM-JJ (par défaut : aujourd'hui).")
        parser.add_argument("--format", default="json", help="json (par défaut).")
        parser.add_argument(
            "--sync", action="store_true", help="Enregistre d'abord les tâches de l'équipe (le traitement quotidien)."
        )

    def handle(self, *args, **options):
        if options["format"] not in FORMATS:
            raise CommandError(f"Format inconnu : « {options['format']} » (json).")
        team = team_option(options["team"])
        today = timezone.localdate()
        as_of = date_option(options["as_of"], "--as-of") or today
        if as_of > today:
            raise CommandError(f"La date d'arrêté ne peut pas être dans le futur : « {options['as_of']} ».")
        if options["sync"] and as_of != today:
            raise CommandError("--sync enregistre les tâches d'aujourd'hui : retirez --as-of.")
        if options["sync"]:
            result = tasks_sync_team(team, as_of)
            self.stderr.write(
                f"{result.situations} situation(s) : {result.created} tâche(s) créée(s), "
                f"{result.updated} mise(s) à jour."
            )
        self.stdout.write(tasks_json(open_tasks(team, as_of)))
