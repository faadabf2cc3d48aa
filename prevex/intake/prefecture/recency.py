"""A list never overwrites what is more recent than itself: a value set by a list received later, or by a
person on or after the day this list was received (`newer_fields`). The journal says who set which field when;
an import that was undone, and the undo itself, no longer count."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import SITUATION_TYPE, AuditAction, AuditEntry
from prevex.core.bulk import chunks
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus


@dataclass(frozen=True)
class Newer:
    on: dt.date
    by_list: bool

    def describe(self) -> str:
        if self.by_list:
            return _("liste du %(date)s") % {"date": f"{self.on:%d/%m/%Y}"}
        return _("saisie du %(date)s") % {"date": f"{self.on:%d/%m/%Y}"}


def newer_fields(known: list, received_on: dt.date) -> dict[int, dict[str, Newer]]:
    """{situation pk: {field: what set it more recently than a list received on `received_on`}}."""
    newer: dict[int, dict[str, Newer]] = {}
    pks = {item.public_id: item.pk for item in known}
    for item in known:  # a situation received after the list: all its values are more recent
        if item.received_on and item.received_on > received_on:
            newer[item.pk] = {"*": Newer(item.received_on, by_list=True)}
    since = timezone.make_aware(dt.datetime.combine(received_on, dt.time.min))
    entries = []
    for chunk in chunks(list(pks)):
        entries += AuditEntry.objects.filter(
            target_type=SITUATION_TYPE,
            target_id__any=chunk,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE],
            created_at__gte=since,
        ).values_list("target_id", "action", "created_at", "details")
    lists = _lists_received_on({details["import"] for *_rest, details in entries if details.get("import")})
    for public_id, action, created_at, details in entries:
        setter, created = _setter(created_at, details, lists), action == AuditAction.CREATE
        if setter is None or not _is_newer(setter, received_on, created=created):
            continue
        fields = newer.setdefault(pks[public_id], {})
        # A situation created since (typed in, or by a tracking sheet): every value of it is more recent.
        changed = ["*"] if created else [*details.get("after", {}), *details.get("personal_fields", [])]
        for name in changed:
            if name not in fields or fields[name].on < setter.on:
                fields[name] = setter
    return newer


def _lists_received_on(public_ids: set) -> dict[str, dt.date | None]:
    """The imports still applied among these (not undone): a préfecture list with the day it was received,
    another kind of file (a tracking sheet) with None."""
    batches = ImportBatch.objects.filter(public_id__in=public_ids, status=ImportStatus.COMMITTED)
    return {
        str(public_id): day if kind == ImportKind.PREFECTURE else None
        for public_id, kind, day in batches.values_list("public_id", "kind", "received_on")
    }


def _setter(created_at, details: dict, lists: dict) -> Newer | None:
    """Who set the values of a journal entry, and as of when: a list as of its reception, anyone else (a
    person, a tracking sheet) the day they did; nobody for an undo, or an import undone since."""
    if details.get("undo"):
        return None
    if imported := details.get("import"):
        if imported not in lists:
            return None
        if lists[imported] is not None:
            return Newer(lists[imported], by_list=True)
    return Newer(timezone.localdate(created_at), by_list=False)


def _is_newer(setter: Newer, received_on: dt.date, *, created: bool) -> bool:
    """A later list; a person's change on the list's day too (it came after what the préfecture knew). A
    situation typed in on the list's day is not newer than it: it is usually typed from that very list."""
    if setter.by_list or created:
        return setter.on > received_on
    return setter.on >= received_on
