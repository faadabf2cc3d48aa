"""The journal as CSV: a person's own history, or everything about one situation."""

import csv
import io

from django.utils.translation import gettext as _

from prevex.audit.presenters import present
from prevex.core.spreadsheets import safe_row


def journal_csv(entries, *, viewer) -> str:
    """The entries in French (`presenters.present`), then their technical details, as they are kept."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(
        [
            _("Date"),
            _("Personne"),
            _("Organisation"),
            _("Action"),
            _("Objet"),
            _("Champs"),
            _("Remarque"),
            _("Détails techniques"),
        ]
    )
    lines = present(entries.select_related("actor", "organisation").order_by("created_at", "pk"), viewer)
    for line in lines:
        writer.writerow(
            safe_row(
                [
                    line.created_at.strftime("%d/%m/%Y %H:%M:%S"),
                    line.actor,
                    line.organisation,
                    line.action,
                    line.target.text,
                    line.fields_text,
                    line.note,
                    str(line.entry.details),
                ]
            )
        )
    return "\ufeff" + output.getvalue()  # BOM: Excel opens UTF-8 with the accents right
