"""The check with the Département's social services (MDS): export the households to check, read the answer.

The export has the columns the Département answers on (`Connu MDS`: OUI/NON, `MDS de suivi`); its answer
comes back in any layout with those headers, through the import pipeline (`prevex/intake/mds/`). A household
found already followed leaves the team's caseload (`Situation.objects.in_caseload`) with a note on its
timeline; one found unknown stays.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.spreadsheets import append_row
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Situation

EXPORT_HEADERS = [
    "N° procédure",
    "Nom",
    "Prénom",
    "Adresse",
    "Code postal",
    "Commune",
    "Date d'audience",
    "Connu MDS",
    "MDS de suivi",
]


def to_check(team, *, include_unchecked: bool = False):
    """The team's open situations whose check is pending (and, if asked, those never checked)."""
    states = [SocialServicesCheck.TO_CHECK] + ([SocialServicesCheck.UNCHECKED] if include_unchecked else [])
    return (
        Situation.objects.for_team(team)
        .open()
        .filter(social_services__in=states)
        .select_related("commune")
        .order_by("hearing_date", "reference")
    )


def export_xlsx(situations, *, user, team) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("À vérifier")
    sheet.append(EXPORT_HEADERS)
    count = 0
    for situation in situations:
        append_row(
            sheet,
            [
                situation.reference,
                situation.tenant_last_name,
                situation.tenant_first_name,
                situation.address,
                situation.postal_code,
                situation.commune.name,
                situation.hearing_date,
                "",
                "",
            ],
        )
        sheet.cell(row=sheet.max_row, column=7).number_format = "DD/MM/YYYY"
        count += 1
    output = io.BytesIO()
    book.save(output)
    AuditEntry.log(
        actor=user,
        action=AuditAction.EXPORT,
        target=team,
        team=team,
        details={"export": "social_services_check", "situations": count},
    )
    return output.getvalue()
