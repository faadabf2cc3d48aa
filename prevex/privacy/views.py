import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from prevex.accounts.reauth import reauth_required
from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.privacy import services
from prevex.privacy.forms import RetentionForm
from prevex.situations.models import Situation

UPCOMING_SHOWN = 200


@action_required(Action.MANAGE_RETENTION)
def retention(request: HttpRequest) -> HttpResponse:
    """The team's retention period, and what will be anonymised within a month."""
    team = request.membership.team
    form = RetentionForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        before = team.retention_months
        form.save()
        AuditEntry.log(
            actor=request.user,
            action=AuditAction.UPDATE,
            target=team,
            details={"retention_months": {"before": before, "after": team.retention_months}},
        )
        messages.success(request, _("Durée de conservation enregistrée."))
        return redirect("privacy:retention")
    in_a_month = services.months_before(timezone.localdate(), -1)
    upcoming = services.due_for_retention(team, on=in_a_month).select_related("commune")
    anonymised = Situation.objects.for_team(team).filter(anonymised_on__isnull=False)
    context = {
        "nav": "retention",
        "form": form,
        "upcoming": upcoming[:UPCOMING_SHOWN],
        "upcoming_count": upcoming.count(),
        "in_a_month": in_a_month,
        "anonymised_count": anonymised.count(),
    }
    return render(request, "privacy/retention.html", context)


def _situation(request: HttpRequest, public_id) -> Situation:
    return get_object_or_404(
        Situation.objects.visible_by(request.user).select_related("team", "commune"), public_id=public_id
    )


@require_GET
@action_required(Action.EXERCISE_RIGHTS)
@reauth_required
def rights_export(request: HttpRequest, public_id) -> HttpResponse:
    """Right of access: everything held about the household, as JSON (?format=json) or a printable page."""
    situation = _situation(request, public_id)
    data = services.personal_data(situation)
    as_json = request.GET.get("format") == "json"
    AuditEntry.log(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=situation,
        details={"export": "personal_data", "format": "json" if as_json else "html"},
    )
    if as_json:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="prevex-donnees-{situation.public_id}.json"'
        return response
    return render(request, "privacy/export.html", {"situation": situation, "data": data})


@action_required(Action.EXERCISE_RIGHTS)
@reauth_required
def rights_erase(request: HttpRequest, public_id) -> HttpResponse:
    """Right to erasure: a confirmation page, then the same anonymisation as retention, at once."""
    situation = _situation(request, public_id)
    if request.method == "POST" and not situation.anonymised_on:
        services.erase_on_request(situation, actor=request.user)
        messages.success(request, _("Les données personnelles de cette situation ont été effacées."))
        return redirect(situation.get_absolute_url())
    return render(request, "privacy/erase.html", {"situation": situation})
