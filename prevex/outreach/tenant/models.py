"""The tenant's personal link (one active per situation) and the team's contact shown on the tenant's page.

The clear token is never stored: a link keeps a random `salt` and the SHA-256 of its token, and the token is
derived again whenever a letter needs it (`tokens.clear_token`: an HMAC of the situation's public id and the
salt under SECRET_KEY). The page finds a link by the hash of the token it is given; the database alone is not
enough to rebuild a token (the key is not in it).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DAYS_AFTER_HEARING = 30  # the issue: a link expires 30 days after the hearing
DAYS_WITHOUT_HEARING = 90  # no hearing date known: 90 days after the link was made


class TenantLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class TenantLink(models.Model):
    """A household's personal link to its page. One active link per situation; a revoked link stays, so that
    its token still gets the friendly page with the team's phone."""

    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="tenant_links")
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="+")
    salt = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)  # SHA-256 (hex) of the clear token
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien personnel du locataire")
        verbose_name_plural = _("liens personnels des locataires")
        constraints = [
            models.UniqueConstraint(
                fields=["situation"], condition=models.Q(revoked_at__isnull=True), name="one_active_tenant_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.situation_id} ({self.created_at:%d/%m/%Y})"

    def expires_on(self, hearing_date: dt.date | None) -> dt.date:
        """The last day the link works: 30 days after the hearing (read at each visit: a postponed hearing
        moves it), or 90 days after the link was made when no hearing date is known."""
        if hearing_date is not None:
            return hearing_date + dt.timedelta(days=DAYS_AFTER_HEARING)
        return timezone.localdate(self.created_at) + dt.timedelta(days=DAYS_WITHOUT_HEARING)


class TeamContact(models.Model):
    """What the tenant's page (and the friendly page of an expired link) shows of the team: its phone and
    when it answers. Edited by the coordinator."""

    team = models.OneToOneField("organisations.Team", on_delete=models.CASCADE, related_name="tenant_contact")
    phone = models.CharField(_("téléphone de l'équipe"), max_length=20)
    hours = models.CharField(
        _("horaires"), max_length=200, blank=True, help_text=_("Par exemple : du lundi au vendredi, de 9 h à 17 h.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact de l'équipe pour les locataires")

    def __str__(self) -> str:
        return self.phone
