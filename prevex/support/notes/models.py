"""Need-to-know notes on a household, and the household's consent to share (issue 12 §7).

A note is visible to the whole team or only to its author's organisation: a social worker's professional secrecy
(CASF L121-6-2) means an organisation-private note never reaches the other organisation. Every read goes through
`Note.objects.visible_to(user)`; nothing else lists notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    TEAM = "team", _("Toute l'équipe")
    ORGANISATION = "organisation", _("Mon organisation seulement")


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The notes of the user's team they may read: the team's, and their own organisation's private ones."""
        membership = getattr(user, "membership", None)
        if membership is None:
            return self.none()
        shared = models.Q(visibility=Visibility.TEAM)
        if membership.organisation_id is not None:
            shared |= models.Q(organisation_id=membership.organisation_id)
        return self.filter(shared, situation__team_id=membership.team_id)


class Note(models.Model):
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="support_notes")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField(_("visible par"), max_length=12, choices=Visibility.choices)
    text = models.TextField(_("note"), max_length=4000)
    written_at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note à savoir")
        verbose_name_plural = _("notes à savoir")
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["situation", "organisation"], name="notes_situation_org_idx")]

    def __str__(self) -> str:
        return str(_("Note du %(day)s") % {"day": self.written_at.strftime("%d/%m/%Y")})


class ConsentScope(models.TextChoices):
    TEAM = "team", _("Entre les organisations de l'équipe")
    PARTNERS = "partners", _("Avec l'équipe et les partenaires sollicités (MDS, CCAS, FSL, Banque de France)")


class Consent(models.Model):
    """The household's consent to share what the team learns, with its date and scope (no personal value)."""

    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="share_consents")
    given_on = models.DateField(_("donné le"))
    scope = models.CharField(_("portée"), max_length=10, choices=ConsentScope.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consentement au partage")
        verbose_name_plural = _("consentements au partage")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_on:%d/%m/%Y})"
