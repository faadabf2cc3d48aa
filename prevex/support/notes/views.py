"""The need-to-know notes of a situation: the ones the user may read, and the form to add one (htmx swaps the list)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.situations.models import Situation
from prevex.support.notes.forms import NoteForm
from prevex.support.notes.models import Note
from prevex.support.notes.services import note_add


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
