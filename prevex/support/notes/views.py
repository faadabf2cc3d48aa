"""The need-to-know notes of a situation: the ones the user may read, and the form to add one (htmx swaps the list)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.situations.models import Situation
from prevex.support.notes.cards import consents_card, withdraw_form
from prevex.support.notes.forms import ConsentForm, NoteForm
from prevex.support.notes.models import Consent, Note
from prevex.support.notes.services import consent_record, note_add
from prevex.support.notes.services import consent_withdraw as consent_withdraw_service


@action_required(Action.SUPPORT_NOTES)
def notes(request: HttpRequest, public_id) -> HttpResponse:
    situation = get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note_add(situation, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            if not request.htmx:
                return redirect("notes:notes", public_id=situation.public_id)
            form = NoteForm()
    context = {
        "situation": situation,
        "notes": Note.objects.visible_to(request.user)
        .filter(situation=situation)
        .select_related("author", "organisation"),
        "form": form,
        "read_only": bool(situation.anonymised_on),
    }
    template = "notes/notes.html#live" if request.htmx else "notes/notes.html"
    return render(request, template, context)


def _consents_answer(request: HttpRequest, situation, context: dict, *, done: bool) -> HttpResponse:
    if done and not request.htmx:
        return redirect(f"{situation.get_absolute_url()}#household-consents")
    template = "notes/includes/consents.html" if request.htmx else "notes/consents.html"
    return render(request, template, context)


@action_required(Action.RECORD_CONSENT)
def consents(request: HttpRequest, public_id) -> HttpResponse:
    """The household's consents to share (GET: the page; POST: record one). On the situation page, the same card
    posts here and htmx swaps it."""
    situation = get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)
    form = ConsentForm(request.POST or None, prefix="consent")
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(situation, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _add_errors(form, refusal)
        else:
            done, form = True, None
    return _consents_answer(request, situation, consents_card(situation, form=form), done=done)


@require_POST
@action_required(Action.RECORD_CONSENT)
def consent_withdraw(request: HttpRequest, public_id, consent_id: int) -> HttpResponse:
    situation = get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)
    consent = get_object_or_404(Consent.objects.filter(situation=situation), pk=consent_id)
    form = withdraw_form(consent, request.POST)
    errors = {}
    if form.is_valid():
        try:
            consent_withdraw_service(consent, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            errors[consent.pk] = refusal.messages
    else:
        errors[consent.pk] = [str(_("Retiré le : saisissez une date (jj/mm/aaaa)."))]
    context = consents_card(situation, withdraw_errors=errors)
    return _consents_answer(request, situation, context, done=not errors)


def _add_errors(form, refusal: ValidationError) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)
