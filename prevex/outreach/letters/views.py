"""The letters' pages: the letters of the day (one PDF, then « envoyés »), a letter alone (PDF, Word), a returned
letter (NPAI), and the coordinator's templates and letterhead. Thin: the work is in `services.py`."""

from types import SimpleNamespace

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.downloads import download
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action, can
from prevex.outreach.letters import services
from prevex.outreach.letters.defaults import default_texts
from prevex.outreach.letters.docx import render_docx
from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.forms import (
    LandlordAddressForm,
    LetterheadForm,
    LetterTemplateForm,
    PreviewForm,
    ReturnedLetterForm,
)
from prevex.outreach.letters.letters import letterhead_for, sample_letter, sender_for
from prevex.outreach.letters.models import LandlordAddress, LetterTemplate
from prevex.outreach.letters.pdf import render_pdf
from prevex.outreach.letters.placeholders import PLACEHOLDERS, sample_values, situation_values
from prevex.outreach.messaging.compose import queue_for_tasks
from prevex.situations.models import Situation
from prevex.situations.services import TimelineRefused

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NAME_RESULTS = 20


def _kind(letter_kind: str) -> str:
    if letter_kind not in LetterKind.values:
        raise Http404
    return letter_kind


def _situation(request: HttpRequest, public_id) -> Situation:
    queryset = Situation.objects.visible_by(request.user).filter(anonymised_on__isnull=True)
    return get_object_or_404(queryset.select_related("commune", "team"), public_id=public_id)


def _journal_export(request, what: str, count: int, target=None) -> None:
    AuditEntry.log(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=target or request.membership.team,
        team=request.membership.team,
        details={"letters": what, "count": count},
    )


# --- the letters of the day ------------------------------------------------------------------------------------


@action_required(Action.SEND_LETTERS)
def today(request: HttpRequest) -> HttpResponse:
    batch = services.letters_of_the_day(request.membership.team, timezone.localdate())
    return render(request, "letters/today.html", {"nav": "letters", "batch": batch})


@action_required(Action.SEND_LETTERS)
def batch_pdf(request: HttpRequest) -> HttpResponse:
    """Every printable letter of the day in one PDF (the blocked ones are listed on the page, never blank)."""
    day = timezone.localdate()
    batch = services.letters_of_the_day(request.membership.team, day, printed=True)
    if not batch.ready:
        messages.info(request, _("Aucun courrier à imprimer aujourd'hui."))
        return redirect("letters:today")
    _journal_export(request, "batch", len(batch.ready))
    return download(
        render_pdf(batch.ready, batch.sender, day), filename=f"courriers-{day:%Y-%m-%d}.pdf", content_type=PDF
    )


@action_required(Action.SEND_LETTERS)
def confirm(request: HttpRequest) -> HttpResponse:
    """« Envoyés »: the posted tasks recorded as events (once, whatever the clicks)."""
    if request.method != "POST":
        return redirect("letters:today")
    ids = [value for value in request.POST.getlist("task") if value.isdigit()]
    try:
        result = services.confirm_sent(request.membership.team, ids, request.user, timezone.localdate())
    except TimelineRefused as refusal:
        messages.error(request, " ".join(error.message for error in refusal.errors))
        return redirect("letters:today")
    if result.recorded:
        messages.success(
            request,
            ngettext(
                "%(count)s courrier noté envoyé sur l'historique de sa situation.",
                "%(count)s courriers notés envoyés sur l'historique des situations.",
                result.recorded,
            )
            % {"count": result.recorded},
        )
    if result.already:
        already = ngettext(
            "%(count)s courrier était déjà noté envoyé.",
            "%(count)s courriers étaient déjà notés envoyés.",
            result.already,
        )
        messages.info(request, already % {"count": result.already})
    if not ids:
        messages.info(request, _("Aucun courrier à noter envoyé."))
    elif request.POST.get("with_messages") and can(request.user, Action.SEND_MESSAGES):
        _queue_messages(request, ids)
    return redirect("letters:today")


def _queue_messages(request, task_ids) -> None:
    """The tenant's letter also goes by SMS and e-mail, to the households that have a mobile or an e-mail."""
    queued = queue_for_tasks(request.membership.team, task_ids, request.user, timezone.localdate())
    if queued.sms or queued.email:
        messages.success(
            request,
            _("%(sms)s SMS et %(email)s e-mail(s) mis en file d'envoi (partis aux heures permises).")
            % {"sms": queued.sms, "email": queued.email},
        )


