"""A team's outreach sequence as data, the tasks it gives each household, and the pauses of a household's
sequence. The policy is `sequence.py`; `services.py` keeps the tasks in step with the timelines."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.organisations.enums import OrganisationKind, Role
from prevex.outreach.enums import EndReason
from prevex.outreach.sequence import ESSONNE_SEQUENCE, StepSpec
from prevex.situations.enums import ClosureReason, EventKind, Recipient

COMPLETING_KINDS = [(kind.value, kind.label) for kind in (EventKind.LETTER, EventKind.VISIT, EventKind.REMINDER)]


class SequenceStep(models.Model):
    """One step of a team's sequence, edited by its coordinator. A team with none follows `ESSONNE_SEQUENCE`."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="sequence_steps")
    position = models.PositiveSmallIntegerField(_("ordre"))
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)
    delay_days = models.PositiveSmallIntegerField(
        _("délai (jours)"), default=0, help_text=_("Après l'étape précédente (0 : le jour même).")
    )
    channels = models.JSONField(_("canaux"), default=list, blank=True)
    organisation_kind = models.CharField(_("organisation"), max_length=20, choices=OrganisationKind.choices, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, blank=True)
    after = models.SlugField(
        _("après l'étape"), max_length=40, blank=True, help_text=_("Vide : due le jour de la réception.")
    )
    needs_failure = models.BooleanField(
        _("seulement après un échec"),
        default=False,
        help_text=_("Due seulement si l'étape précédente a échoué (ménage absent à la visite)."),
    )
    done_by = models.CharField(_("faite par"), max_length=20, choices=COMPLETING_KINDS, default=EventKind.LETTER)
    recipient = models.CharField(_("destinataire"), max_length=10, choices=Recipient.choices, default=Recipient.TENANT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("étape de la séquence d'aller-vers")
        verbose_name_plural = _("étapes de la séquence d'aller-vers")
        ordering = ["team", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "code"], name="unique_sequence_step_code_per_team")]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"

    def spec(self, after: str | None) -> StepSpec:
        return StepSpec(
            code=self.code,
            label=self.label,
            delay_days=self.delay_days,
            channels=tuple(self.channels or ()),
            organisation_kind=self.organisation_kind,
            role=self.role,
            after=after,
            needs_failure=self.needs_failure,
            done_by=self.done_by,
            recipient=self.recipient,
        )

    @classmethod
    def from_spec(cls, spec: StepSpec, *, team, position: int) -> "SequenceStep":
        return cls(
            team=team,
            position=position,
            code=spec.code,
            label=str(spec.label),
            delay_days=spec.delay_days,
            channels=list(spec.channels),
            organisation_kind=spec.organisation_kind,
            role=spec.role,
            after=spec.after or "",
            needs_failure=spec.needs_failure,
            done_by=spec.done_by,
            recipient=spec.recipient,
        )


def specs_of(rows) -> tuple[StepSpec, ...]:
    """The active steps of a team's rows (in position order), each following its nearest active ancestor: a
    step deactivated by the coordinator drops out of its chain without breaking it."""
    rows = list(rows)
    after = {row.code: row.after or None for row in rows}
    seen: set[str] = set()
    specs = []
    for row in rows:
        if not row.is_active:
            continue
        previous = after[row.code]
        visited = set()
        while previous is not None and previous not in seen and previous not in visited:
            visited.add(previous)
            previous = after.get(previous)
        specs.append(row.spec(previous if previous in seen else None))
        seen.add(row.code)
    return tuple(specs)


def sequence_for(team) -> tuple[StepSpec, ...]:
    """The team's sequence: its own steps, or the shipped default while it has none."""
    rows = list(SequenceStep.objects.filter(team=team).order_by("position", "id"))
    return specs_of(rows) if rows else ESSONNE_SEQUENCE


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True, cancelled_on__isnull=True)

    def for_team(self, team):
        return self.filter(team=team)


class Task(models.Model):
    """A step of a household's sequence that was due: who does it, when, done by which event or cancelled
    for which reason. Kept in step with the timeline by `services.tasks_sync`; history stays (a step cancelled
    by a closure and resumed by a reopening keeps its cancelled row and gets a new one). Or a task outside the
    sequence (`planned` False: a callback asked on the tenant's page…), which `tasks_sync` leaves alone."""

    # The team and the step are not indexed alone: the worklist's index starts with the team, and a step is only
    # ever looked up within a situation (each index costs the writes of an import's tens of thousands of tasks).
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.CASCADE, related_name="outreach_tasks", db_index=False
    )
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="outreach_tasks")
    step = models.SlugField(_("étape"), max_length=40, db_index=False)
    label = models.CharField(_("libellé"), max_length=200)
    due_on = models.DateField(_("à faire le"))
    late = models.BooleanField(_("en retard sur l'audience"), default=False)
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    done_event = models.ForeignKey(
        "situations.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_on = models.DateField(_("annulée le"), null=True, blank=True)
    cancelled_reason = models.CharField(_("motif d'annulation"), max_length=30, choices=EndReason.choices, blank=True)
    cancelled_event = models.ForeignKey(
        "situations.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_closure = models.CharField(_("clôture proposée"), max_length=30, choices=ClosureReason.choices, blank=True)
    organisation_kind = models.CharField(_("organisation"), max_length=20, choices=OrganisationKind.choices, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, blank=True)
    # A step of the sequence (kept by `tasks_sync`), or a task a request or a message brought (call back,
    # check a returned letter…), done or cancelled by a person only.
    planned = models.BooleanField(_("étape de la séquence"), default=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche d'aller-vers")
        verbose_name_plural = _("tâches d'aller-vers")
        indexes = [
            models.Index(fields=["team", "done_on", "cancelled_on", "due_on"], name="outreach_task_worklist_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "step"],
                condition=models.Q(done_on__isnull=True, cancelled_on__isnull=True),
                name="one_open_task_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.due_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.done_on is None and self.cancelled_on is None


class PauseQuerySet(models.QuerySet):
    def in_effect(self, day):
        """The pauses holding `day`: started, not past their end, not resumed."""
        return self.filter(starts_on__lte=day, ends_on__gte=day).filter(
            models.Q(resumed_on__isnull=True) | models.Q(resumed_on__gt=day)
        )


class Pause(models.Model):
    """A coordinator's pause of one household's sequence: no task is due from `starts_on` to `ends_on` (or the
    day before `resumed_on`, when resumed early); what falls in it is due the day after."""

    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="outreach_pauses")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("jusqu'au"))
    reason = models.CharField(_("motif"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resumed_on = models.DateField(_("reprise le"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("pause de la séquence d'aller-vers")
        verbose_name_plural = _("pauses de la séquence d'aller-vers")
        indexes = [models.Index(fields=["situation", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="pause_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"
