"""How the journal names a visit round (`prevex/audit/presenters.py`): « la tournée du 02/05/2024 », with a link
for the members of its team who may open it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from prevex.audit.presenters import Target, describes, uuids
from prevex.organisations.permissions import Action, can
from prevex.outreach.rounds.models import Round


@describes("rounds.round")
def rounds(entries, viewer) -> dict[int, Target]:
    found = {str(r.public_id): r for r in Round.objects.filter(public_id__in=uuids(e.target_id for e in entries))}
    membership = getattr(viewer, "membership", None)
    may_open = membership is not None and can(viewer, Action.PLAN_ROUNDS)
    targets = {}
    for entry in entries:
        visit_round = found.get(entry.target_id)
        if visit_round is None:
            targets[entry.pk] = Target(_("une tournée de visites (supprimée)"))
            continue
        text = _("la tournée du %(day)s") % {"day": visit_round.day.strftime("%d/%m/%Y")}
        own = may_open and visit_round.team_id == membership.team_id
        targets[entry.pk] = Target(text, reverse("rounds:detail", args=[visit_round.public_id]) if own else "")
    return targets
