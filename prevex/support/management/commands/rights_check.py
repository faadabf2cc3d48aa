"""`manage.py rights_check --format json < household.json`: the rights check (prevex.support.rights) on a JSON
budget read from stdin (the keys of `repayment_plan`, with `housing` required, and `month`, YYYY-MM, the current
month by default). Runs openfisca-france here; nothing leaves the machine. A malformed input, or a missing model,
stops with a French message on stderr and exit status 1 (CommandError)."""

import json
import re
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.support.budget import BudgetInputError, budget_from_json
from prevex.support.management.commands.repayment_plan import read_json
from prevex.support.rights import RightsUnavailable, estimate_rights

_MONTH = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")


def rights_json(estimate) -> str:
    return json.dumps(
        {
            "month": estimate.month,
            "model": "openfisca-france",
            "model_version": estimate.model_version,
            "computed_on": estimate.computed_on.isoformat(),
            "notice": estimate.notice,
            "benefits": [
                {
                    "key": b.key,
                    "label": b.label,
                    "estimated": str(b.estimated),
                    "received": str(b.received),
                    "gap": str(b.gap),
                    "action": b.action,
                    "action_label": b.action_label,
                    "explanation": b.explanation,
                }
                for b in estimate.benefits
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


class Command(BaseCommand):
    help = "Estime les droits d'un ménage (openfisca-france) et les écarts avec ce qu'il perçoit (JSON sur l'entrée)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--format", default="json", choices=["json", "text"], help="json ou text (à imprimer).")

    def handle(self, *args, **options):
        data = read_json(options.get("stdin") or sys.stdin)
        today = timezone.localdate()
        try:
            budget, extra = budget_from_json(data, extra_keys=frozenset({"month"}))
            month = extra.get("month", today.strftime("%Y-%m"))
            if not isinstance(month, str) or not _MONTH.fullmatch(month):
                raise BudgetInputError([_("« month » : un mois écrit AAAA-MM (exemple : 2026-11).")])
            estimate = estimate_rights(budget, month, computed_on=today)
        except BudgetInputError as error:
            raise CommandError(" ".join(error.messages)) from None
        except RightsUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(estimate.explain() if options["format"] == "text" else rights_json(estimate))
