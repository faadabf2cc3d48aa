"""Aujourd'hui (the home page: the outreach worklist, then the hearings), a household's pause, the tasks done by
hand, and the team's sequence."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action, can
from prevex.outreach import services, worklist
from prevex.outreach.forms import PauseForm, ScopeForm, SequenceFormSet
from prevex.outreach.messaging.inbox import inbox_count
from prevex.outreach.models import SequenceStep, Task
from prevex.outreach.sequence import ESSONNE_SEQUENCE
from prevex.situations.caseload import for_today
from prevex.situations.models import Situation

TODAY_HORIZON_DAYS = 42
TODAY_SHOWN = 50  # hearings to come, and hearings past: the others through the list, filtered on the hearing date


@action_required(Action.WORK_ON_SITUATIONS, Action.VIEW_BILAN)
def today(request: HttpRequest) -> HttpResponse:
    """The home page: what needs doing (the tasks, by period and kind), then the hearings to come and those past
    with nothing recorded. Who may not work on situations (funders) gets the bilan."""
    if not can(request.user, Action.WORK_ON_SITUATIONS):
        return redirect("reports:bilan")
    day = timezone.localdate()
    team = request.membership.team
    visible = Situation.objects.visible_by(request.user).filter(anonymised_on__isnull=True)
    situations = for_today(visible.open().in_caseload(), team=team)
    scope = _scope(request)
    # The sequence's steps of the caseload; a request or a message (a callback…) whatever the situation's state.
    asked = Q(planned=False) & Q(worklist.of_situations(visible))
    tasks = worklist.scoped(
        Task.objects.for_team(team).open().filter(Q(worklist.of_situations(situations)) | asked),
        scope,
        request.user,
        request.membership,
    )
    if not can(request.user, Action.SEE_TEAM_CASELOAD):
        situations = situations.followed_by(request.user)
    upcoming = situations.hearing_within(TODAY_HORIZON_DAYS, today=day).by_hearing_date().select_related("commune")
    shown = upcoming[:TODAY_SHOWN]
    rows = [(situation, situation.days_before_hearing(day), situation.is_urgent(day)) for situation in shown]
    passed = situations.hearing_passed(today=day).by_hearing_date().select_related("commune")
    context = {
        "nav": "today",
        "worklist": worklist.build(tasks, today=day, done_by=services.done_by_of(team), scope=scope),
        "scope_form": ScopeForm(initial={"scope": scope}),
        "rows": rows,
        **upcoming.aggregate(
            upcoming_count=Count("pk"), urgent_count=Count("pk", filter=Situation.objects.urgent_q(today=day))
        ),
        "upcoming_until": day + dt.timedelta(days=TODAY_HORIZON_DAYS),
        "horizon_days": TODAY_HORIZON_DAYS,
        # Their own place, so that a hearing held (or an imported past one) never silently counts as waiting.
        "passed": list(passed[:TODAY_SHOWN]),
        "passed_count": passed.count(),
        "passed_until": day - dt.timedelta(days=1),
        # the tenants' replies no situation took, for whoever classifies them
        "inbox_count": inbox_count(team) if can(request.user, Action.HANDLE_REPLIES) else 0,
    }
    return render(request, "outreach/today.html", context)


def _scope(request: HttpRequest) -> str:
    """The scope asked for, else the team's for whoever sees the team's caseload, one's own otherwise."""
    form = ScopeForm(request.GET)
    if form.is_valid() and form.cleaned_data["scope"]:
        scope = form.cleaned_data["scope"]
        if scope != worklist.Scope.TEAM or can(request.user, Action.SEE_TEAM_CASELOAD):
            return scope
    return worklist.Scope.TEAM if can(request.user, Action.SEE_TEAM_CASELOAD) else worklist.Scope.MINE


def _situation(request: HttpRequest, public_id) -> Situation:
    return get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)


@action_required(Action.PAUSE_OUTREACH)
def pause(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pause_sequence(situation, form.cleaned_data["until"], form.cleaned_data["reason"], request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("La séquence d'aller-vers est en pause."))
            return redirect(situation)
    return render(request, "outreach/pause.html", {"nav": "situations", "situation": situation, "form": form})


@require_POST
@action_required(Action.PAUSE_OUTREACH)
def resume(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    try:
        services.resume_sequence(situation, request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("La séquence d'aller-vers reprend."))
    return redirect(situation)


@require_POST
@action_required(Action.WORK_ON_SITUATIONS)
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task outside the sequence (a callback…) marked done from Aujourd'hui."""
    task = get_object_or_404(
        Task.objects.filter(situation__in=Situation.objects.visible_by(request.user), planned=False), pk=task_id
    )
    services.task_done(task, request.user)
    messages.success(request, _("Tâche faite : %(label)s.") % {"label": task.label})
    return redirect("outreach:today")


@action_required(Action.MANAGE_OUTREACH)
def sequence(request: HttpRequest) -> HttpResponse:
    """The team's sequence: the shipped default until the coordinator edits it (then the team's own copy)."""
    team = request.membership.team
    steps = SequenceStep.objects.filter(team=team).order_by("position", "id")
    formset = SequenceFormSet(request.POST or None, queryset=steps) if steps.exists() else None
    if request.method == "POST" and "install" in request.POST:
        services.sequence_install_default(team)
        messages.success(request, _("La séquence de l'équipe peut maintenant être modifiée."))
        return redirect("outreach:sequence")
    if request.method == "POST" and formset is not None and formset.is_valid():
        with transaction.atomic():
            formset.save()
            result = services.tasks_sync_team(team)
        services.journal_sequence_change(team, request.user, [form.instance.code for form in formset.forms])
        messages.success(
            request,
            _("Séquence enregistrée ; les tâches de %(count)s situations sont recalculées.")
            % {"count": result.situations},
        )
        return redirect("outreach:sequence")
    context = {"nav": "team", "formset": formset, "default": ESSONNE_SEQUENCE}
    return render(request, "outreach/sequence.html", context)
