"""Need-to-know notes on a household, and the household's consent to share (issue 12 §7).

A note is visible to the whole team or only to its author's organisation: a social worker's professional secrecy
(CASF L121-6-2) means an organisation-private note never reaches the other organisation. Every read goes through
`Note.objects.visible_to(user)`; nothing else lists notes."""

import datetime as dt

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
    # The only scope under which the hearing sheet's variant for the judge may be printed (support/hearing/).
    COURT = "court", _("Avec le juge, pour l'audience (fiche de préparation d'audience)")


class ConsentMethod(models.TextChoices):
    """How the household's consent was obtained (what the team could show if asked)."""

    SIGNED = "signed", _("Formulaire signé par le ménage")
    ORAL_INTERVIEW = "oral_interview", _("Oralement, en entretien")
    ORAL_PHONE = "oral_phone", _("Oralement, au téléphone")
    WRITTEN_MESSAGE = "written_message", _("Par écrit (courrier, e-mail, SMS)")


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        """The consents given on or before `on` and not withdrawn by then."""
        return self.filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on), given_on__lte=on)

    def covering(self, scope: str, on: dt.date):
        return self.in_force(on).filter(scope=scope)


class Consent(models.Model):
    """The household's consent to share what the team learns: its date, scope, how it was obtained and, once
    withdrawn, the day it was (a withdrawn consent is kept, as the record of what was allowed until then). No
    personal value."""

    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="share_consents")
    given_on = models.DateField(_("donné le"))
    scope = models.CharField(_("portée"), max_length=10, choices=ConsentScope.choices)
    obtained_how = models.CharField(_("recueilli"), max_length=16, choices=ConsentMethod.choices, blank=True)
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consentement au partage")
        verbose_name_plural = _("consentements au partage")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_on:%d/%m/%Y})"

    def in_force_on(self, day: dt.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)
