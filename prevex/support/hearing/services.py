"""The hearing documents as PDFs (WeasyPrint, through the letters' renderer `outreach.letters.pdf_worker.pdf_of`,
which fetches nothing): the juriste's sheet, the judge's (refused without the household's consent to share with
the court), the DSF contribution. Each download is journaled: the household's data leave Prevex on paper."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach.letters.pdf_worker import pdf_of
from prevex.support.hearing.dsf import rubriques
from prevex.support.hearing.sections import COURT, JURISTE, Sheet, build_sections
from prevex.support.notes.services import court_consent

SHEET_CSS = str(Path(__file__).parent / "static" / "hearing" / "print.css")


class NoCourtConsent(PermissionDenied):
    """The judge's sheet needs the household's consent to share with the court, in force today."""

    def __init__(self):
        super().__init__(
            _(
                "Fiche pour le juge : le ménage n'a pas donné son consentement au partage avec le juge, ou l'a "
                "retiré. Enregistrez son consentement (« Consentement du ménage ») avant de l'imprimer."
            )
        )


def sheet_of(situation, *, audience: str = JURISTE, today: dt.date | None = None) -> dict:
    """What the sheet's template prints. The judge's variant raises NoCourtConsent without the consent."""
    today = today or timezone.localdate()
    consent = None
    if audience == COURT:
        consent = court_consent(situation, today)
        if consent is None:
            raise NoCourtConsent
    sheet = Sheet(situation, list(situation.events.all()), today, audience)
    return {"situation": situation, "sections": build_sections(sheet), "for_court": audience == COURT,
            "consent": consent, "today": today}  # fmt: skip


def dsf_of(situation, *, today: dt.date | None = None) -> dict:
    sheet = Sheet(situation, list(situation.events.all()), today or timezone.localdate())
    return {"situation": situation, "rubriques": rubriques(sheet), "today": sheet.today}


def pdf(template: str, context: dict) -> bytes:
    return pdf_of([(render_to_string(template, context), None)], SHEET_CSS)


def journal_download(situation, user, document: str) -> None:
    AuditEntry.log(
        actor=user,
        action=AuditAction.EXPORT,
        target=situation,
        details={"document": document},
    )