# --- one letter ------------------------------------------------------------------------------------------------


def _one_letter(request, public_id, letter_kind):
    situation = _situation(request, public_id)
    letter, sender = services.letter_for(situation, _kind(letter_kind), timezone.localdate())
    return situation, letter, sender


@action_required(Action.SEND_LETTERS)
def letter_pdf(request: HttpRequest, public_id, letter_kind: str) -> HttpResponse:
    situation, letter, sender = _one_letter(request, public_id, letter_kind)
    if letter.problem:
        messages.error(request, f"{situation.reference} : {letter.problem}")
        return redirect("letters:today")
    _journal_export(request, letter.kind, 1, target=situation)
    day = timezone.localdate()
    name = f"{letter.kind}-{situation.public_id}.pdf"
    return download(render_pdf([letter], sender, day), filename=name, content_type=PDF)


@action_required(Action.SEND_LETTERS)
def letter_docx(request: HttpRequest, public_id, letter_kind: str) -> HttpResponse:
    """The Word version, to retouch: a letter whose address is incomplete comes with an empty recipient block."""
    situation, letter, sender = _one_letter(request, public_id, letter_kind)
    day = timezone.localdate()
    if letter.problem:
        values = situation_values(situation, sender.letterhead, day, None)
        letter = sample_letter(letter.kind, sender, services.texts_for(situation.team)[letter.kind], values, situation)
        letter.address_lines = []
    _journal_export(request, f"{letter.kind}_docx", 1, target=situation)
    content = render_docx(letter, sender, formats.date_format(day, "j F Y"))
    return download(content, filename=f"{letter.kind}-{situation.public_id}.docx", content_type=DOCX)


@action_required(Action.SEND_LETTERS)
def landlord_address(request: HttpRequest, public_id) -> HttpResponse:
    """The landlord's postal address, typed from the assignation: the landlord's letter can then be printed."""
    situation = _situation(request, public_id)
    instance = LandlordAddress.objects.filter(situation=situation).first() or LandlordAddress(
        situation=situation, recipient=situation.landlord_name
    )
    form = LandlordAddressForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            address = form.save(commit=False)
            address.updated_by = request.user
            address.save()
            AuditEntry.log(
                actor=request.user,
                action=AuditAction.UPDATE,
                target=situation,
                team=situation.team,
                details={"letters": "landlord_address", "fields": sorted(form.changed_data)},
            )
        messages.success(request, _("Adresse du bailleur enregistrée pour %(ref)s.") % {"ref": situation.reference})
        return redirect("letters:today")
    context = {"nav": "letters", "form": form, "situation": situation}
    return render(request, "letters/landlord_address.html", context)


# --- a returned letter (NPAI) ------------------------------------------------------------------------------------


def _record_returned(request, situation) -> HttpResponse:
    try:
        services.returned_letter(situation, request.user, timezone.localdate())
    except TimelineRefused as refusal:
        messages.error(request, " ".join(error.message for error in refusal.errors))
        return redirect("letters:returned")
    messages.success(
        request,
        _("Retour noté pour %(reference)s : une visite de vérification de l'adresse est proposée.")
        % {"reference": situation.reference},
    )
    return redirect("letters:returned")


@action_required(Action.SEND_LETTERS)
def returned(request: HttpRequest) -> HttpResponse:
    """Type or scan the reference printed on the letter (recorded at once), or search by name (then one click)."""
    form, found = ReturnedLetterForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        team = request.membership.team
        reference, name = form.cleaned_data["reference"].strip(), form.cleaned_data["name"].strip()
        if reference:
            situation = services.find_by_reference(team, reference)
            if situation is not None:
                return _record_returned(request, situation)
            form.add_error(
                "reference", _("Aucune situation de l'équipe n'a la référence « %(ref)s ».") % {"ref": reference}
            )
        else:
            found = list(
                Situation.objects.visible_by(request.user)
                .filter(anonymised_on__isnull=True)
                .search(name)
                .select_related("commune")
                .order_by("tenant_last_name", "reference")[:NAME_RESULTS]
            )
    return render(request, "letters/returned.html", {"nav": "letters", "form": form, "found": found})


