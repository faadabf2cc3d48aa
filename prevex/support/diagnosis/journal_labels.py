"""How the journal names a diagnosis (`prevex/audit/presenters.py`): by its version and its situation, with a link
to the diagnosis for whoever may read it. The journal holds no amount (only which facts changed)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prevex.audit.presenters import Target, describes
from prevex.organisations.permissions import Action, can
from prevex.situations.journal_labels import visible_situations

NAMED = _("la version %(number)s du diagnostic de la situation %(reference)s")
GONE = _("un diagnostic (situation supprimée)")


@describes("diagnosis.diagnosis")
def diagnoses(entries, viewer) -> dict[int, Target]:
    situations = visible_situations(viewer, {entry.details.get("situation") for entry in entries})
    may_read = can(viewer, Action.READ_DIAGNOSIS)
    targets = {}
    for entry in entries:
        situation = situations.get(str(entry.details.get("situation", "")))
        if situation is None:
            targets[entry.pk] = Target(str(GONE))
            continue
        url = reverse("diagnosis:detail", args=[situation.public_id]) if may_read else ""
        label = NAMED % {"number": entry.details.get("number", "?"), "reference": situation.reference}
        targets[entry.pk] = Target(str(label), url)
    return targets
