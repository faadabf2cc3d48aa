"""A situation's préconisations and actions (a section of the situation's page, loaded and updated by htmx; the
same page stands alone without it), and the team's catalogue for its coordinator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action as Can
from prevex.situations.models import Situation
from prevex.support.actions import services
from prevex.support.actions.forms import ActionAddForm, ActionStatusForm, KindAddForm, KindFormSet, ReferralForm
from prevex.support.actions.models import Action


def _situation(request, public_id) -> Situation:
    return get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)


def _render(request, situation, *, add_form=None, failed=None, refusal="", saved=""):
    actions = (
        Action.objects.filter(situation=situation)
        .select_related("kind", "organisation", "owner")
        .order_by("proposed_on", "id")
    )
    read_only = bool(situation.anonymised_on)
    rows = []
    for action in actions:
        forms = failed if failed is not None and failed[0] == action.pk else None
        status_form = forms[1] if forms else ActionStatusForm(action=action)
        referral_form = forms[2] if forms else ReferralForm(action=action)
        rows.append({"action": action, "status_form": status_form, "referral_form": referral_form, "open": bool(forms)})
    context = {
        "situation": situation,
        "rows": rows,
        "add_form": add_form or ActionAddForm(team=situation.team, user=request.user),
        "read_only": read_only,
        "refusal": refusal,
        "saved": saved,
    }
    template = "actions/situation.html#live" if request.htmx else "actions/situation.html"
    return render(request, template, context)


def _done(request, situation, message: str):
    if request.htmx:
        return _render(request, situation, saved=message)
    messages.success(request, message)
    return redirect("actions:situation", public_id=situation.public_id)


@action_required(Can.WORK_ON_SITUATIONS)
def situation_actions(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    if request.method != "POST":
        return _render(request, situation)
    form = ActionAddForm(request.POST, team=situation.team, user=request.user)
    if form.is_valid():
        try:
            action = services.action_propose(situation, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return _done(request, situation, _("Préconisation ajoutée : %(kind)s.") % {"kind": action.kind.label})
    return _render(request, situation, add_form=form)


@action_required(Can.WORK_ON_SITUATIONS)
def action_update(request: HttpRequest, public_id, action_id: int) -> HttpResponse:
    situation = _situation(request, public_id)
    action = get_object_or_404(Action.objects.select_related("kind", "situation"), pk=action_id, situation=situation)
    if request.method != "POST":
        return _render(request, situation)
    status_form = ActionStatusForm(request.POST if "status" in request.POST else None, action=action)
    referral_form = ReferralForm(request.POST if "referral" in request.POST else None, action=action)
    form = status_form if "status" in request.POST else referral_form if "referral" in request.POST else None
    if form is not None and form.is_valid():
        try:
            if form is status_form:
                services.action_change_status(action, request.user, **form.cleaned_data)
            else:
                services.referral_update(action, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return _done(request, situation, _("Préconisation mise à jour : %(kind)s.") % {"kind": action.kind.label})
    return _render(request, situation, failed=(action.pk, status_form, referral_form))


@action_required(Can.WORK_ON_SITUATIONS)
@require_POST
def propose_rights(request: HttpRequest, public_id) -> HttpResponse:
    """The rights estimate's « ouvertures de droits » (their action codes, posted by the rights page's button) as
    préconisations of the situation; a kind already open is not proposed twice."""
    situation = _situation(request, public_id)
    try:
        proposed = services.propose_from_rights(situation, request.POST.getlist("code"), request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if proposed:
            messages.success(
                request,
                _("Préconisations ajoutées : %(kinds)s.") % {"kinds": ", ".join(a.kind.label for a in proposed)},
            )
        else:
            messages.info(request, _("Ces ouvertures de droits sont déjà préconisées pour ce ménage."))
    return redirect("actions:situation", public_id=situation.public_id)


@action_required(Can.MANAGE_ACTION_CATALOGUE)
def catalogue(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    kinds = services.kinds_of(team)
    formset = KindFormSet(request.POST if "save" in request.POST else None, queryset=kinds)
    add_form = KindAddForm(request.POST if "add" in request.POST else None)
    if "save" in request.POST and formset.is_valid():
        with transaction.atomic():
            changed = [form.save(commit=False) for form in formset.forms if form.has_changed()]
            services.catalogue_update(team, request.user, changed)
        messages.success(request, _("Catalogue enregistré."))
        return redirect("actions:catalogue")
    if "add" in request.POST and add_form.is_valid():
        try:
            kind = services.kind_add(team, request.user, **add_form.cleaned_data)
        except ValidationError as refusal:
            add_form.add_error(None, refusal)
        else:
            messages.success(request, _("Préconisation ajoutée au catalogue : %(label)s.") % {"label": kind.label})
            return redirect("actions:catalogue")
    return render(request, "actions/catalogue.html", {"formset": formset, "add_form": add_form})
