"""`manage.py legal_deadlines --format json < acts.json`: the legal deadline engine (prevex.support.deadlines) on a
JSON object of act dates read from stdin, for a juriste's check or another tool; docs/procedure.md lists the keys
and the deadlines. A malformed input stops with a French message on stderr and exit status 1 (CommandError)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from prevex.support.deadlines import DeadlineInputError, acts_from_json, compute_deadlines


def deadlines_json(deadlines) -> str:
    return json.dumps(
        {
            "deadlines": [
                {
                    "id": deadline.id,
                    "date": deadline.date.isoformat(),
                    "rule": deadline.rule,
                    "article": deadline.article,
                    "label": deadline.label,
                    "late": deadline.late,
                }
                for deadline in deadlines
            ]
        },
        indent=2,
        ensure_ascii=False,
    )


class Command(BaseCommand):
    help = "Calcule les délais légaux d'une procédure d'expulsion à partir des dates des actes (JSON sur l'entrée)."
    stealth_options = ("stdin",)  # call_command(…, stdin=StringIO(…)) in the tests

    def add_arguments(self, parser):
        parser.add_argument("--format", default="json", choices=["json"], help="json (le seul format).")

    def handle(self, *args, **options):
        stream = options.get("stdin") or sys.stdin
        try:
            data = json.loads(stream.read())
        except json.JSONDecodeError as error:
            raise CommandError(
                _("Entrée JSON illisible (ligne %(line)s, colonne %(column)s).")
                % {"line": error.lineno, "column": error.colno}
            ) from None
        try:
            acts = acts_from_json(data)
        except DeadlineInputError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(deadlines_json(compute_deadlines(acts)))
