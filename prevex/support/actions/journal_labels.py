"""How the journal names an action (`prevex/audit/presenters.py`): by its kind and the situation it belongs to,
with a link to the situation's actions. Never its note (the journal holds none)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prevex.audit.presenters import Target, describes
from prevex.organisations.permissions import Action as Can
from prevex.organisations.permissions import can
from prevex.situations.journal_labels import visible_situations
from prevex.support.actions.counts import kind_labels


@describes("actions.action")
def actions(entries, viewer) -> dict[int, Target]:
    situations = visible_situations(viewer, {entry.details.get("situation") for entry in entries})
    membership = getattr(viewer, "membership", None)
    labels = kind_labels(membership.team.slug) if membership is not None else {}
    may_read = can(viewer, Can.WORK_ON_SITUATIONS)
    targets = {}
    for entry in entries:
        kind = labels.get(entry.details.get("kind", ""), entry.details.get("kind", ""))
        situation = situations.get(str(entry.details.get("situation", "")))
        if situation is None:
            targets[entry.pk] = Target(str(_("la préconisation « %(kind)s » (situation supprimée)") % {"kind": kind}))
            continue
        url = reverse("actions:situation", args=[situation.public_id]) if may_read else ""
        label = _("la préconisation « %(kind)s » de la situation %(reference)s")
        targets[entry.pk] = Target(str(label % {"kind": kind, "reference": situation.reference}), url)
    return targets


@describes("actions.actionkind")
def action_kinds(entries, viewer) -> dict[int, Target]:
    url = reverse("actions:catalogue") if can(viewer, Can.MANAGE_ACTION_CATALOGUE) else ""
    return {entry.pk: Target(str(_("le catalogue des préconisations")), url) for entry in entries}
