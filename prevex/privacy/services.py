"""Retention and the persons' rights: anonymise a situation, find those due, export what Prevex holds.

Anonymising removes what identifies the household (names, contacts, street address, free text) and keeps
what the bilan counts (dates, kinds of events, codes, commune and sector, landlord type, debt amount), so a
bilan of any past period gives the same figures afterwards.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.forms.models import model_to_dict
from django.utils import timezone

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch
from prevex.situations.enums import ClosureReason, EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation

ANONYMOUS_NAME = "ANONYMISÉ"
# What identifies a household, emptied by anonymisation (the name gets a placeholder, the rest is blanked).
IDENTIFYING_FIELDS = ("tenant_first_name", "other_tenants", "phone", "email", "address", "landlord_name")


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def due_for_retention(team, *, on: dt.date):
    """Situations to anonymise on that day: closed (or found already followed by the social services) and
    untouched for the team's retention period."""
    cutoff = months_before(on, team.retention_months)
    last_activity = Coalesce("last_event_on", "closed_on", "received_on")
    finished = Q(closed_on__isnull=False) | Q(social_services=SocialServicesCheck.KNOWN)
    candidates = Situation.objects.for_team(team).filter(finished, anonymised_on__isnull=True)
    return candidates.alias(last_activity=last_activity).filter(last_activity__lt=cutoff).order_by("closed_on", "pk")


@transaction.atomic
def anonymise(situation: Situation, *, actor, reason: str) -> Situation:
    situation = Situation.objects.select_for_update().get(pk=situation.pk)
    if situation.anonymised_on:
        return situation
    situation.tenant_last_name = ANONYMOUS_NAME
    for name in IDENTIFYING_FIELDS:
        setattr(situation, name, "")
    situation.anonymised_on = timezone.localdate()
    situation.version += 1
    situation.save(update_fields=["tenant_last_name", *IDENTIFYING_FIELDS, "anonymised_on", "version"])
    situation.events.exclude(note="").update(note="")
    AuditEntry.log(actor=actor, action=AuditAction.ANONYMISE, target=situation, team=situation.team,
                   details={"reason": reason})  # fmt: skip
    if situation.import_batch_id:
        transaction.on_commit(lambda: release_import_file(situation.import_batch_id))
    return situation


def release_import_file(batch_id: int) -> None:
    """Delete a kept import file once every situation it brought is anonymised: it holds the names."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch and batch.file and not batch.situations.filter(anonymised_on__isnull=True).exists():
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch_id).update(file="")


def apply_retention(teams, *, today: dt.date, wet: bool) -> dict:
    """Per team, the references due (anonymised when `wet`); and the journal entries past their own period."""
    report = {}
    for team in teams:
        due = list(due_for_retention(team, on=today))
        if wet:
            for situation in due:
                anonymise(situation, actor=None, reason="retention")
        report[team.slug] = [situation.reference for situation in due]
    journal_cutoff = timezone.now() - dt.timedelta(days=30 * settings.PREVEX_JOURNAL_RETENTION_MONTHS)
    purged = AuditEntry.purge_older_than(journal_cutoff) if wet else None
    return {"situations": report, "journal_purged": purged}


@transaction.atomic
def erase_on_request(situation: Situation, *, actor) -> Situation:
    """The person's right to erasure: closed if still open (reason « autre »), then anonymised at once."""
    situation = Situation.objects.select_for_update().get(pk=situation.pk)
    if not situation.is_closed:
        from prevex.situations.services import event_record

        closure = Event(situation=situation, kind=EventKind.CLOSURE, occurred_on=timezone.localdate(),
                        closure_reason=ClosureReason.AUTRE)  # fmt: skip
        event_record(event=closure, author=actor)
    return anonymise(situation, actor=actor, reason="erasure_request")


def personal_data(situation: Situation) -> dict:
    """Everything Prevex holds about one household (the right of access), as plain JSON-ready data."""
    fields = [field.name for field in Situation._meta.concrete_fields
              if field.name not in {"id", "team", "search_text"}]  # fmt: skip
    data = {key: _plain(value) for key, value in model_to_dict(situation, fields).items()}
    data["commune"] = situation.commune.name
    data["sector"] = situation.sector.name if situation.sector else None
    data["import_batch"] = situation.import_batch.filename if situation.import_batch else None
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "team": situation.team.name,
        "situation": data,
        "referents": [
            {"organisation": r.organisation.name, "person": str(r.user)}
            for r in situation.referents.select_related("organisation", "user")
        ],  # fmt: skip
        "events": [
            {
                **{key: _plain(value) for key, value in model_to_dict(event, Event.DATA_FIELDS).items()},
                "author": str(event.author or ""),
                "organisation": str(event.organisation or ""),
            }
            for event in situation.events.chronological().select_related("author", "organisation")
        ],  # fmt: skip
        "journal": [
            {
                "date": entry.created_at.isoformat(timespec="seconds"),
                "person": str(entry.actor or ""),
                "organisation": str(entry.organisation or ""),
                "action": entry.get_action_display(),
            }
            for entry in AuditEntry.objects.about(situation)
            .select_related("actor", "organisation")
            .order_by("created_at", "pk")
        ],  # fmt: skip
    }


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str | list):
        return value
    return str(value)
