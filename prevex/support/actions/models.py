"""The team's catalogue of préconisations (`ActionKind`) and the actions on a household (`Action`).

An action's history is its dates: proposed, filed (déposée), decided (accordée or refusée) or abandoned. Its
status on any day is read from them (`status_on`, and `counts.py` in SQL for the bilan), so a bilan as of an
earlier date sees each action as it stood then. The transitions are checked in `services.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.support.actions.catalogue import Category, PartnerKind


class Status(models.TextChoices):
    TO_DO = "a_faire", _("À faire")
    FILED = "deposee", _("Déposée")
    GRANTED = "accordee", _("Accordée")
    REFUSED = "refusee", _("Refusée")
    ABANDONED = "abandonnee", _("Abandonnée")


DECIDED = (Status.GRANTED, Status.REFUSED)
CLOSED = (*DECIDED, Status.ABANDONED)


class ReferralAnswer(models.TextChoices):
    ACCEPTED = "acceptee", _("Prise en charge acceptée")
    REFUSED = "refusee", _("Refusée")
    REDIRECTED = "reorientee", _("Réorientée vers un autre partenaire")


class Source(models.TextChoices):
    APP = "app", _("Saisie dans Prevex")
    IMPORT = "import", _("Tableau de suivi")
    RIGHTS = "rights", _("Estimation des droits")
    MIGRATION = "migration", _("Reprise des préconisations")
    DEMO = "demo", _("Démonstration")


class ActionKind(models.Model):
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="action_kinds")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("libellé"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=10, choices=Category.choices)
    is_referral = models.BooleanField(_("orientation vers un partenaire"), default=False)
    partner_kind = models.CharField(_("partenaire"), max_length=20, choices=PartnerKind.choices, blank=True)
    active = models.BooleanField(_("proposée"), default=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type de préconisation")
        verbose_name_plural = _("types de préconisation")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "code"], name="actions_unique_kind_code_per_team")]

    def __str__(self) -> str:
        return self.label


class ActionQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(situation__team=team)

    def open(self):
        return self.filter(status__in=(Status.TO_DO, Status.FILED))


class Action(models.Model):
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="support_actions")
    kind = models.ForeignKey(ActionKind, on_delete=models.PROTECT, related_name="actions", verbose_name=_("type"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation en charge"),
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("personne en charge"),
    )  # fmt: skip
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.TO_DO)
    proposed_on = models.DateField(_("proposée le"))
    filed_on = models.DateField(_("déposée le"), null=True, blank=True)
    decided_on = models.DateField(_("décidée le"), null=True, blank=True)
    abandoned_on = models.DateField(_("abandonnée le"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A referral: to which partner, when sent, when and how it answered.
    partner = models.CharField(_("partenaire"), max_length=20, choices=PartnerKind.choices, blank=True)
    partner_name = models.CharField(_("nom du partenaire"), max_length=200, blank=True)
    sent_on = models.DateField(_("envoyée le"), null=True, blank=True)
    answered_on = models.DateField(_("réponse le"), null=True, blank=True)
    answer = models.CharField(_("réponse"), max_length=12, choices=ReferralAnswer.choices, blank=True)
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices, default=Source.APP)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("préconisation")
        verbose_name_plural = _("préconisations et actions")
        ordering = ["proposed_on", "id"]
        indexes = [models.Index(fields=["situation", "status"], name="actions_situation_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.TO_DO, Status.FILED)

    @property
    def changed_on(self):
        """The date of its current status."""
        return {
            Status.TO_DO: self.proposed_on,
            Status.FILED: self.filed_on,
            Status.GRANTED: self.decided_on,
            Status.REFUSED: self.decided_on,
            Status.ABANDONED: self.abandoned_on,
        }[self.status]

    def status_on(self, day):
        """Its status as it stood on `day` (None: not proposed yet)."""
        if self.proposed_on > day:
            return None
        if self.abandoned_on and self.abandoned_on <= day:
            return Status.ABANDONED
        if self.decided_on and self.decided_on <= day:
            return Status(self.status)
        if self.filed_on and self.filed_on <= day:
            return Status.FILED
        return Status.TO_DO
