"""The journal's pages: the team's journal (coordinators, filtered, in French) and one's own history (CSV)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prevex.accounts.reauth import reauth_required
from prevex.audit.exports import journal_csv
from prevex.audit.models import AuditAction, AuditEntry
from prevex.audit.presenters import present
from prevex.journal.forms import JournalFilterForm
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action

ENTRIES_PER_PAGE = 50


@require_GET
@action_required(Action.READ_JOURNAL)
def team_journal(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    form = JournalFilterForm(request.GET or None, team=team)
    entries = form.filter(AuditEntry.objects.for_team(team)).select_related("actor", "organisation")
    page = Paginator(entries.order_by("-created_at", "-pk"), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/journal.html",
        {
            "nav": "journal",
            "form": form,
            "page": page,
            "lines": present(page.object_list, request.user),
            "query": query.urlencode(),
        },
    )


@require_GET
@reauth_required
def my_history(request: HttpRequest) -> HttpResponse:
    """Everything the journal holds about what one did, and about one's account (CSV)."""
    user = request.user
    entries = AuditEntry.objects.filter(actor=user) | AuditEntry.objects.filter(
        target_type="accounts.user", target_id=str(user.pk)
    )
    content = journal_csv(entries, viewer=user)
    AuditEntry.log(actor=user, action=AuditAction.EXPORT, target=user, details={"export": "own_history"})
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="prevex-mon-historique.csv"'
    return response
