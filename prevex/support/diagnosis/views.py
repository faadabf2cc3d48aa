"""The diagnosis of a situation (current version and history with what changed), the form of a new version, and
the two pages that compute from the current version: the repayment plan and the rights estimate."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.situations.models import Situation
from prevex.support import rights
from prevex.support.budget import BudgetInputError
from prevex.support.diagnosis import services
from prevex.support.diagnosis.changes import facts, shown
from prevex.support.diagnosis.forms import DiagnosisForm, PersonFormSet
from prevex.support.diagnosis.initial import form_initial, persons_initial, typed, typed_persons
from prevex.support.diagnosis.models import Diagnosis
from prevex.support.diagnosis.plan_form import FloorForm


def _situation(request, public_id) -> Situation:
    return get_object_or_404(Situation.objects.visible_by(request.user).select_related("commune"), public_id=public_id)


@require_safe
@action_required(Action.READ_DIAGNOSIS)
def detail(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    versions = services.history(situation)
    current = versions[0].diagnosis if versions else None
    context = {
        "situation": situation,
        "current": current,
        "current_facts": shown(facts(current)) if current else [],
        "versions": versions,
        "read_only": bool(situation.anonymised_on),
    }
    return render(request, "diagnosis/detail.html", context)


@action_required(Action.WRITE_DIAGNOSIS)
def new(request: HttpRequest, public_id) -> HttpResponse:
    """A new version, pre-filled from the current one; « Ajouter une personne » re-shows the form with a row more."""
    situation = _situation(request, public_id)
    if situation.anonymised_on:  # read-only: nothing is added to an anonymised situation
        return redirect("diagnosis:detail", public_id=situation.public_id)
    previous = Diagnosis.objects.current(situation)
    if request.method == "POST":
        form = DiagnosisForm(request.POST)
        persons = PersonFormSet(request.POST, prefix="person")
        if "add_person" in request.POST:  # what was typed, unchecked yet, and an empty row more
            form = DiagnosisForm(initial=typed(request.POST))
            persons = PersonFormSet(prefix="person", initial=typed_persons(request.POST))
        elif form.is_valid() and persons.is_valid():
            try:
                services.diagnosis_record(situation, request.user, persons=persons.persons(), **form.values())
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                return redirect("diagnosis:detail", public_id=situation.public_id)
    else:
        form = DiagnosisForm(initial=form_initial(previous, timezone.localdate()))
        persons = PersonFormSet(prefix="person", initial=persons_initial(previous))
    context = {"situation": situation, "previous": previous, "form": form, "persons": persons}
    return render(request, "diagnosis/new.html", context)


@require_safe
@action_required(Action.READ_DIAGNOSIS)
def plan(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    current = Diagnosis.objects.current(situation)
    floor_form = FloorForm(request.GET or None)
    result, refusal = None, None
    if current is not None:
        try:
            result = services.repayment_plan(current, floor_form.floor())
        except BudgetInputError as error:
            refusal = " ".join(error.messages)
    context = {"situation": situation, "current": current, "floor_form": floor_form, "plan": result, "refusal": refusal}
    return render(request, "diagnosis/plan.html", context)


@action_required(Action.READ_DIAGNOSIS)
def rights_page(request: HttpRequest, public_id) -> HttpResponse:
    """The estimate runs on demand (a POST of the button), never on a page load: openfisca takes seconds."""
    situation = _situation(request, public_id)
    current = Diagnosis.objects.current(situation)
    timed, refusal = None, None
    if request.method == "POST" and current is not None:
        try:
            timed = services.rights_estimate(current, timezone.localdate())
        except (rights.RightsUnavailable, BudgetInputError) as error:
            refusal = str(error)
    context = {"situation": situation, "current": current, "timed": timed, "refusal": refusal}
    template = "diagnosis/rights.html#result" if request.htmx and request.method == "POST" else "diagnosis/rights.html"
    return render(request, template, context)
