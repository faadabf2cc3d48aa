"""Visit rounds (*tournées*): a day, a territory, one or two workers, and the households to visit in walking
order. A stop keeps only the link to the VISIT event its outcome recorded: the outcome, the note and the
author live on the timeline (corrected there), never copied here."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    DONE = "done", _("Terminée")
    CANCELLED = "cancelled", _("Annulée")


class Round(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="visit_rounds")
    day = models.DateField(_("jour"))
    sector = models.ForeignKey(
        "organisations.Sector", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    communes = models.ManyToManyField("territories.Commune", related_name="+", blank=True)
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visit_rounds")
    is_joint = models.BooleanField(_("visite commune des deux partenaires"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tournée de visites")
        verbose_name_plural = _("tournées de visites")
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["team", "day"], name="rounds_team_day_idx")]

    def __str__(self) -> str:
        return str(_("Tournée du %(day)s") % {"day": self.day.strftime("%d/%m/%Y")})

    @property
    def is_cancelled(self) -> bool:
        return self.status == RoundStatus.CANCELLED


class RoundStop(models.Model):
    """One household of a round, at its place in the walking order; `event` is the visit its outcome recorded
    (empty until then, and again if that event is deleted from the timeline)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stops")
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="round_stops")
    position = models.PositiveSmallIntegerField(_("ordre"))
    event = models.ForeignKey("situations.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("noté le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("étape de tournée")
        verbose_name_plural = _("étapes de tournée")
        ordering = ["round", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "situation"], name="one_stop_per_situation_per_round")]

    def __str__(self) -> str:
        return f"{self.round} #{self.position}"

    @property
    def is_recorded(self) -> bool:
        return self.event_id is not None
