import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    SUIVI = "suivi", _("Tableau de suivi")
    PREFECTURE = "prefecture", _("Liste de la préfecture")
    SOCIAL_SERVICES = "mds", _("Réponse des services sociaux")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Aperçu, en attente de confirmation")
    COMMITTED = "committed", _("Importé")
    CANCELLED = "cancelled", _("Annulé")
    UNDONE = "undone", _("Défait")


def batch_file_path(batch: "ImportBatch", filename: str) -> str:
    # The user's file name may carry personal data: it is kept in a column, not in the path.
    return f"imports/{batch.team_id}/{batch.public_id}.bin"


class ImportBatchQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(team=team)

    def of_kind(self, kind: str):
        """One pipeline's batches: each pipeline's pages reach only its own (another kind's batch is a 404)."""
        return self.filter(kind=kind)


class ImportBatch(models.Model):
    """One uploaded file: kept as received, previewed, then committed whole or cancelled."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="import_batches")
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("fichier"), upload_to=batch_file_path)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("statut"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    summary = models.JSONField(_("résumé"), default=dict, blank=True)
    # Préfecture lists: the Prevex field of each column ('' = ignored) and the date the list was received.
    mapping = models.JSONField(_("correspondance des colonnes"), default=list, blank=True)
    received_on = models.DateField(_("liste reçue le"), null=True, blank=True)
    uploaded_by = models.ForeignKey(  # nobody when the command line imports
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # When the kept file and the per-row detail (names, values) were deleted; the counts stay
    # (`prevex/imports/privacy.py`: a short delay after the upload or the commit, or an erasure).
    purged_at = models.DateTimeField(_("détail effacé le"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.filename}"


class MappingProfile(models.Model):
    """A saved column mapping for one kind of file and one layout: the next file with the same header maps
    itself (a préfecture's monthly export, a team's own tracking sheet)."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="mapping_profiles")
    kind = models.CharField(_("type de fichier"), max_length=20, choices=ImportKind.choices)
    name = models.CharField(_("nom du profil"), max_length=100)
    headers = models.JSONField(_("en-têtes"), help_text=_("Les en-têtes normalisés, dans l'ordre du fichier."))
    mapping = models.JSONField(_("correspondance"), help_text=_("Un champ Prevex par colonne ('' : ignorée)."))
    codes = models.JSONField(
        _("codes de l'équipe"), default=dict, blank=True, help_text=_("Par colonne, la valeur Prevex de chaque code.")
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil de correspondance")
        verbose_name_plural = _("profils de correspondance")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "name"], name="unique_mapping_profile_name_per_kind")
        ]

    def __str__(self) -> str:
        return self.name
