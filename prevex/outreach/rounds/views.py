"""The pages of visit rounds: the team's rounds, planning one, the round on a phone (one card at a time, an outcome
in one tap), and its printable sheet. Thin: the rules are in `services.py`, the order in `walking.py`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.core.downloads import download
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action, can
from prevex.outreach.rounds import services
from prevex.outreach.rounds.forms import OUTCOME_BUTTONS, OutcomeForm, PlanForm
from prevex.outreach.rounds.models import Round, RoundStop
from prevex.outreach.rounds.walking import parse_address
from prevex.situations.enums import VisitOutcome

ROUNDS_SHOWN = 50


def _round(request: HttpRequest, round_id) -> Round:
    rounds = Round.objects.filter(team=request.membership.team).select_related("sector")
    return get_object_or_404(rounds.prefetch_related("workers"), public_id=round_id)


@action_required(Action.PLAN_ROUNDS)
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = list(services.rounds_of(request.membership.team)[:ROUNDS_SHOWN])
    return render(request, "rounds/list.html", {"nav": "rounds", "rounds": rounds, "today": timezone.localdate()})


def _plan_initial(request: HttpRequest) -> dict:
    """The planner goes on the round; Aujourd'hui's link may preset the day (`?day=AAAA-MM-JJ`)."""
    initial = {"workers": [request.user.pk]}
    if request.GET.get("day"):
        initial["day"] = request.GET["day"]
    return initial


@action_required(Action.PLAN_ROUNDS)
def plan(request: HttpRequest) -> HttpResponse:
    """Choose the day, the territory and who goes; Prevex proposes the households to visit, all ticked; untick
    some and save. Two buttons of one form: « Proposer » (again) and « Enregistrer »."""
    team = request.membership.team
    form = PlanForm(request.POST or None, team=team, initial=_plan_initial(request))
    candidates, ticked = None, set()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = services.proposal(request.user, day=data["day"], sector=data["sector"], communes=data["communes"])
        ticked = {candidate.situation.pk for candidate in candidates}
        if "save" in request.POST:
            ticked &= {int(pk) for pk in request.POST.getlist("situations") if pk.isdigit()}
            try:
                visit_round = services.round_create(request.user, situation_ids=ticked, **data)
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                messages.success(request, _("Tournée enregistrée."))
                return redirect("rounds:detail", round_id=visit_round.public_id)
    context = {
        "nav": "rounds",
        "form": form,
        "candidates": candidates,
        "ticked": ticked,
        "day": form.cleaned_data.get("day") if candidates is not None else None,
    }
    return render(request, "rounds/plan.html", context)


def _live_context(request: HttpRequest, visit_round: Round, *, current_pk=None, **extra) -> dict:
    """The round page's changing part: progress, the current card, what comes next, what is recorded."""
    stops = services.stops_of(visit_round)
    may_correct_any = can(request.user, Action.CORRECT_ANY_EVENT)
    may_correct_own = can(request.user, Action.DELETE_OWN_EVENT)
    for stop in stops:
        stop.address = parse_address(stop.situation.address)
        stop.correctable = stop.is_recorded and (
            may_correct_any or (may_correct_own and stop.event.author_id == request.user.pk)
        )
    waiting = [stop for stop in stops if not stop.is_recorded]
    current = next((stop for stop in waiting if stop.pk == current_pk), waiting[0] if waiting else None)
    following = [stop for stop in waiting if stop is not current]
    return {
        "round": visit_round,
        "current": current,
        "following": following,
        "next_stop": following[0] if following else None,
        "recorded": [stop for stop in stops if stop.is_recorded],
        "stop_count": len(stops),
        "recorded_count": len(stops) - len(waiting),
        "outcome_buttons": OUTCOME_BUTTONS,
        "outcome_labels": dict(OUTCOME_BUTTONS),
        "today": timezone.localdate(),
        "form": extra.pop("form", None) or OutcomeForm(),
        "notice": "",
        "error": "",
        **extra,
    }


def _wanted_stop(request: HttpRequest):
    value = request.GET.get("etape", "")
    return int(value) if value.isdigit() else None


@action_required(Action.PLAN_ROUNDS)
def detail(request: HttpRequest, round_id) -> HttpResponse:
    """The round on a phone: one card at a time (`?etape=<id>` opens another one), the outcome in one tap."""
    visit_round = _round(request, round_id)
    context = _live_context(request, visit_round, current_pk=_wanted_stop(request))
    return render(request, "rounds/round.html", {"nav": "rounds", **context})


@require_POST
@action_required(Action.PLAN_ROUNDS)
def record(request: HttpRequest, round_id, stop_id: int) -> HttpResponse:
    """One tap: the outcome of a stop, recorded once as a VISIT event; then the next card (htmx swaps the round's
    live part; without JavaScript, a redirect to the round)."""
    visit_round = _round(request, round_id)
    stop = get_object_or_404(RoundStop.objects.filter(round=visit_round, situation__team=visit_round.team), pk=stop_id)
    form = OutcomeForm(request.POST)
    notice, error = "", ""
    if form.is_valid():
        try:
            stop, created = services.outcome_record(
                stop, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], user=request.user
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            label = VisitOutcome(stop.event.visit_outcome).label
            notice = (_("Visite notée : %(outcome)s.") if created else _("Déjà noté : %(outcome)s.")) % {
                "outcome": label
            }
    else:
        error = _("Choisissez le résultat de la visite.")
    if not error and not request.htmx:
        messages.success(request, notice)
        return redirect("rounds:detail", round_id=visit_round.public_id)
    current_pk = stop.pk if error else None
    context = _live_context(request, visit_round, current_pk=current_pk, notice=notice, error=error)
    if error:
        context["form"] = form
    template = "rounds/round.html#live" if request.htmx else "rounds/round.html"
    return render(request, template, {"nav": "rounds", **context})


def _sheet_context(visit_round: Round) -> dict:
    stops = services.stops_of(visit_round)
    for stop in stops:
        stop.address = parse_address(stop.situation.address)
    return {"nav": "rounds", "round": visit_round, "stops": stops, "outcome_buttons": OUTCOME_BUTTONS}


@action_required(Action.PLAN_ROUNDS)
def sheet(request: HttpRequest, round_id) -> HttpResponse:
    """The round on paper: every stop in order, the outcomes to tick, room for a note (print it from the page)."""
    return render(request, "rounds/sheet.html", _sheet_context(_round(request, round_id)))


@action_required(Action.PLAN_ROUNDS)
def sheet_pdf(request: HttpRequest, round_id) -> HttpResponse:
    """The same sheet as a PDF (A4), for whoever prints from elsewhere; the download is journaled."""
    visit_round = _round(request, round_id)
    context = _sheet_context(visit_round)
    pdf = services.sheet_pdf(render_to_string("rounds/sheet_pdf.html", context, request=request))
    services.journal_sheet_download(visit_round, request.user, len(context["stops"]))
    return download(pdf, filename=f"tournee-{visit_round.day.isoformat()}.pdf", content_type="application/pdf")


@require_POST
@action_required(Action.PLAN_ROUNDS)
def cancel(request: HttpRequest, round_id) -> HttpResponse:
    """A round planned by mistake, before any outcome: cancelled, its households proposed again."""
    visit_round = _round(request, round_id)
    try:
        services.round_cancel(visit_round, request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("rounds:detail", round_id=visit_round.public_id)
    messages.success(request, _("Tournée annulée : ses ménages seront proposés à nouveau."))
    return redirect("rounds:list")
