"""The hearing documents of a situation: thin views over `services.py` (what each prints: `sections.py`, `dsf.py`)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from prevex.core.downloads import download
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.situations.models import Situation
from prevex.support.hearing import services
from prevex.support.hearing.sections import COURT, JURISTE

PDF = "application/pdf"


def _situation(request: HttpRequest, public_id) -> Situation:
    situations = Situation.objects.visible_by(request.user).select_related("commune")
    return get_object_or_404(situations, public_id=public_id)


def _sheet_pdf(request: HttpRequest, public_id, audience: str, document: str) -> HttpResponse:
    situation = _situation(request, public_id)
    try:
        context = services.sheet_of(situation, audience=audience)
    except services.NoCourtConsent as refusal:
        messages.error(request, str(refusal))
        return redirect(f"{situation.get_absolute_url()}#household-consents")
    pdf = services.pdf("hearing/sheet_pdf.html", context)
    services.journal_download(situation, request.user, document)
    return download(pdf, filename=f"{document}-{situation.public_id}.pdf", content_type=PDF)


@action_required(Action.PREPARE_HEARING)
def sheet(request: HttpRequest, public_id) -> HttpResponse:
    """The juriste's hearing preparation sheet (PDF)."""
    return _sheet_pdf(request, public_id, JURISTE, "fiche-audience")


@action_required(Action.PREPARE_HEARING)
def court_sheet(request: HttpRequest, public_id) -> HttpResponse:
    """The judge's sheet (PDF), only under the household's consent to share with the court."""
    return _sheet_pdf(request, public_id, COURT, "fiche-audience-juge")


@action_required(Action.DSF_CONTRIBUTION)
def dsf(request: HttpRequest, public_id) -> HttpResponse:
    """The DSF contribution as a printable page."""
    situation = _situation(request, public_id)
    return render(request, "hearing/dsf.html", {"nav": "situations", **services.dsf_of(situation)})


@action_required(Action.DSF_CONTRIBUTION)
def dsf_pdf(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    pdf = services.pdf("hearing/dsf_pdf.html", services.dsf_of(situation))
    services.journal_download(situation, request.user, "dsf")
    return download(pdf, filename=f"dsf-{situation.public_id}.pdf", content_type=PDF)
