"""The journal in French: who did what to which object, for the team's journal page and one's own history.

An entry names its object by type and id (`situations.situation`, a public id). The app that owns a type
registers how to name its objects (`@describes("situations.situation")`, imported by its AppConfig.ready):
the journal stays low in the layers (it imports none of them) and each describer names all the entries of its
type at once, so a page costs the same few queries whatever its length. A describer also decides what the
viewer may follow: a link, or the object's reference, only where the viewer may open it.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import CHANGE_KEYS, AuditEntry


@dataclass(frozen=True)
class Target:
    """The object of an entry, in words, with the address of its page when the viewer may open it."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Line:
    """One entry as a person reads it."""

    entry: AuditEntry
    created_at: dt.datetime
    actor: str
    organisation: str
    action: str
    target: Target
    fields: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def fields_text(self) -> str:
        return ", ".join(self.fields)


# (entries of one type, the viewer) -> {entry pk: Target}
Describer = Callable[[list[AuditEntry], object], dict[int, Target]]
DESCRIBERS: dict[str, Describer] = {}


def describes(target_type: str):
    """Register the describer of one target type (`app_label.model_name`)."""

    def register(describer: Describer) -> Describer:
        DESCRIBERS[target_type] = describer
        return describer

    return register


def uuids(values) -> set[uuid.UUID]:
    """The values that are UUIDs (public ids), for a describer's `public_id__in`."""
    kept = set()
    for value in values:
        try:
            kept.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    return kept


def present(entries: Iterable[AuditEntry], viewer) -> list[Line]:
    """The entries in French, in their order (entries with their actor and organisation selected)."""
    entries = list(entries)
    targets = _targets(entries, viewer)
    authors = _other_authors(entries)
    return [
        Line(
            entry=entry,
            created_at=timezone.localtime(entry.created_at),
            actor=str(entry.actor) if entry.actor_id else _("Prevex (automatique)"),
            organisation=str(entry.organisation or ""),
            action=entry.get_action_display(),
            target=targets.get(entry.pk) or _unknown(entry.target_type),
            fields=field_labels(entry),
            note=_author_note(entry, authors),
        )
        for entry in entries
    ]


def _targets(entries: list[AuditEntry], viewer) -> dict[int, Target]:
    by_type = defaultdict(list)
    for entry in entries:
        by_type[entry.target_type].append(entry)
    targets = {}
    for target_type, group in by_type.items():
        describer = DESCRIBERS.get(target_type)
        if describer is not None:
            targets.update(describer(group, viewer))
    return targets


def _model(target_type: str):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _unknown(target_type: str) -> Target:
    model = _model(target_type)
    name = model._meta.verbose_name if model is not None else target_type
    return Target(_("un objet « %(name)s »") % {"name": name})


def field_labels(entry: AuditEntry) -> list[str]:
    """The French names (verbose_name) of the fields the entry lists: changed, before/after, personal."""
    details = entry.details or {}
    names = []
    for key in CHANGE_KEYS:
        if isinstance(details.get(key), dict):
            names.extend(details[key])
    for key in ("fields", "personal_fields"):
        if isinstance(details.get(key), list):
            names.extend(details[key])
    model = _model(entry.target_type)
    return [_field_label(model, name) for name in dict.fromkeys(names)]


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _other_authors(entries: list[AuditEntry]) -> dict[int, str]:
    """Who recorded what someone else corrected or deleted (details["author"]): one query for the page."""
    ids = {entry.details.get("author") for entry in entries if isinstance(entry.details, dict)}
    ids = {pk for pk in ids if isinstance(pk, int)}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("membership__organisation")
    return {user.pk: person(user) for user in users}


def person(user) -> str:
    """A person as the journal names them: their name, and their organisation."""
    membership = getattr(user, "membership", None)
    organisation = membership.organisation if membership is not None else None
    return f"{user} ({organisation})" if organisation else str(user)


def _author_note(entry: AuditEntry, authors: dict[int, str]) -> str:
    if not isinstance(entry.details, dict) or "author" not in entry.details:
        return ""
    author = entry.details["author"]
    if author is None:
        return _("entrée venue d'un import")
    if author == entry.actor_id:
        return ""
    return _("entrée de %(person)s") % {"person": authors.get(author, _("un compte supprimé"))}
