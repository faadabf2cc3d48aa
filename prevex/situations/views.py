import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from prevex.accounts.reauth import reauth_required
from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.access import action_required
from prevex.organisations.permissions import EVENT_CHANGES, Action, can, may_change_event
from prevex.situations import services
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.forms import (
    EventForm,
    SituationFilterForm,
    SituationForm,
    SocialServicesCheckForm,
    recordable_kinds,
)
from prevex.situations.models import Event, Situation

PAGE_SIZE = 50
EDIT_CONFLICT_MESSAGE = _lazy(
    "Quelqu'un a modifié cette situation pendant votre saisie. "
    "Rechargez la page pour voir ses changements, puis refaites les vôtres."
)
# Free text a user types to search (often a name): only ever posted, never in an address nor in the session.
SEARCH_FIELD = "q"
OLD_FILTERS_SESSION_KEY = "prevex_situation_filters"  # where an earlier version remembered the searches


def _situation_for(request: HttpRequest, public_id) -> Situation:
    """A situation of the user's team, or 404: another team's situations do not exist for them."""
    queryset = Situation.objects.visible_by(request.user).select_related("commune", "sector", "team", "import_batch")
    return get_object_or_404(queryset, public_id=public_id)


def _writable_situation(request: HttpRequest, public_id) -> Situation:
    """As `_situation_for`, for a view that writes: an anonymised situation is refused (403)."""
    situation = _situation_for(request, public_id)
    services.check_writable(situation)
    return situation


