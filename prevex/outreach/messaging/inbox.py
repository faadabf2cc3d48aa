"""The team's inbox of the tenants' replies that matched no single situation: a coordinator reads one, searches
a situation of the team and attaches it (the same effect as a match), or discards it with a reason. Thin: the
work is in `inbound.py`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.outreach.messaging import inbound
from prevex.outreach.messaging.forms import DiscardForm, SituationSearchForm
from prevex.outreach.messaging.models import InboundMessage
from prevex.situations.models import Situation

SHOWN = 100
FOUND = 10


def inbox_count(team) -> int:
    """The replies waiting in the team's inbox (one query: Aujourd'hui's link)."""
    return InboundMessage.objects.for_team(team).in_inbox().count()


def _item(request: HttpRequest, inbound_id) -> InboundMessage:
    rows = InboundMessage.objects.for_team(request.membership.team).in_inbox()
    return get_object_or_404(rows, public_id=inbound_id)


def _situations(request: HttpRequest):
    return Situation.objects.for_team(request.membership.team).filter(anonymised_on__isnull=True)


@action_required(Action.HANDLE_REPLIES)
def inbox(request: HttpRequest) -> HttpResponse:
    rows = InboundMessage.objects.for_team(request.membership.team).in_inbox().order_by("-received_at", "-pk")
    context = {"nav": "letters", "rows": rows[:SHOWN], "count": rows.count()}
    return render(request, "messaging/inbox.html", context)


@action_required(Action.HANDLE_REPLIES)
def inbox_item(request: HttpRequest, inbound_id) -> HttpResponse:
    row = _item(request, inbound_id)
    search = SituationSearchForm(request.GET or None)
    found = []
    if search.is_valid():
        found = list(
            _situations(request)
            .search(search.cleaned_data["q"])
            .select_related("commune")
            .order_by("-received_on")[:FOUND]
        )
    context = {
        "nav": "letters",
        "row": row,
        "search": search,
        "found": found,
        "searched": search.is_bound,
        "discard_form": DiscardForm(),
    }
    return render(request, "messaging/inbox_item.html", context)


@require_POST
@action_required(Action.HANDLE_REPLIES)
def inbox_attach(request: HttpRequest, inbound_id) -> HttpResponse:
    row = _item(request, inbound_id)
    situation = _situations(request).filter(public_id=request.POST.get("situation") or None).first()
    if situation is None:
        messages.error(request, _("Situation : choisissez une situation de l'équipe dans la recherche."))
        return redirect("messaging:inbox_item", inbound_id=row.public_id)
    try:
        inbound.attach_from_inbox(row, situation, user=request.user)
    except inbound.NotInInbox:
        messages.info(request, _("Cette réponse a déjà été classée."))
        return redirect("messaging:inbox")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("messaging:inbox_item", inbound_id=row.public_id)
    messages.success(
        request,
        _("Réponse rattachée à la situation %(reference)s : contact du locataire noté, tâche « répondre » créée.")
        % {"reference": situation.reference},
    )
    return redirect("messaging:inbox")


@require_POST
@action_required(Action.HANDLE_REPLIES)
def inbox_discard(request: HttpRequest, inbound_id) -> HttpResponse:
    row = _item(request, inbound_id)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Raison : choisissez pourquoi cette réponse est écartée."))
        return redirect("messaging:inbox_item", inbound_id=row.public_id)
    try:
        inbound.discard(row, reason=form.cleaned_data["reason"], user=request.user)
    except inbound.NotInInbox:
        messages.info(request, _("Cette réponse a déjà été classée."))
        return redirect("messaging:inbox")
    messages.success(request, _("Réponse écartée : son texte et son expéditeur sont effacés."))
    return redirect("messaging:inbox")
