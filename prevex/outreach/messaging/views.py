"""The messages' pages: the team's messages (those « à vérifier » first), an interrupted send checked by a
person, the SMS and e-mail templates with the live length of an SMS (htmx). Thin: the work is in
`services.py` and `compose.py`. The providers' webhooks are in `webhooks.py`."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.letters import letterhead_for
from prevex.outreach.letters.placeholders import PLACEHOLDERS, sample_values
from prevex.outreach.messaging import compose, services
from prevex.outreach.messaging.defaults import DEFAULTS, KINDS
from prevex.outreach.messaging.enums import MessageChannel, MessageState
from prevex.outreach.messaging.forms import MessageTemplateForm
from prevex.outreach.messaging.models import Message, MessageTemplate
from prevex.outreach.sms.segments import sms_length

RECENT = 50


@action_required(Action.SEND_MESSAGES)
def message_list(request: HttpRequest) -> HttpResponse:
    team_messages = Message.objects.for_team(request.membership.team).select_related("situation")
    context = {
        "nav": "letters",
        "to_check": team_messages.to_check().order_by("created_at"),
        "recent": team_messages.exclude(state=MessageState.UNKNOWN).order_by("-created_at")[:RECENT],
    }
    return render(request, "messaging/list.html", context)


@require_POST
@action_required(Action.SEND_MESSAGES)
def message_check(request: HttpRequest, message_id) -> HttpResponse:
    """An interrupted send checked with the provider's console: it left, or it did not."""
    message = get_object_or_404(Message.objects.for_team(request.membership.team), public_id=message_id)
    services.resolve_unknown(message, sent=request.POST.get("sent") == "1", user=request.user)
    messages.success(request, _("Envoi vérifié."))
    return redirect("messaging:list")


# --- templates ---------------------------------------------------------------------------------------------------


def _key(letter_kind: str, channel: str) -> tuple[str, str]:
    if letter_kind not in KINDS or channel not in MessageChannel.values:
        raise Http404
    return letter_kind, channel


@action_required(Action.MANAGE_MESSAGE_TEMPLATES)
def templates(request: HttpRequest) -> HttpResponse:
    own = set(MessageTemplate.objects.filter(team=request.membership.team).values_list("kind", "channel"))
    rows = [
        (kind, LetterKind(kind).label, channel, MessageChannel(channel).label, (kind, channel) in own)
        for kind, channel in DEFAULTS
    ]
    return render(request, "messaging/templates.html", {"nav": "letters", "rows": rows})


@action_required(Action.MANAGE_MESSAGE_TEMPLATES)
def template_edit(request: HttpRequest, letter_kind: str, channel: str) -> HttpResponse:
    kind, channel = _key(letter_kind, channel)
    team = request.membership.team
    default = compose.texts_for(team)[(kind, channel)]
    template = MessageTemplate.objects.filter(team=team, kind=kind, channel=channel).first() or MessageTemplate(
        team=team, kind=kind, channel=channel, subject=default.subject, body=default.body
    )
    if request.method == "POST" and "reset" in request.POST:
        MessageTemplate.objects.filter(team=team, kind=kind, channel=channel).delete()
        _journal_template(request, kind, channel, "reset")
        messages.success(request, _("Le texte livré est rétabli."))
        return redirect("messaging:template_edit", letter_kind=kind, channel=channel)
    form = MessageTemplateForm(request.POST or None, instance=template, channel=channel)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            template = form.save(commit=False)
            template.updated_by = request.user
            template.save()
            _journal_template(request, kind, channel, "saved")
        messages.success(request, _("Modèle enregistré."))
        return redirect("messaging:template_edit", letter_kind=kind, channel=channel)
    body = form.data.get("body", template.body) if form.is_bound else template.body
    context = {
        "nav": "letters",
        "title": f"{MessageChannel(channel).label} – {LetterKind(kind).label}",
        "kind": kind,
        "channel": channel,
        "form": form,
        "placeholders": PLACEHOLDERS.items(),
        **_length_context(request, channel, body),
    }
    return render(request, "messaging/template_edit.html", context)


def _length_context(request, channel: str, body: str) -> dict:
    """The text filled in for the sample household, and (SMS) its length and parts as the networks count."""
    problems = compose.problems(body)
    if problems:
        return {"problems": problems, "sample": "", "length": None}
    values = sample_values(letterhead_for(request.membership.team), timezone.localdate())
    sample = compose.fill(body, values)
    return {"problems": [], "sample": sample, "length": sms_length(sample) if channel == MessageChannel.SMS else None}


@require_POST
@action_required(Action.MANAGE_MESSAGE_TEMPLATES)
def template_length(request: HttpRequest, letter_kind: str, channel: str) -> HttpResponse:
    """The live count (htmx) while the text is typed."""
    _kind, channel = _key(letter_kind, channel)
    context = _length_context(request, channel, request.POST.get("body", ""))
    return render(request, "messaging/includes/length.html", context)


def _journal_template(request, kind: str, channel: str, what: str) -> None:
    AuditEntry.log(
        actor=request.user,
        action=AuditAction.UPDATE,
        target=request.membership.team,
        team=request.membership.team,
        details={"messaging": f"template_{what}", "kind": kind, "channel": channel},
    )
