from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.core.text import normalize


class CommuneQuerySet(models.QuerySet):
    def in_departement(self, departement: str):
        return self.filter(departement=departement)

    def matching(self, *, postal_code: str, name: str):
        """Communes whose name and postal code both match (accents, case and hyphens ignored)."""
        return self.filter(search_name=normalize(name), postal_codes__contains=postal_code.strip())


class Commune(models.Model):
    """A commune of INSEE's Code officiel géographique, with La Poste's postal codes."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    departement = models.CharField(_("département"), max_length=3, db_index=True)
    arrondissement = models.CharField(_("arrondissement"), max_length=4, blank=True)
    arrondissement_name = models.CharField(_("nom de l'arrondissement"), max_length=100, blank=True)
    epci_siren = models.CharField(_("SIREN de l'EPCI"), max_length=9, blank=True)
    epci_name = models.CharField(_("EPCI"), max_length=200, blank=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=200, help_text=_("Séparés par des espaces."))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.postal_code_list[0] if self.postal_code_list else self.departement})"

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()

    def has_postal_code(self, postal_code: str) -> bool:
        return postal_code.strip() in self.postal_code_list


class FormerCommuneName(models.Model):
    """A former commune still written in addresses (commune déléguée or associée), in its current commune."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("ancien nom"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    insee_code = models.CharField(_("ancien code INSEE"), max_length=5)

    class Meta:
        verbose_name = _("ancien nom de commune")
        constraints = [models.UniqueConstraint(fields=["commune", "search_name"], name="one_former_name_per_commune")]

    def __str__(self) -> str:
        return f"{self.name} → {self.commune.name}"
