"""`manage.py repayment_plan --format json < budget.json`: the repayment-plan calculator (prevex.support.plan) on a
JSON budget read from stdin; docs/support-calculations.md lists the keys. `--format text` prints the plan in
French, one sentence a line, for printing. A malformed input stops with a French message on stderr and exit
status 1 (CommandError)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from prevex.support.budget import BudgetInputError, budget_from_json
from prevex.support.plan import compute_plan, floor_from_json


def read_json(stream):
    try:
        return json.loads(stream.read())
    except json.JSONDecodeError as error:
        raise CommandError(
            _("Entrée JSON illisible (ligne %(line)s, colonne %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from None


def plan_json(plan) -> str:
    return json.dumps(
        {
            "figures": [
                {"id": f.id, "label": f.label, "amount": str(f.amount), "explanation": f.explanation}
                for f in plan.figures
            ],
            "proposals": [
                {
                    "id": p.id,
                    "label": p.label,
                    "instalment": str(p.instalment),
                    "months": p.months,
                    "last_instalment": str(p.last_instalment),
                    "fits": p.fits,
                    "explanation": p.explanation,
                }
                for p in plan.proposals
            ],
            "notices": list(plan.notices),
            "text": plan.explain(),
        },
        indent=2,
        ensure_ascii=False,
    )


class Command(BaseCommand):
    help = "Calcule un plan d'apurement à partir du budget d'un ménage (JSON sur l'entrée)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--format", default="json", choices=["json", "text"], help="json ou text (à imprimer).")

    def handle(self, *args, **options):
        data = read_json(options.get("stdin") or sys.stdin)
        try:
            budget, extra = budget_from_json(data, extra_keys=frozenset({"floor"}))
            plan = compute_plan(budget, floor_from_json(extra.get("floor")))
        except BudgetInputError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(plan.explain() if options["format"] == "text" else plan_json(plan))
