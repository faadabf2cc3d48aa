from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from prevex.organisations.access import action_required
from prevex.organisations.forms import SectorForm
from prevex.organisations.permissions import Action
from prevex.organisations.services import sector_save


@action_required(Action.MANAGE_TEAM)
def sector_list(request: HttpRequest) -> HttpResponse:
    team = request.membership.team
    sectors = team.sectors.prefetch_related("assignees__user", "assignees__organisation").order_by("name")
    sectors = sectors.annotate(commune_count=Count("communes", distinct=True))
    return render(request, "organisations/sector_list.html", {"nav": "team", "team": team, "sectors": sectors})


@action_required(Action.MANAGE_TEAM)
def sector_edit(request: HttpRequest, sector_id: int | None = None) -> HttpResponse:
    team = request.membership.team
    sector = get_object_or_404(team.sectors, pk=sector_id) if sector_id else None
    form = SectorForm(request.POST or None, team=team, instance=sector)
    if request.method == "POST" and form.is_valid():
        sector_save(form=form, author=request.user)
        messages.success(request, _("Le secteur a été enregistré."))
        return redirect("organisations:sectors")
    return render(request, "organisations/sector_form.html", {"nav": "team", "form": form, "sector": sector})
