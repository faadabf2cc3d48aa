from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    LEGAL = "legal", _("Partenaire juridique")
    SOCIAL = "social", _("Partenaire social")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur·rice")
    SOCIAL_WORKER = "social_worker", _("Travailleur·se social·e")
    JURISTE = "juriste", _("Juriste")
    FUNDER = "funder", _("Financeur")
