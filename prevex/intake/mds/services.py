"""Reading the social services' answer back: each row matched to a situation (by reference, else by name and
commune), OUI or NON; confirming records each check through the one writer (`record_checks_many`)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.core.text import normalize
from prevex.imports import cells
from prevex.imports.identity import name_key, same_names
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError, read_table
from prevex.imports.services import journal_commit, lock_pending, lock_team_imports, new_batch, store_upload
from prevex.intake.prefecture.fields import CATALOGUE
from prevex.intake.prefecture.rows import YES
from prevex.situations.models import Situation
from prevex.situations.services import lock_situations, record_checks_many

NO = frozenset({"non", "n", "no", "faux", "0", "inconnu", "inconnue"})
KNOWN, NOT_KNOWN, ERROR = "known", "not_known", "error"


@dataclass
class Answer:
    line: int
    known: bool | None = None
    service: str = ""
    situation: Situation | None = None
    errors: list = field(default_factory=list)

    @property
    def decision(self) -> str:
        return ERROR if self.errors else KNOWN if self.known else NOT_KNOWN

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "decision": self.decision,
            "reason": describe(self.known, self.service),
            "existing": str(self.situation.public_id) if self.situation else "",
            "known": self.known,
            "service": self.service,
            "situation": self.situation.pk if self.situation else None,
            "reference": self.situation.reference if self.situation else "",
            "name": self.situation.tenant_display_name if self.situation else "",
            "errors": [{"column": column, "message": message} for column, message in self.errors],
        }


def describe(known: bool | None, service: str) -> str:
    if known is None:
        return ""
    if known:
        return _("déjà suivi (%(service)s)") % {"service": service} if service else _("déjà suivi")
    return _("inconnu des services sociaux")


def _columns(header: list) -> dict:
    columns = {}
    for index, cell in enumerate(header):
        text = normalize(cells.text(cell))
        match = CATALOGUE.match_header(cells.text(cell))
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


def _another_household(situation, last_name: str, answered_name: str) -> bool:
    """The answer's name is not the situation's with that reference (an anonymised one has no name left)."""
    if situation is None or not last_name or situation.anonymised_on:
        return False
    return not same_names(name_key(situation.tenant_last_name, situation.tenant_first_name), answered_name)


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
    answered_name = name_key(value("tenant_last_name"), value("tenant_first_name"))
    if _another_household(answer.situation, value("tenant_last_name"), answered_name):
        # Never on the reference alone: a typo would take another family out of the team's caseload.
        column = cells.text(header[columns["tenant_last_name"]])
        message = _("la référence %(reference)s est celle d'un autre ménage dans Prevex : ligne non lue")
        answer.errors.append((column, message % {"reference": reference}))
        answer.situation = None
        return answer
    if answer.situation is None:
        matches = by_name.get((answered_name, normalize(value("commune"))), [])
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
    batch = new_batch(team, ImportKind.SOCIAL_SERVICES, data, filename, user, received_on=timezone.localdate())
    batch.summary = summary
    store_upload(batch, data, user)
    return batch


@transaction.atomic
def answer_commit(*, batch: ImportBatch, user) -> dict:
    lock_team_imports(batch.team)
    batch = lock_pending(batch)
    counts = {"known": 0, "not_known": 0}
    answers = [answer for answer in batch.summary["details"] if not answer["errors"]]
    situations = Situation.objects.filter(pk__in=[answer["situation"] for answer in answers], team=batch.team)
    still_there = set(lock_situations(situations))  # an undone list may have removed some since the upload
    answers = [answer for answer in answers if answer["situation"] in still_there]
    source = _("réponse des services sociaux du %(date)s") % {"date": f"{batch.received_on:%d/%m/%Y}"}
    # A situation anonymised since the upload is skipped, as the preview would now say.
    checks = [(answer["situation"], answer["known"], answer["service"]) for answer in answers]
    applied = record_checks_many(team=batch.team, answers=checks, user=user, source=source)
    for answer, written in zip(answers, applied, strict=True):
        if written:
            counts["known" if answer["known"] else "not_known"] += 1
    batch.status, batch.committed_at = ImportStatus.COMMITTED, timezone.now()
    batch.summary = {**batch.summary, "written": counts}
    batch.save(update_fields=["status", "committed_at", "summary"])
    journal_commit(batch, user, counts)
    return counts
