from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.accounts.reauth import reauth_required
from prevex.imports import services
from prevex.imports.forms import UploadForm
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.imports.tracking_sheet import Decision
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action

ROWS_PER_PAGE = 100


def _batches(request: HttpRequest):
    return ImportBatch.objects.for_team(request.membership.team).of_kind(ImportKind.SUIVI)


def _batch_for(request: HttpRequest, batch_id) -> ImportBatch:
    """A tracking sheet of the user's team, or 404: another team's imports, and the other pipelines' files
    (préfecture lists, social-services answers), do not exist here."""
    return get_object_or_404(_batches(request), public_id=batch_id)


@action_required(Action.IMPORT_FILES)
def suivi_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _result = services.batch_upload(
                team=request.membership.team, data=upload.read(), filename=upload.name, user=request.user
            )
        except ImportFileError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("imports:suivi_preview", batch_id=batch.public_id)
    batches = _batches(request).select_related("uploaded_by")[:10]
    return render(request, "imports/upload.html", {"nav": "imports", "form": form, "batches": batches})


@action_required(Action.IMPORT_FILES)
def suivi_preview(request: HttpRequest, batch_id) -> HttpResponse:
    """The rows of the file and what each would do (or did), as checked when the file was uploaded."""
    batch = _batch_for(request, batch_id)
    summary = batch.summary
    decision = request.GET.get("decision", "")
    decision = decision if decision in Decision.ALL else ""
    rows = [row for row in summary.get("details", []) if not decision or row["decision"] == decision]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [{**row, "label": Decision.LABELS[row["decision"]]} for row in page.object_list]
    context = {
        "nav": "imports",
        "batch": batch,
        "summary": summary,
        "page": page,
        "decision": decision,
        "filters": _filters(summary),
        "valid_rows": summary.get(Decision.NEW, 0) + summary.get(Decision.UPDATE, 0),
        "already_committed": parse_datetime(summary.get("already_committed") or ""),
    }
    template = "imports/preview.html" if batch.status == ImportStatus.PREVIEWED else "imports/result.html"
    services.journal_view(batch, request.user, view="preview", page=page.number)
    return render(request, template, context)


def _filters(summary: dict) -> list[tuple[str, str, int]]:
    """(decision, label, count) of the links that narrow the table down; '' is every row."""
    everything = [("", _("Toutes les lignes"), summary.get("rows", 0))]
    return everything + [
        (decision, str(Decision.LABELS[decision]), summary.get(decision, 0))
        for decision in Decision.ALL
        if summary.get(decision)
    ]


@require_POST
@action_required(Action.IMPORT_FILES)
def suivi_confirm(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        written = services.batch_commit(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Import terminé. Situations créées : %(created)s ; mises à jour : %(updated)s ; "
                "événements ajoutés : %(events)s."
            )
            % written,
        )
    return redirect("imports:suivi_preview", batch_id=batch.public_id)


@require_POST
@action_required(Action.IMPORT_FILES)
@reauth_required
def suivi_cancel(request: HttpRequest, batch_id) -> HttpResponse:
    return cancel_and_return(request, _batch_for(request, batch_id), to="imports:suivi_upload")


def cancel_and_return(request: HttpRequest, batch: ImportBatch, *, to: str) -> HttpResponse:
    """Cancel a pending import (its file is deleted) and go back to the upload page, saying what happened."""
    try:
        services.batch_cancel(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Import annulé : rien n'a été écrit."))
    return redirect(to)