def refuses_writes_on_anonymised(view):
    """A write on an anonymised situation, refused by the services (or up front), answers 403 with the reason;
    a situation removed meanwhile (an import undone) is not found."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except services.SituationAnonymised as refusal:
            return _read_only(request, refusal.situation)
        except Situation.DoesNotExist as gone:
            raise Http404 from gone

    return wrapper


def _read_only(request: HttpRequest, situation: Situation) -> HttpResponse:
    if request.htmx:  # a page loaded before the anonymisation: reload it, without its buttons, and say why
        messages.error(request, services.ANONYMISED_MESSAGE)
        response = HttpResponse(str(services.ANONYMISED_MESSAGE), status=403)
        response["HX-Refresh"] = "true"
        return response
    context = {"nav": "situations", "situation": situation, "message": services.ANONYMISED_MESSAGE}
    return render(request, "situations/read_only.html", context, status=403)


@action_required(Action.WORK_ON_SITUATIONS)
def situation_list(request: HttpRequest) -> HttpResponse:
    """The team's situations, filtered. The search is posted and answered at once: what is searched (often a
    name) reaches neither the address bar, the server logs, the browser history nor the session. The page
    buttons of a result submit the filter form again, with the page number; nothing is remembered. An address
    may only carry the filters that name nobody: a search in it is dropped (redirected without it)."""
    request.session.pop(OLD_FILTERS_SESSION_KEY, None)
    if request.method == "POST":
        data, page_number = request.POST, request.POST.get("page")
    elif SEARCH_FIELD in request.GET:
        return redirect(_address_without_search(request))
    else:
        data, page_number = request.GET, request.GET.get("page")
    filters = SituationFilterForm(_filter_values(data) or None, team=request.membership.team)
    situations = filters.filter(Situation.objects.visible_by(request.user))
    situations = situations.by_hearing_date().select_related("commune", "sector")
    page = Paginator(situations, PAGE_SIZE).get_page(page_number)
    context = {"nav": "situations", "filters": filters, "page": page, "today": timezone.localdate()}
    if request.htmx and not request.htmx.boosted:
        return render(request, "situations/list.html#results", context)
    return render(request, "situations/list.html", context)


def _filter_values(data) -> dict:
    return {name: data[name] for name in SituationFilterForm.base_fields if data.get(name)}


def _address_without_search(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop(SEARCH_FIELD, None)
    return f"{request.path}?{params.urlencode()}" if params else request.path


def _record_forms(situation: Situation, failed_form: EventForm | None, user) -> list[EventForm]:
    return [
        failed_form
        if failed_form and failed_form.instance.kind == kind
        else EventForm(situation=situation, kind=kind, prefix=kind)
        for kind in recordable_kinds(user)
    ]


def _detail_context(request: HttpRequest, situation: Situation, failed_form=None, **extra) -> dict:
    events = list(situation.events.timeline())
    read_only = bool(situation.anonymised_on)  # no button to write on an anonymised situation
    return {
        "nav": "situations",
        "situation": situation,
        "read_only": read_only,
        "events": events,
        "editable_event_ids": set() if read_only else {e.pk for e in events if may_change_event(request.user, e)},
        "referents": situation.referents.select_related("organisation", "user").order_by("organisation__name"),
        "record_forms": [] if read_only else _record_forms(situation, failed_form, request.user),
        "failed_kind": failed_form.instance.kind if failed_form else None,
        "days_left": situation.days_before_hearing(),
        "can_exercise_rights": can(request.user, Action.EXERCISE_RIGHTS),
        "social_services_form": SocialServicesCheckForm(initial={"answer": _check_answer(situation)}),
        "refusal": "",  # why a deletion was refused (the timeline needs the event)
        **extra,
    }


def _check_answer(situation: Situation) -> str:
    return {SocialServicesCheck.KNOWN: "known", SocialServicesCheck.NOT_KNOWN: "not_known"}.get(
        situation.social_services, "to_check"
    )


@action_required(Action.WORK_ON_SITUATIONS)
def situation_detail(request: HttpRequest, public_id) -> HttpResponse:
    situation = _situation_for(request, public_id)
    AuditEntry.log(actor=request.user, action=AuditAction.VIEW, target=situation)
    return render(request, "situations/detail.html", _detail_context(request, situation))


@action_required(Action.WORK_ON_SITUATIONS)
def situation_create_view(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    form = SituationForm(request.POST or None, team=team, instance=Situation(team=team))
    if request.method == "POST" and form.is_valid():
        situation = services.situation_create(situation=form.save(commit=False), author=request.user)
        messages.success(request, _("La situation %(ref)s a été créée.") % {"ref": situation.reference})
        return redirect(situation)
    return render(request, "situations/form.html", {"nav": "situations", "form": form, "creating": True})


@action_required(Action.WORK_ON_SITUATIONS)
@refuses_writes_on_anonymised
def situation_edit(request: HttpRequest, public_id) -> HttpResponse:
    situation = _writable_situation(request, public_id)
    version = _loaded_version(request, situation)
    form = SituationForm(request.POST or None, team=situation.team, instance=situation)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_update(
                situation=form.save(commit=False),
                author=request.user,
                changed=form.changed_values_before(),
                version=version,
            )
        except services.EditConflict:
            form.add_error(None, EDIT_CONFLICT_MESSAGE)
        except services.TimelineRefused as refusal:  # the form checked it; the timeline changed meanwhile
            form.add_error(None, refusal)
        else:
            messages.success(request, _("La situation a été modifiée."))
            return redirect(situation)
    context = {"nav": "situations", "form": form, "situation": situation, "version": version}
    return render(request, "situations/form.html", context)


def _loaded_version(request: HttpRequest, situation: Situation) -> int | None:
    """The version the user's form was loaded at, kept across re-displays so a conflict is never skipped; None
    for a form posted without it, refused as a stale one (nothing says it was loaded after the last change)."""
    if request.method != "POST":
        return situation.version
    posted = request.POST.get("version", "")
    return int(posted) if posted.isdigit() else None


@action_required(Action.WORK_ON_SITUATIONS)
@refuses_writes_on_anonymised
def referents_edit(request: HttpRequest, public_id) -> HttpResponse:
    situation = _writable_situation(request, public_id)
    organisations = situation.team.organisations.all()
    users = get_user_model().objects.filter(membership__team=situation.team).select_related("membership")
    if request.method == "POST":
        chosen = {}
        for organisation in organisations:
            user_id = request.POST.get(f"org-{organisation.pk}", "")
            if user_id and not user_id.isdigit():
                raise Http404
            user = users.filter(pk=user_id, membership__organisation=organisation).first() if user_id else None
            if user_id and user is None:
                raise Http404  # not a member of this organisation of the team
            chosen[organisation] = user
        services.referents_set(situation=situation, chosen=chosen, author=request.user)
        messages.success(request, _("Les référents ont été mis à jour."))
        return redirect(situation)
    current = {ref.organisation_id: ref.user_id for ref in situation.referents.all()}
    choices = [
        (org, [u for u in users if u.membership.organisation_id == org.pk], current.get(org.pk))
        for org in organisations
    ]
    return render(
        request, "situations/referents.html", {"nav": "situations", "situation": situation, "choices": choices}
    )


def _render_live(request: HttpRequest, situation: Situation, **extra) -> HttpResponse:
    template = "situations/detail.html#live" if request.htmx else "situations/detail.html"
    return render(request, template, _detail_context(request, situation, **extra))


@require_POST
@action_required(Action.WORK_ON_SITUATIONS)
@refuses_writes_on_anonymised
def event_create(request: HttpRequest, public_id, kind: str) -> HttpResponse:
    situation = _writable_situation(request, public_id)
    if kind not in EventKind.values:
        raise Http404
    if kind not in recordable_kinds(request.user):
        raise PermissionDenied
    form = EventForm(request.POST, situation=situation, kind=kind, prefix=kind)
    if form.is_valid():
        try:
            services.event_record(event=form.save(commit=False), author=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _render_live(request, situation, failed_form=form)
    situation.refresh_from_db()
    if not request.htmx:
        messages.success(request, _("Événement enregistré."))
        return redirect(situation)
    return _render_live(request, situation, recorded=True)


def _changeable_event(request: HttpRequest, situation: Situation, event_id: int) -> Event:
    """An event of the situation the user may correct or delete (their own, or a colleague's if the matrix
    lets them: `delete_own_event`, `correct_any_event`); another's event of a situation they see is a 403."""
    event = get_object_or_404(situation.events, pk=event_id)
    if not may_change_event(request.user, event):
        raise PermissionDenied
    return event


