"""How the journal names a need-to-know note and a consent (`prevex/audit/presenters.py`): by the situation they
belong to, with a link to its notes for whoever may read them. Never the note's text (the journal holds none)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prevex.audit.presenters import Target, describes
from prevex.organisations.permissions import Action, can
from prevex.situations.journal_labels import visible_situations

LABELS = {
    "notes.note": (_("une note à savoir sur la situation %(reference)s"), _("une note à savoir (situation supprimée)")),
    "notes.consent": (
        _("le consentement au partage de la situation %(reference)s"),
        _("un consentement au partage (situation supprimée)"),
    ),
}


def _describe(entries, viewer, target_type: str) -> dict[int, Target]:
    named, gone = LABELS[target_type]
    situations = visible_situations(viewer, {entry.details.get("situation") for entry in entries})
    may_read = can(viewer, Action.SUPPORT_NOTES)
    targets = {}
    for entry in entries:
        situation = situations.get(str(entry.details.get("situation", "")))
        if situation is None:
            targets[entry.pk] = Target(str(gone))
            continue
        url = reverse("notes:notes", args=[situation.public_id]) if may_read else ""
        targets[entry.pk] = Target(str(named) % {"reference": situation.reference}, url)
    return targets


@describes("notes.note")
def notes(entries, viewer) -> dict[int, Target]:
    return _describe(entries, viewer, "notes.note")


@describes("notes.consent")
def consents(entries, viewer) -> dict[int, Target]:
    return _describe(entries, viewer, "notes.consent")
