from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.imports import services
from prevex.imports.forms import UploadForm
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.organisations.access import coordinator_required

ROWS_PER_PAGE = 100


def _batch_for(request: HttpRequest, batch_id) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.filter(team=request.membership.team), public_id=batch_id)


@coordinator_required
def suivi_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _result = services.batch_upload(team=request.membership.team, data=upload.read(),
                                                   filename=upload.name, user=request.user)  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:suivi_preview", batch_id=batch.public_id)
    batches = ImportBatch.objects.filter(team=request.membership.team).select_related("uploaded_by")[:10]
    return render(request, "imports/upload.html", {"nav": "imports", "form": form, "batches": batches})


@coordinator_required
def suivi_preview(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    if batch.status != ImportStatus.PREVIEWED:
        return render(request, "imports/result.html", {"nav": "imports", "batch": batch})
    result = services.batch_preview(batch)
    rows = sorted(result.rows, key=lambda row: (row.decision != "error", row.line))
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"nav": "imports", "batch": batch, "result": result, "page": page, "counts": result.counts}
    return render(request, "imports/preview.html", context)


@require_POST
@coordinator_required
def suivi_confirm(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        written = services.batch_commit(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Import terminé : %(created)s situations créées, %(updated)s mises à jour.") % written
        )
    return redirect("imports:suivi_preview", batch_id=batch.public_id)


@require_POST
@coordinator_required
def suivi_cancel(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    try:
        services.batch_cancel(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Import annulé : rien n'a été écrit."))
    return redirect("imports:suivi_upload")