@action_required(Action.SEND_LETTERS)
def returned_record(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation(request, public_id)
    if request.method != "POST":
        return redirect("letters:returned")
    return _record_returned(request, situation)


# --- the coordinator's templates and letterhead -------------------------------------------------------------------


@action_required(Action.MANAGE_OUTREACH)
def templates(request: HttpRequest) -> HttpResponse:
    own = set(LetterTemplate.objects.filter(team=request.membership.team).values_list("kind", flat=True))
    kinds = [(kind, label, kind in own) for kind, label in LetterKind.choices]
    context = {"nav": "letters", "kinds": kinds, "letterhead": letterhead_for(request.membership.team)}
    return render(request, "letters/templates.html", context)


def _template_of(team, kind: str) -> LetterTemplate:
    existing = LetterTemplate.objects.filter(team=team, kind=kind).first()
    return existing or LetterTemplate(team=team, kind=kind, **default_texts(kind))


@action_required(Action.MANAGE_OUTREACH)
def template_edit(request: HttpRequest, letter_kind: str) -> HttpResponse:
    kind, team = _kind(letter_kind), request.membership.team
    template = _template_of(team, kind)
    if request.method == "POST" and "reset" in request.POST:
        LetterTemplate.objects.filter(team=team, kind=kind).delete()
        _journal_template(request, template, "reset")
        messages.success(request, _("Le texte livré est rétabli."))
        return redirect("letters:template_edit", letter_kind=kind)
    form = LetterTemplateForm(request.POST or None, instance=template, kind=kind)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            template = form.save(commit=False)
            template.updated_by = request.user
            template.save()
            _journal_template(request, template, "saved")
        messages.success(request, _("Modèle enregistré."))
        return redirect("letters:template_edit", letter_kind=kind)
    context = {
        "nav": "letters",
        "kind_label": LetterKind(kind).label,
        "kind": kind,
        "form": form,
        "preview_form": PreviewForm(),
        "placeholders": PLACEHOLDERS.items(),
        "preview": _preview(request, kind, form.data if form.is_bound else None),
    }
    return render(request, "letters/template_edit.html", context)


def _journal_template(request, template: LetterTemplate, what: str) -> None:
    AuditEntry.log(
        actor=request.user,
        action=AuditAction.UPDATE,
        target=request.membership.team,
        team=request.membership.team,
        details={"letters": f"template_{what}", "kind": template.kind},
    )


def _preview(request, kind: str, data) -> dict:
    """The letter as it would print, on the sample household or on a situation of the team (its reference)."""
    team, day = request.membership.team, timezone.localdate()
    sender = sender_for(letterhead_for(team))
    texts = dict(services.texts_for(team)[kind])
    if data is not None:
        texts.update({name: data.get(name, texts[name]) for name in ("subject", "body", "notice") if name in data})
    reference = (data.get("reference") or "").strip() if data is not None else ""
    situation = services.find_by_reference(team, reference) if reference else None
    note = ""
    if situation is not None:
        values = situation_values(situation, sender.letterhead, day, None)
    else:
        values = sample_values(sender.letterhead, day)
        if reference:
            note = _("Aucune situation de l'équipe n'a la référence « %(ref)s » : aperçu sur un exemple.") % {
                "ref": reference
            }
    letter = sample_letter(kind, sender, texts, values, situation or SimpleNamespace(reference=values["reference"]))
    return {"letter": letter, "sender": sender, "today": day, "note": note}


@require_POST
@action_required(Action.MANAGE_OUTREACH)
def template_preview(request: HttpRequest, letter_kind: str) -> HttpResponse:
    """The live preview (htmx): the texts being typed, rendered in the sandbox; their problems named."""
    kind = _kind(letter_kind)
    return render(request, "letters/includes/preview.html", _preview(request, kind, request.POST))


@action_required(Action.MANAGE_OUTREACH)
def letterhead(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    instance = letterhead_for(team)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            head = form.save(commit=False)
            head.updated_by = request.user
            for name in ("logo", "signature"):
                stored, upload = getattr(head, name), form.cleaned_data[f"{name}_upload"]
                if stored and (form.cleaned_data[f"{name}_remove"] or upload is not None):
                    stored.delete(save=False)  # no orphan file left in the private folder
                if upload is not None:
                    stored.save("image.png", upload, save=False)
            head.save()
            AuditEntry.log(
                actor=request.user,
                action=AuditAction.UPDATE,
                target=team,
                team=team,
                details={"letters": "letterhead", "fields": sorted(form.changed_data)},
            )
        messages.success(request, _("En-tête des courriers enregistré."))
        return redirect("letters:letterhead")
    sender = sender_for(instance)
    return render(request, "letters/letterhead.html", {"nav": "letters", "form": form, "sender": sender})
