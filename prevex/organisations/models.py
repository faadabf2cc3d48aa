from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.organisations.enums import OrganisationKind, Role


class Team(models.Model):
    """An équipe mobile: the partner organisations of one département working on shared situations."""

    slug = models.SlugField(_("identifiant"), unique=True)
    name = models.CharField(_("nom"), max_length=200)
    departement = models.CharField(_("département"), max_length=3)
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation (mois)"),
        default=24,
        help_text=_("Une situation clôturée est anonymisée ce nombre de mois après son dernier événement."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("équipe")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = _("organisation")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="unique_organisation_name_per_team")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user belongs to one team, through one of its organisations (funders through none)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("appartenance")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.team})"

    def clean(self):
        if self.organisation_id and self.organisation.team_id != self.team_id:
            raise ValidationError(_("L'organisation doit appartenir à l'équipe."))
        if self.role != Role.FUNDER and not self.organisation_id:
            raise ValidationError(_("Un membre de l'équipe appartient à une organisation."))


class Sector(models.Model):
    """A set of communes followed by the same people."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="sectors")
    name = models.CharField(_("nom"), max_length=200)
    communes = models.ManyToManyField("territories.Commune", related_name="sectors", blank=True)

    class Meta:
        verbose_name = _("secteur")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="unique_sector_name_per_team")]

    def __str__(self) -> str:
        return self.name


class SectorAssignee(models.Model):
    """The default person in charge, for one organisation, of the new situations of a sector."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="assignees")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("référent par défaut")
        constraints = [
            models.UniqueConstraint(fields=["sector", "organisation"], name="one_default_assignee_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.sector} – {self.organisation} : {self.user}"