@action_required(*EVENT_CHANGES)
@refuses_writes_on_anonymised
def event_edit(request: HttpRequest, public_id, event_id: int) -> HttpResponse:
    situation = _writable_situation(request, public_id)
    event = _changeable_event(request, situation, event_id)
    form = EventForm(request.POST or None, situation=situation, kind=event.kind, instance=event, prefix="edit")
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=form.save(commit=False), author=request.user, before=form.before)
        except ValidationError as refusal:  # the form checked it (the timeline changed meanwhile), or a renvoi
            form.add_error(None, refusal)
        else:
            situation.refresh_from_db()
            return _render_live(request, situation) if request.htmx else redirect(situation)
    context = {"nav": "situations", "situation": situation, "event": event, "form": form}
    if not request.htmx:
        return render(request, "situations/event_edit.html", context)
    response = render(request, "situations/event_edit.html#form", context)
    # The correction form (with its errors) replaces itself, not the whole situation.
    response["HX-Retarget"], response["HX-Reswap"] = f"#event-{event.pk}", "innerHTML"
    return response


@require_POST
@action_required(*EVENT_CHANGES)
@reauth_required
@refuses_writes_on_anonymised
def event_delete_view(request: HttpRequest, public_id, event_id: int) -> HttpResponse:
    situation = _writable_situation(request, public_id)
    try:
        services.event_delete(event=_changeable_event(request, situation, event_id), author=request.user)
    except ValidationError as refusal:  # e.g. the closure a later reopening reopens, a renvoi since postponed
        reason = _("Cet événement ne peut pas être supprimé : %(why)s") % {"why": " ".join(refusal.messages)}
        if not request.htmx:
            messages.error(request, reason)
            return redirect(situation)
        return _render_live(request, situation, refusal=reason)
    situation.refresh_from_db()
    if not request.htmx:
        messages.success(request, _("Événement supprimé."))
        return redirect(situation)
    return _render_live(request, situation)
