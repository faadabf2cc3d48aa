from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from prevex.accounts.reauth import reauth_required
from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.reports.bilan import compute_bilan
from prevex.reports.exports import XLSX_CONTENT_TYPE, bilan_xlsx, xlsx_filename
from prevex.reports.forms import BilanForm, scope_query
from prevex.reports.secrecy import mask_small_figures, secrecy_note, sees_exact_figures
from prevex.reports.table import bilan_table


def _secret(request: HttpRequest) -> bool:
    """A funder's bilan: whole months, no commune, small figures masked (`secrecy.py`)."""
    return not sees_exact_figures(request.user)


def _form(request: HttpRequest) -> BilanForm:
    return BilanForm(
        request.GET or None, team=request.membership.team, today=timezone.localdate(), whole_months=_secret(request)
    )


def _figures(request: HttpRequest, scope) -> dict:
    figures = compute_bilan(scope)
    return mask_small_figures(figures) if _secret(request) else figures


@require_GET
@action_required(Action.VIEW_BILAN)
def bilan(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    scope = form.scope()
    context = {
        "nav": "bilan",
        "form": form,
        "scope": scope,
        "table": None,
        "query": "",
        "secrecy_note": secrecy_note() if _secret(request) else "",
    }
    if scope is not None:
        context |= {"table": bilan_table(_figures(request, scope)), "query": scope_query(scope)}
    return render(request, "reports/bilan.html", context)


@require_GET
@action_required(Action.EXPORT_BILAN)
@reauth_required
def bilan_download(request: HttpRequest) -> HttpResponse:
    scope = _form(request).scope()
    if scope is None:
        return redirect(f"{reverse('reports:bilan')}?{request.GET.urlencode()}")
    figures = _figures(request, scope)
    AuditEntry.log(actor=request.user, action=AuditAction.EXPORT, target=scope.team, details=figures["scope"])
    response = HttpResponse(bilan_xlsx(scope, figures, secret=_secret(request)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{xlsx_filename(scope)}"'
    return response
