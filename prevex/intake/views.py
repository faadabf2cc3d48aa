"""The préfecture list wizard: upload → columns → preview → confirm (or cancel), then undo while possible."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.accounts.reauth import reauth_required
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.imports.reading import ImportFileError
from prevex.imports.services import journal_view
from prevex.imports.views import cancel_and_return
from prevex.intake import services
from prevex.intake.decisions import Decision
from prevex.intake.forms import ListUploadForm, MappingForm
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action

ROWS_PER_PAGE = 100


def _batches(request: HttpRequest):
    return ImportBatch.objects.for_team(request.membership.team).of_kind(ImportKind.PREFECTURE)


def _batch_for(request: HttpRequest, list_id) -> ImportBatch:
    """A préfecture list of the user's team, or 404: another team's imports, and the other pipelines' files
    (tracking sheets, social-services answers), do not exist here."""
    return get_object_or_404(_batches(request), public_id=list_id)


@action_required(Action.IMPORT_FILES)
def upload(request: HttpRequest) -> HttpResponse:
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                team=request.membership.team,
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        except ImportFileError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            if batch.summary.get("profile"):
                messages.info(
                    request, _("Colonnes associées avec le profil « %(name)s ».") % {"name": batch.summary["profile"]}
                )
                return redirect("intake:preview", list_id=batch.public_id)
            return redirect("intake:mapping", list_id=batch.public_id)
    batches = _batches(request).select_related("uploaded_by")[:10]
    return render(request, "intake/upload.html", {"nav": "intake", "form": form, "batches": batches})


@action_required(Action.IMPORT_FILES)
def mapping(request: HttpRequest, list_id) -> HttpResponse:
    batch = _batch_for(request, list_id)
    if batch.status != ImportStatus.PREVIEWED:
        return redirect("intake:preview", list_id=batch.public_id)
    summary = batch.summary
    form = MappingForm(
        request.POST or None, headers=summary["headers"], samples=summary.get("samples", []), mapping=batch.mapping
    )
    problems = summary.get("problems", [])
    if request.method == "POST" and form.is_valid():
        try:
            preview = services.batch_remap(
                batch=batch, mapping=form.mapping(), save_as=form.cleaned_data["save_as"], user=request.user
            )
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("intake:upload")
        if not preview.problems:
            return redirect("intake:preview", list_id=batch.public_id)
        problems = preview.problems
    context = {"nav": "intake", "batch": batch, "form": form, "problems": problems}
    journal_view(batch, request.user, view="mapping")  # the columns' examples are the first rows' values
    return render(request, "intake/mapping.html", context)


@action_required(Action.IMPORT_FILES)
def preview(request: HttpRequest, list_id) -> HttpResponse:
    """The rows of the list and what each would do (or did), as decided at the last preview."""
    batch = _batch_for(request, list_id)
    summary = batch.summary
    if summary.get("problems") and batch.status == ImportStatus.PREVIEWED:
        return redirect("intake:mapping", list_id=batch.public_id)
    decision = request.GET.get("decision", "")
    decision = decision if decision in Decision.ALL else ""
    rows = [row for row in summary.get("details", []) if not decision or row["decision"] == decision]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [{**row, "label": Decision.LABELS[row["decision"]]} for row in page.object_list]
    context = {
        "nav": "intake",
        "batch": batch,
        "summary": summary,
        "counts": [(key, Decision.LABELS[key], summary.get(key, 0)) for key in Decision.ALL],
        "page": page,
        "decision": decision,
        "to_write": summary.get(Decision.NEW, 0) + summary.get(Decision.UPDATE, 0),
        "already_committed": parse_datetime(summary.get("already_committed") or ""),
        "undo_blocker": services.undo_blocker(batch) if batch.status == ImportStatus.COMMITTED else "",
    }
    journal_view(batch, request.user, view="preview", page=page.number)
    return render(request, "intake/preview.html", context)


@require_POST
@action_required(Action.IMPORT_FILES)
def confirm(request: HttpRequest, list_id) -> HttpResponse:
    batch = _batch_for(request, list_id)
    try:
        written = services.batch_commit(batch=batch, user=request.user)
    except services.PreviewOutdated as outdated:
        services.refresh_outdated(outdated)
        messages.warning(request, str(outdated))
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Import terminé. Situations créées : %(created)s ; mises à jour : %(updated)s.") % written
        )
    return redirect("intake:preview", list_id=batch.public_id)


@require_POST
@action_required(Action.IMPORT_FILES)
@reauth_required
def cancel(request: HttpRequest, list_id) -> HttpResponse:
    return cancel_and_return(request, _batch_for(request, list_id), to="intake:upload")


@require_POST
@action_required(Action.IMPORT_FILES)
@reauth_required
def undo(request: HttpRequest, list_id) -> HttpResponse:
    batch = _batch_for(request, list_id)
    try:
        undone = services.batch_undo(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Import défait : %(removed)s situations retirées, %(reverted)s mises à jour annulées.") % undone
        )
    return redirect("intake:preview", list_id=batch.public_id)
