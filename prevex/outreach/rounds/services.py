"""Visit rounds: the households proposed for a day and a territory, the round saved, and each outcome recorded as
a VISIT event through the one writer (`prevex.situations.services.event_record`), which moves the sequence (the
outreach tasks follow the timeline through the writer's hook). This app writes no Situation or Event itself."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.outreach.models import Task
from prevex.outreach.rounds import walking
from prevex.outreach.rounds.models import Round, RoundStatus, RoundStop
from prevex.outreach.services import done_by_of
from prevex.situations.enums import EventKind, VisitOutcome
from prevex.situations.models import Event, Situation
from prevex.situations.services import event_record, lock_situations

NOTE_MAX_LENGTH = 500


@dataclass(frozen=True)
class Candidate:
    """A household whose visit is due on the round's day (or overdue), with its visit task."""

    situation: Situation
    task: Task
    address: walking.Address

    def overdue_on(self, day: dt.date) -> bool:
        return self.task.due_on < day


def visit_steps(team) -> list[str]:
    """The codes of the team's steps done by a visit (`visite_1`, `visite_2` in the default sequence)."""
    return sorted(code for code, kind in done_by_of(team).items() if kind == EventKind.VISIT)


def _in_territory(sector, communes) -> models.Q:
    """The situations of the chosen communes, of the sector's communes, or put in the sector."""
    query = models.Q(commune__in=list(communes))
    if sector is not None:
        query |= models.Q(commune__in=sector.communes.all()) | models.Q(sector=sector)
    return query


def _already_planned(team, today: dt.date):
    """Situations waiting on a planned round of today or later: not proposed twice."""
    return RoundStop.objects.filter(
        round__team=team, round__status=RoundStatus.PLANNED, round__day__gte=today, event__isnull=True
    ).values("situation_id")


def proposal(user, *, day: dt.date, sector=None, communes=()) -> list[Candidate]:
    """The open situations of the territory whose visit task is due on or before `day`, in walking order
    (`walking.walking_order`: commune, street, the most urgent hearing first, then up and down each street)."""
    team = user.membership.team
    situations = (
        Situation.objects.visible_by(user)
        .open()
        .in_caseload()
        .filter(anonymised_on__isnull=True)
        .filter(_in_territory(sector, communes))
    )
    tasks = (
        Task.objects.for_team(team)
        .open()
        .filter(planned=True, step__in=visit_steps(team), due_on__lte=day, situation__in=situations)
        .exclude(situation_id__in=_already_planned(team, timezone.localdate()))
        .select_related("situation__commune")
        .order_by("due_on", "pk")
    )
    first_task: dict[int, Task] = {}
    for task in tasks:
        first_task.setdefault(task.situation_id, task)
    stops = [
        walking.Stop(
            key=task.situation_id,
            commune=task.situation.commune.name,
            address=task.situation.address,
            hearing_date=task.situation.hearing_date,
        )
        for task in first_task.values()
    ]
    return [
        Candidate(first_task[stop.key].situation, first_task[stop.key], walking.parse_address(stop.address))
        for stop in walking.walking_order(stops)
    ]


@transaction.atomic
def round_create(user, *, day: dt.date, sector, communes, workers, is_joint: bool, situation_ids) -> Round:
    """Save a round of the chosen households (among those proposed, in the proposal's order) and journal it."""
    chosen = {int(pk) for pk in situation_ids}
    # The chosen households locked first: a round planned at the same moment waits, then no longer finds them.
    lock_situations(Situation.objects.filter(team=user.membership.team, pk__in=chosen))
    candidates = [c for c in proposal(user, day=day, sector=sector, communes=communes) if c.situation.pk in chosen]
    if not candidates:
        raise ValidationError(_("Cochez au moins un ménage à visiter."))
    team = user.membership.team
    visit_round = Round.objects.create(team=team, day=day, sector=sector, is_joint=is_joint, created_by=user)
    visit_round.communes.set(communes)
    visit_round.workers.set(workers)
    RoundStop.objects.bulk_create(
        RoundStop(round=visit_round, situation=candidate.situation, position=position)
        for position, candidate in enumerate(candidates, start=1)
    )
    AuditEntry.log(
        actor=user,
        action=AuditAction.CREATE,
        target=visit_round,
        team=team,
        details={
            "round": "create",
            "day": day.isoformat(),
            "stops": len(candidates),
            "is_joint": is_joint,
            "workers": sorted(worker.pk for worker in workers),
            "sector": sector.pk if sector else None,
            "communes": sorted(commune.pk for commune in communes),
        },
    )
    return visit_round


