"""Intake pages besides its import pipelines: the dashboard, the social-services export and the check of one
situation, the eligibility rules."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prevex.accounts.reauth import reauth_required
from prevex.core.downloads import download
from prevex.imports import profiles
from prevex.imports.models import MappingProfile
from prevex.intake import dashboard, social_services
from prevex.intake.defaults import default_social_landlords, load_default_social_landlords
from prevex.intake.forms import EligibilityForm, SocialServicesCheckForm
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.situations.models import Situation
from prevex.situations.services import SituationAnonymised, record_check


@require_GET
@action_required(Action.WORK_ON_SITUATIONS)
def intake_dashboard(request: HttpRequest) -> HttpResponse:
    team, today = request.membership.team, timezone.localdate()
    rows = dashboard.weeks(team, today=today)
    context = {
        "nav": "dashboard",
        "weeks": rows,
        "totals": dashboard.totals(rows),
        "waiting_check": Situation.objects.for_team(team).open().awaiting_social_services_check().count(),
        "uncontacted": dashboard.uncontacted(team, today=today),
        "horizon_weeks": dashboard.UNCONTACTED_HORIZON_DAYS // 7,
    }
    return render(request, "intake/dashboard.html", context)


@require_GET
@action_required(Action.CHECK_SOCIAL_SERVICES)
@reauth_required
def social_services_export(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    situations = social_services.to_check(team, include_unchecked=request.GET.get("tous") == "1")
    return download(
        social_services.export_xlsx(situations, user=request.user, team=team),
        filename=f"verification-services-sociaux-{timezone.localdate()}.xlsx",
    )


@require_POST
@action_required(Action.WORK_ON_SITUATIONS)
def social_services_mark(request: HttpRequest, public_id) -> HttpResponse:
    """Set the check by hand on one situation (e.g. after a phone call with the MDS)."""
    situation = get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)
    form = SocialServicesCheckForm(request.POST)
    if form.is_valid():
        try:
            record_check(situation, known=form.known(), user=request.user, service=form.cleaned_data["service"])
        except SituationAnonymised as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Vérification auprès des services sociaux enregistrée."))
    return redirect(situation.get_absolute_url())


@action_required(Action.MANAGE_TEAM)
def eligibility(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    form = EligibilityForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        form.save(user=request.user)
        messages.success(request, _("Règles d'éligibilité enregistrées."))
        return redirect("intake:eligibility")
    context = {"nav": "intake", "form": form, "profiles": MappingProfile.objects.filter(team=team)}
    return render(request, "intake/eligibility.html", context)


@require_POST
@action_required(Action.MANAGE_TEAM)
@reauth_required
def profile_delete(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = get_object_or_404(MappingProfile, team=request.membership.team, pk=profile_id)
    profiles.profile_delete(profile=profile, user=request.user)
    messages.info(request, _("Profil « %(name)s » supprimé.") % {"name": profile.name})
    return redirect("intake:eligibility")


@require_POST
@action_required(Action.MANAGE_TEAM)
def social_landlords_defaults(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    added = load_default_social_landlords(team)
    if default_social_landlords(team.departement):
        messages.success(request, _("%(count)s bailleurs sociaux ajoutés depuis la liste fournie.") % {"count": added})
    else:
        messages.info(
            request, _("Prevex ne fournit pas encore de liste pour le département %(dep)s.") % {"dep": team.departement}
        )
    return redirect("intake:eligibility")
