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
from django.utils import timezone

from prevex.audit.models import AuditAction, AuditEntry
from prevex.privacy import registry
from prevex.situations.enums import ClosureReason, EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.privacy import ANONYMOUS_NAME, IDENTIFYING_FIELDS  # noqa: F401 (their home is situations)


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
    """Remove what identifies the household from every holder of the registry (`registry.HOLDERS`)."""
    situation = Situation.objects.select_for_update().select_related("team").get(pk=situation.pk)
    if situation.anonymised_on:
        return situation
    registry.anonymise(situation)
    AuditEntry.log(
        actor=actor, action=AuditAction.ANONYMISE, target=situation, team=situation.team, details={"reason": reason}
    )
    situation.refresh_from_db()
    return situation


def apply_retention(teams, *, today: dt.date, wet: bool) -> dict:
    """Per team, the references due (anonymised when `wet`); and the journal entries past their own period."""
    report = {}
    for team in teams:
        due = list(due_for_retention(team, on=today))
        if wet:
            for situation in due:
                anonymise(situation, actor=None, reason="retention")
        report[team.slug] = [situation.reference for situation in due]
    now = timezone.now()
    journal_cutoff = now - dt.timedelta(days=30 * settings.PREVEX_JOURNAL_RETENTION_MONTHS)
    purged = AuditEntry.purge_older_than(journal_cutoff) if wet else None
    return {"situations": report, "journal_purged": purged, "purged": registry.purge(now=now, wet=wet)}


@transaction.atomic
def erase_on_request(situation: Situation, *, actor) -> Situation:
    """The person's right to erasure: closed if still open (reason « autre »), then anonymised at once."""
    situation = Situation.objects.select_for_update().get(pk=situation.pk)
    if not situation.is_closed:
        from prevex.situations.services import event_record

        closure = Event(
            situation=situation,
            kind=EventKind.CLOSURE,
            occurred_on=timezone.localdate(),
            closure_reason=ClosureReason.AUTRE,
        )
        event_record(event=closure, author=actor)
    return anonymise(situation, actor=actor, reason="erasure_request")


def personal_data(situation: Situation) -> dict:
    """Everything Prevex holds about one household (the right of access), as plain JSON-ready data: what
    each holder of the registry keeps (situation, timeline, rows of the imported files, journal)."""
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "team": situation.team.name,
        **registry.personal_data(situation),
    }
