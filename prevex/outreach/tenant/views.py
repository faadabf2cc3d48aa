"""The tenant's page (public: the token in its address is the only key) and the team's contact it shows.

The page shows the hearing's date and court and nothing else of the household: no name, address, debt or
reference. It answers without JavaScript, is never cached nor indexed, sends no referrer to another site, is
rate-limited per client address and per link, and journals every visit and request.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.access import action_required
from prevex.organisations.permissions import Action
from prevex.outreach.tenant import journal, ratelimit, services
from prevex.outreach.tenant.forms import CallbackForm, LeftForm, TeamContactForm
from prevex.outreach.tenant.models import TeamContact
from prevex.outreach.tenant.services import LinkStatus
from prevex.situations.models import Situation

DONE = {"rappel", "depart"}  # the confirmations the page shows after a request (?fait=…)
STATUS_CODES = {LinkStatus.UNKNOWN: 404, LinkStatus.EXPIRED: 410, LinkStatus.REVOKED: 410}


def _private(response: HttpResponse) -> HttpResponse:
    """Never kept by a browser or a proxy, never indexed, and the token never leaves in a Referer: sent to this
    site only (`same-origin`; `no-referrer` would make the browser send `Origin: null` with the forms, which
    the CSRF check refuses), and the page links to no other site."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "same-origin"
    return response


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


@login_not_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, link_token: str) -> HttpResponse:
    hits = ratelimit.page_hit(request)
    if hits > ratelimit.page_limit():
        if hits == ratelimit.page_limit() + 1:  # journaled once per window: a flood fills no journal
            journal.log(request, None, "rate_limited")
        return _render(request, "tenant_page/limited.html", {}, status=429)
    resolution = services.resolve(link_token)
    if resolution.status != LinkStatus.VALID:
        journal.log(request, resolution, "page")
        context = {"status": resolution.status, "contact": services.team_contact(resolution.team)}
        return _render(request, "tenant_page/unavailable.html", context, status=STATUS_CODES[resolution.status])
    if request.method == "POST":
        return _request(request, resolution)
    journal.log(request, resolution, "page")
    done = request.GET.get("fait")
    return _page(request, resolution, done=done if done in DONE else "")


def _page(request, resolution, *, callback=None, left=None, error="", done="", status=200) -> HttpResponse:
    situation = resolution.link.situation
    context = {
        "hearing_date": situation.hearing_date,
        "court": situation.court,
        "team_name": resolution.team.name,
        "contact": services.team_contact(resolution.team),
        "callback_form": callback or CallbackForm(prefix="rappel"),
        "left_form": left or LeftForm(prefix="depart"),
        "error": error,
        "done": done,
    }
    return _render(request, "tenant_page/page.html", context, status=status)


def _request(request, resolution) -> HttpResponse:
    """« Rappelez-moi » or « J'ai quitté ce logement », at most a few a day per link."""
    link = resolution.link
    what = "left" if request.POST.get("depart-action") == "left" else "callback"
    form = (LeftForm if what == "left" else CallbackForm)(request.POST, prefix="depart" if what == "left" else "rappel")
    if not form.is_valid():  # a mistyped number does not use up the day's requests
        journal.log(request, resolution, f"{what}_invalid", errors=sorted(form.errors))
        forms = {"left": form} if what == "left" else {"callback": form}
        return _page(request, resolution, **forms)
    if not ratelimit.request_allowed(link.token_hash):
        journal.log(request, resolution, f"{what}_rate_limited")
        error = _("Vous avez déjà envoyé plusieurs demandes aujourd'hui : l'équipe vous rappellera.")
        return _page(request, resolution, error=error, status=429)
    try:
        if what == "left":
            task = services.report_left(link)
            details = {}
        else:
            task = services.ask_callback(link, phone=form.cleaned_data["phone"], slot_label=form.slot_label())
            details = {"slot": form.cleaned_data["slot"], "phone": form.cleaned_data["phone"]}
    except services.RequestRefused:
        journal.log(request, resolution, f"{what}_refused")
        error = _("Votre demande n'a pas pu être enregistrée. Appelez l'équipe, elle vous aidera.")
        return _page(request, resolution, error=error)
    journal.log(request, resolution, what, action=AuditAction.CREATE, task=task.pk, **details)
    done = "depart" if what == "left" else "rappel"
    return _private(redirect(f"{request.path}?fait={done}"))


@require_POST
@action_required(Action.WORK_ON_SITUATIONS)
def revoke(request: HttpRequest, public_id) -> HttpResponse:
    """Revoke a household's personal link (a letter sent to the wrong address, a link passed on): its token
    then gets the friendly page; the next letter carries a new link."""
    situation = get_object_or_404(Situation.objects.visible_by(request.user), public_id=public_id)
    if services.links_revoke(situation, request.user):
        messages.success(request, _("Le lien personnel est révoqué ; le prochain courrier en portera un nouveau."))
    else:
        messages.info(request, _("Cette situation n'a pas de lien personnel actif."))
    return redirect(situation)


@action_required(Action.MANAGE_OUTREACH)
def contact(request: HttpRequest) -> HttpResponse:
    """The team's phone and hours that the tenants' pages show (and the page of an expired link)."""
    team = request.membership.team
    instance = TeamContact.objects.filter(team=team).first() or TeamContact(team=team)
    form = TeamContactForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        journal_contact(request, team)
        messages.success(request, _("Le contact de l'équipe est enregistré."))
        return redirect("tenant_page:contact")
    return render(request, "tenant_page/contact.html", {"nav": "sequence", "form": form})


def journal_contact(request, team) -> None:
    AuditEntry.log(
        actor=request.user, action=AuditAction.UPDATE, target=team, team=team, details={"tenant_page": "contact"}
    )
