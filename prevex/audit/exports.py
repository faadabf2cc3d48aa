"""The journal as CSV: a person's own history, or everything about one situation."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.core.spreadsheets import safe_row

COLUMNS = ("created_at", "actor", "organisation", "action", "target_type", "target_id", "details")


def journal_csv(entries) -> str:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow([_("Date"), _("Personne"), _("Organisation"), _("Action"), _("Objet"), _("Identifiant"),
                     _("Détails")])  # fmt: skip
    for entry in entries.select_related("actor", "organisation").order_by("created_at", "pk"):
        writer.writerow(safe_row([
            timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M:%S"), str(entry.actor or ""),
            str(entry.organisation or ""), entry.get_action_display(), entry.target_type, entry.target_id,
            str(entry.details),
        ]))  # fmt: skip
    return "\ufeff" + output.getvalue()  # BOM: Excel opens UTF-8 with the accents right
