"""The check with the Département's social services (MDS): export the households to check, read the answer.

The export has the columns the Département answers on (`Connu MDS`: OUI/NON, `MDS de suivi`); its answer
file comes back in any layout with those headers. A household found already followed leaves the team's
caseload (`Situation.objects.in_caseload`) with a note on its timeline; one found unknown stays.
"""

import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.spreadsheets import append_row
from prevex.core.text import normalize
from prevex.imports import cells
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.services import store_upload
from prevex.intake.fields import match_header
from prevex.intake.matching import name_key
from prevex.intake.rows import YES
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Situation
from prevex.situations.services import (
    lock_situations,
    record_check,  # noqa: F401 (the intake pages call it from here)
    record_checks_many,
)

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
NO = frozenset({"non", "n", "no", "faux", "0", "inconnu", "inconnue"})


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


@dataclass
class Answer:
    line: int
    known: bool | None = None
    service: str = ""
    situation: Situation | None = None
    errors: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "known": self.known,
            "service": self.service,
            "situation": self.situation.pk if self.situation else None,
            "reference": self.situation.reference if self.situation else "",
            "name": self.situation.tenant_display_name if self.situation else "",
            "errors": [{"column": column, "message": message} for column, message in self.errors],
        }


def _columns(header: list) -> dict:
    columns = {}
    for index, cell in enumerate(header):
        text = normalize(cells.text(cell))
        match = match_header(cells.text(cell))
        key = match[0] if match else None
        if "mds" in text.split() and "connu" not in text:
            key = "service"
        if key and key not in columns:
            columns[key] = index
    return columns


def read_answer(*, team, data: bytes, filename: str) -> list[Answer]:
    table = read_table(data, filename)
    header_index = next(
        (index for index, row in enumerate(table.rows[:30]) if {"social_services_known"} <= set(_columns(row))), None
    )
    if header_index is None:
        raise ImportFileError(
            _("« %(name)s » : aucune colonne « Connu MDS » (oui / non) dans les 30 premières lignes.")
            % {"name": filename}
        )
    header = table.rows[header_index]
    columns = _columns(header)
    if "reference" not in columns and "tenant_last_name" not in columns:
        raise ImportFileError(_("« %(name)s » : il faut une colonne « N° procédure » ou « Nom ».") % {"name": filename})
    situations = list(Situation.objects.for_team(team).select_related("commune"))
    by_reference = {situation.reference: situation for situation in situations}
    by_name = {}
    for situation in situations:
        key = (name_key(situation.tenant_last_name, situation.tenant_first_name), normalize(situation.commune.name))
        by_name.setdefault(key, []).append(situation)
    answers = []
    for line, row in zip(table.lines[header_index + 1 :], table.rows[header_index + 1 :], strict=True):
        if any(cells.text(cell) for cell in row):
            answers.append(_answer(line, row, header, columns, by_reference, by_name))
    return answers


def _answer(line, row, header, columns, by_reference, by_name) -> Answer:
    def value(key):
        index = columns.get(key)
        return cells.text(row[index]) if index is not None and index < len(row) else ""

    answer = Answer(line=line, service=value("service")[:100])
    known = normalize(value("social_services_known"))
    column = cells.text(header[columns["social_services_known"]])
    if known in YES:
        answer.known = True
    elif known in NO:
        answer.known = False
    else:
        answer.errors.append(
            (column, _("réponse « %(value)s » : attendu OUI ou NON") % {"value": value("social_services_known")})
        )
    reference = value("reference")
    answer.situation = by_reference.get(reference) if reference else None
    if answer.situation is None:
        matches = by_name.get(
            (name_key(value("tenant_last_name"), value("tenant_first_name")), normalize(value("commune"))), []
        )
        answer.situation = matches[0] if len(matches) == 1 else None
    if answer.situation is None:
        where = cells.text(header[columns["reference"]]) if "reference" in columns else _("Nom")
        answer.errors.append(
            (
                where,
                _("aucune situation de l'équipe ne correspond (%(value)s)")
                % {"value": reference or value("tenant_last_name")},
            )
        )
    elif answer.situation.anonymised_on:  # read-only: a note written on it again would never be erased
        where = cells.text(header[columns["reference"]]) if "reference" in columns else _("Nom")
        answer.errors.append(
            (
                where,
                _("la situation %(reference)s est anonymisée : elle ne peut plus être mise à jour")
                % {"reference": answer.situation.reference},
            )
        )
    return answer


def answer_upload(*, team, data: bytes, filename: str, user) -> ImportBatch:
    answers = read_answer(team=team, data=data, filename=filename)
    summary = {
        "rows": len(answers),
        "known": sum(1 for a in answers if not a.errors and a.known),
        "not_known": sum(1 for a in answers if not a.errors and a.known is False),
        "error": sum(1 for a in answers if a.errors),
        "details": [answer.as_dict() for answer in answers],
    }
    batch = ImportBatch(
        team=team,
        kind=ImportKind.SOCIAL_SERVICES,
        filename=filename[:255],
        uploaded_by=user,
        sha256=hashlib.sha256(data).hexdigest(),
        summary=summary,
        received_on=timezone.localdate(),
    )
    store_upload(batch, data, user)
    return batch


@transaction.atomic
def answer_commit(*, batch: ImportBatch, user) -> dict:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportFileError(_("Cet import a déjà été confirmé ou annulé."))
    counts = {"known": 0, "not_known": 0}
    answers = [answer for answer in batch.summary["details"] if not answer["errors"]]
    lock_situations(Situation.objects.filter(pk__in=[answer["situation"] for answer in answers], team=batch.team))
    source = _("réponse des services sociaux du %(date)s") % {"date": f"{batch.received_on:%d/%m/%Y}"}
    # A situation anonymised since the upload is skipped, as the preview would now say.
    checks = [(answer["situation"], answer["known"], answer["service"]) for answer in answers]
    applied = record_checks_many(team=batch.team, answers=checks, user=user, source=source)
    for answer, written in zip(answers, applied, strict=True):
        if written:
            counts["known" if answer["known"] else "not_known"] += 1
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    batch.save(update_fields=["status", "committed_at"])
    AuditEntry.log(actor=user, action=AuditAction.IMPORT, target=batch, team=batch.team, details=counts)
    return counts
