"""The pages of every import pipeline, written once: upload → (columns) → preview → confirm or cancel (→ undo).

Each view receives its `Pipeline` (see `Pipeline.urls`): what the file is, how it is read and what confirming
writes are the pipeline's; the batch is always one of the user's team and of the pipeline's kind, else 404.
"""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.accounts.reauth import reauth_required
from prevex.imports import services
from prevex.imports.forms import MappingForm
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.pipeline import ROW_DEFAULTS, Decision, Pipeline, PreviewOutdated
from prevex.imports.reading import ImportFileError
from prevex.organisations.access import action_required
from prevex.situations.services import TimelineRefused

ROWS_PER_PAGE = 100


def for_pipeline(view, pipeline: Pipeline):
    """The view bound to its pipeline, behind the pipeline's action of the matrix."""

    @wraps(view)
    def bound(request, **kwargs):
        return view(request, pipeline, **kwargs)

    return action_required(pipeline.action)(bound)


def _batch(request: HttpRequest, pipeline: Pipeline, kwargs: dict) -> ImportBatch:
    return get_object_or_404(pipeline.batches(request.membership.team), public_id=kwargs[pipeline.param])


def upload(request: HttpRequest, pipeline: Pipeline) -> HttpResponse:
    team = request.membership.team
    form = pipeline.upload_form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            batch = pipeline.upload(
                team=team, data=file.read(), filename=file.name, user=request.user, **form.options()
            )
        except ImportFileError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            if profile := batch.summary.get("profile"):
                messages.info(request, _("Colonnes associées avec le profil « %(name)s ».") % {"name": profile})
            return redirect(pipeline.url_name(pipeline.after_upload(batch)), **{pipeline.param: batch.public_id})
    context = {
        "nav": pipeline.nav,
        "pipeline": pipeline,
        "form": form,
        "batches": pipeline.batches(team).select_related("uploaded_by")[:10],
        **pipeline.upload_context(team),
    }
    return render(request, pipeline.upload_template, context)


def mapping(request: HttpRequest, pipeline: Pipeline, **kwargs) -> HttpResponse:
    batch = _batch(request, pipeline, kwargs)
    if batch.status != ImportStatus.PREVIEWED:
        return redirect(pipeline.url_name("preview"), **{pipeline.param: batch.public_id})
    summary = batch.summary
    form = MappingForm(
        request.POST or None,
        headers=summary["headers"],
        samples=summary.get("samples", []),
        mapping=batch.mapping,
        choices=pipeline.field_choices(),
        codes=pipeline.code_questions(batch),
    )
    problems = summary.get("problems", [])
    if request.method == "POST" and form.is_valid():
        try:
            problems = pipeline.remap(
                batch=batch,
                mapping=form.mapping(),
                codes=form.codes(),
                save_as=form.cleaned_data["save_as"],
                user=request.user,
            )
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(pipeline.url_name("upload"))
        if not problems:
            return redirect(pipeline.url_name("preview"), **{pipeline.param: batch.public_id})
    context = {"nav": pipeline.nav, "pipeline": pipeline, "batch": batch, "form": form, "problems": problems}
    services.journal_view(batch, request.user, view="mapping")  # the columns' examples are the first rows' values
    return render(request, "imports/mapping.html", context)


def preview(request: HttpRequest, pipeline: Pipeline, **kwargs) -> HttpResponse:
    """The rows of the file and what each would do (or did), as decided at the last preview."""
    batch = _batch(request, pipeline, kwargs)
    if pipeline.needs_mapping(batch):
        return redirect(pipeline.url_name("mapping"), **{pipeline.param: batch.public_id})
    summary = batch.summary
    decision = request.GET.get("decision", "")
    decision = decision if decision in pipeline.decisions else ""
    rows = [pipeline.shown(row) for row in summary.get("details", [])]
    rows = [row for row in rows if not decision or row.get("decision") == decision]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [_shown(pipeline, row) for row in page.object_list]
    to_write = sum(summary.get(key, 0) for key in pipeline.written_decisions)
    context = {
        "nav": pipeline.nav,
        "pipeline": pipeline,
        "batch": batch,
        "summary": summary,
        "counts": [(key, pipeline.label(key), summary.get(key, 0)) for key in pipeline.decisions],
        "page": page,
        "decision": decision,
        "to_write": to_write,
        "confirm_label": pipeline.confirm_label(to_write),
        "written": pipeline.result_message(summary["written"]) if summary.get("written") else "",
        "already_committed": parse_datetime(summary.get("already_committed") or ""),
        "undo_blocker": pipeline.undo_blocker(batch) if batch.status == ImportStatus.COMMITTED else "",
    }
    services.journal_view(batch, request.user, view="preview", page=page.number)
    return render(request, "imports/preview.html", context)


def _shown(pipeline: Pipeline, row: dict) -> dict:
    """A kept row with every key the page reads (older batches kept fewer), and its decision's label."""
    name = row.get("name") or row.get("tenant", "")  # a tracking sheet's row kept before 2026-12 said "tenant"
    return {**ROW_DEFAULTS, **row, "name": name, "label": pipeline.label(row.get("decision", Decision.ERROR))}


@require_POST
def confirm(request: HttpRequest, pipeline: Pipeline, **kwargs) -> HttpResponse:
    batch = _batch(request, pipeline, kwargs)
    try:
        written = pipeline.commit(batch=batch, user=request.user)
    except PreviewOutdated as outdated:
        outdated.keep()
        messages.warning(request, str(outdated))
    except ImportFileError as error:
        messages.error(request, str(error))
    except TimelineRefused as refused:  # what changed since the preview would break a timeline: nothing written
        messages.error(request, " ".join([_("Import refusé, rien n'a été écrit :"), *refused.messages]))
    else:
        messages.success(request, pipeline.written_message(written))
    return redirect(pipeline.url_name("preview"), **{pipeline.param: batch.public_id})


@require_POST
@reauth_required
def cancel(request: HttpRequest, pipeline: Pipeline, **kwargs) -> HttpResponse:
    """Cancel a pending import (its file is deleted) and go back to the upload page, saying what happened."""
    batch = _batch(request, pipeline, kwargs)
    try:
        pipeline.cancel(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Import annulé : rien n'a été écrit."))
    return redirect(pipeline.url_name("upload"))


@require_POST
@reauth_required
def undo(request: HttpRequest, pipeline: Pipeline, **kwargs) -> HttpResponse:
    batch = _batch(request, pipeline, kwargs)
    try:
        undone = pipeline.undo(batch=batch, user=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Import défait : %(removed)s situations retirées, %(reverted)s mises à jour annulées.") % undone,
        )
    return redirect(pipeline.url_name("preview"), **{pipeline.param: batch.public_id})
