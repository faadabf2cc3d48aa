"""The social-services check of one situation: whether the Département's social services already follow the
household (then it leaves the team's caseload, with a note on its timeline)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction
from prevex.core.bulk import chunks, insert_rows, update_rows
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation
from prevex.situations.services.cache import after_timeline_change, after_timelines_change
from prevex.situations.services.events import note_add
from prevex.situations.services.journal import attribution, journal, journal_many
from prevex.situations.services.locks import locked

CHECK_VALUES = {
    True: SocialServicesCheck.KNOWN,
    False: SocialServicesCheck.NOT_KNOWN,
    None: SocialServicesCheck.TO_CHECK,
}
# The values that are an answer: the day it is recorded is kept (`social_services_checked_on`), and dropped
# when the check is back to do.
ANSWERS = frozenset({SocialServicesCheck.KNOWN, SocialServicesCheck.NOT_KNOWN})


@transaction.atomic
def record_check(situation: Situation, *, known: bool | None, user, service: str = "", source: str = "") -> None:
    """Set the social-services check of a situation (None: to check), with a note when it is found followed.
    Raises SituationAnonymised if the situation is anonymised (read-only)."""
    situation = locked(situation)
    value = CHECK_VALUES[known]
    before = situation.social_services
    if before == value:
        return
    situation.social_services = value
    situation.social_services_checked_on = timezone.localdate() if value in ANSWERS else None
    situation.version += 1
    situation.save(update_fields=["social_services", "social_services_checked_on", "version"])
    if known:
        note_add(situation, note=_note(service, source), occurred_on=timezone.localdate(), author=user)
    else:
        after_timeline_change(situation)  # no note, but the outreach of a household no longer followed resumes
    journal(
        actor=user,
        action=AuditAction.UPDATE,
        target=situation,
        team=situation.team,
        details={"before": {"social_services": before}, "after": {"social_services": value}},
    )


def _note(service: str, source: str) -> str:
    return _("Déjà suivi par les services sociaux%(service)s (%(source)s) : hors du public de l'équipe.") % {
        "service": f" ({service})" if service else "",
        "source": source or _("saisie manuelle"),
    }


@transaction.atomic
def record_checks_many(*, team, answers: list[tuple[int, bool | None, str]], user, source: str) -> list[bool]:
    """`record_check` for many situations of the team the caller has locked, answers given as (pk, known,
    service), in a few statements; an anonymised situation is skipped (False in the list returned, in the
    order given), a missing one raises Situation.DoesNotExist."""
    situations = {}
    for chunk in chunks(sorted({pk for pk, _known, _service in answers})):
        situations.update(Situation.objects.filter(team=team).in_bulk(chunk))
    applied, notes, entries, changed = [], [], [], {}
    today = timezone.localdate()
    for pk, known, service in answers:
        situation = situations.get(pk)
        if situation is None:
            raise Situation.DoesNotExist(pk)
        applied.append(not situation.anonymised_on)
        value = CHECK_VALUES[known]
        before = situation.social_services
        if situation.anonymised_on or before == value:
            continue
        situation.social_services = value
        situation.social_services_checked_on = today if value in ANSWERS else None
        situation.version += 1
        changed[pk] = situation
        if known:
            notes.append(
                {
                    "situation_id": pk,
                    "kind": EventKind.NOTE,
                    "occurred_on": today,
                    "note": _note(service, source),
                    **attribution(user),
                }
            )
        entries.append(
            (str(situation.public_id), {"before": {"social_services": before}, "after": {"social_services": value}})
        )
    update_rows(
        Situation,
        ["social_services", "social_services_checked_on", "version"],
        [(pk, s.social_services, s.social_services_checked_on, s.version) for pk, s in changed.items()],
    )
    insert_rows(Event, notes)
    after_timelines_change(sorted(changed), cached=sorted({note["situation_id"] for note in notes}))
    journal_many(team=team, actor=user, action=AuditAction.UPDATE, entries=entries)
    return applied