@transaction.atomic
def round_cancel(visit_round: Round, user) -> Round:
    """Cancel a round planned by mistake, before any outcome is noted: its households are proposed again.
    Cancelling it twice changes nothing."""
    visit_round = Round.objects.select_for_update().get(pk=visit_round.pk)
    if visit_round.is_cancelled:
        return visit_round
    if visit_round.stops.filter(event__isnull=False).exists():
        raise ValidationError(_("Des visites de cette tournée sont déjà notées : elle ne peut plus être annulée."))
    visit_round.status = RoundStatus.CANCELLED
    visit_round.save(update_fields=["status"])
    AuditEntry.log(
        actor=user,
        action=AuditAction.UPDATE,
        target=visit_round,
        team=visit_round.team,
        details={"round": "cancel", "day": visit_round.day.isoformat()},
    )
    return visit_round


def sheet_pdf(html: str) -> bytes:
    """The round sheet as a PDF (WeasyPrint; the template carries its own print styles, nothing is fetched)."""
    from weasyprint import HTML  # heavy: loaded by the one page that needs it

    from prevex.outreach.letters.pdf_worker import DATA_ONLY

    return HTML(string=html, url_fetcher=DATA_ONLY).write_pdf()  # fetches nothing: no file, no URL


def journal_sheet_download(visit_round: Round, user, stop_count: int) -> None:
    """Names and addresses leave Prevex on paper: the journal says who took them, and how many."""
    AuditEntry.log(
        actor=user,
        action=AuditAction.EXPORT,
        target=visit_round,
        team=visit_round.team,
        details={"round": "sheet_pdf", "stops": stop_count},
    )


def visit_day(visit_round: Round, today: dt.date | None = None) -> dt.date:
    """The day a visit of the round happened: the round's day, or today for an outcome noted before it (the
    timeline takes nothing in the future)."""
    return min(visit_round.day, today or timezone.localdate())


def outcome_record(stop: RoundStop, *, outcome: str, note: str, user) -> tuple[RoundStop, bool]:
    """Record the stop's outcome as a VISIT event (joint if the round is), once: the stop is locked, and an
    outcome already recorded is kept (a second tap, a second worker) and returned with False. Raises
    ValidationError if the outcome is unknown or the timeline refuses the visit."""
    if outcome not in VisitOutcome.values:
        raise ValidationError(_("Choisissez le résultat de la visite."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(_("La note fait au plus %(max)s caractères.") % {"max": NOTE_MAX_LENGTH})
    with transaction.atomic():
        stop = RoundStop.objects.select_for_update().select_related("round", "situation").get(pk=stop.pk)
        if stop.event_id is not None:
            return stop, False
        if stop.round.is_cancelled:
            raise ValidationError(_("Cette tournée est annulée : rien n'y est plus noté."))
        event = Event(
            situation=stop.situation,
            kind=EventKind.VISIT,
            visit_outcome=outcome,
            is_joint=stop.round.is_joint,
            occurred_on=visit_day(stop.round),
            note=note,
        )
        stop.event = event_record(event=event, author=user)
        stop.recorded_at, stop.recorded_by = timezone.now(), user
        stop.save(update_fields=["event", "recorded_at", "recorded_by"])
        if not stop.round.stops.filter(event__isnull=True).exists():
            Round.objects.filter(pk=stop.round_id).update(status=RoundStatus.DONE)
    return stop, True


def stops_of(visit_round: Round) -> list[RoundStop]:
    """The round's stops in order, with what their cards show: a fixed number of queries whatever their number."""
    return list(visit_round.stops.select_related("situation__commune", "event").order_by("position", "id"))


def rounds_of(team):
    """The team's rounds, the latest first, with their number of stops and of outcomes recorded."""
    return (
        Round.objects.filter(team=team)
        .annotate(
            stop_count=models.Count("stops", distinct=True),
            recorded_count=models.Count("stops", filter=models.Q(stops__event__isnull=False), distinct=True),
        )
        .prefetch_related("workers")
        .order_by("-day", "-id")
    )


def my_rounds_on(user, day: dt.date):
    """The rounds of the day the user goes on (for Aujourd'hui), with their progress."""
    return rounds_of(user.membership.team).filter(day=day, workers=user)
