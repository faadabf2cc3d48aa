from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.core.text import normalize


class EligibilityRules(models.Model):
    """What makes a household of the préfecture's list a situation for the team (defaults: the seed's target)."""

    team = models.OneToOneField("organisations.Team", on_delete=models.CASCADE, related_name="eligibility_rules")
    private_landlords_only = models.BooleanField(
        _("bailleurs privés seulement"),
        default=True,
        help_text=_("Les bailleurs sociaux (type « bailleur social » ou nom de la liste) ne sont pas retenus."),
    )
    assignation_stage_only = models.BooleanField(
        _("stade de l'assignation seulement"),
        default=True,
        help_text=_("Quand la liste indique l'étape de la procédure, seules les assignations sont retenues."),
    )
    exclude_known_to_social_services = models.BooleanField(
        _("ménages inconnus des services sociaux seulement"),
        default=True,
        help_text=_("Un ménage déjà suivi par les services sociaux du Département n'est pas retenu."),
    )
    wait_for_social_services_check = models.BooleanField(
        _("attendre la vérification des services sociaux"),
        default=False,
        help_text=_(
            "Les nouvelles situations restent « à vérifier » jusqu'à la réponse des services sociaux "
            "et n'apparaissent pas encore dans « Aujourd'hui »."
        ),
    )

    class Meta:
        verbose_name = _("règles d'éligibilité")
        verbose_name_plural = _("règles d'éligibilité")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def for_team(cls, team) -> "EligibilityRules":
        """The team's rules; the defaults, unsaved, when it never changed them."""
        return cls.objects.filter(team=team).first() or cls(team=team)


class SocialLandlord(models.Model):
    """A social landlord's name as préfecture lists write it (e.g. « Essonne Habitat »), per team."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="social_landlords")
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = _("bailleur social")
        verbose_name_plural = _("bailleurs sociaux")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "search_name"], name="unique_social_landlord_per_team")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = self.normalized(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def normalized(name: str) -> str:
        return normalize(name)
