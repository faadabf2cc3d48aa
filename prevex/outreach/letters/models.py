"""A team's letters: its letterhead (contacts, logo, signature) and one template per kind of letter.

Nothing here is about a household: the texts hold placeholders (`placeholders.py`), filled in when a letter is
printed. The images are uploaded by the coordinator, checked and re-encoded (`images.py`), and kept in the
private media storage (never served as a static file).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.outreach.letters.enums import LetterKind


def image_path(instance, filename: str) -> str:
    """A fresh random name under the team's folder: never the uploaded name (`images.py` re-encodes to PNG)."""
    return f"letters/{instance.team_id}/{uuid.uuid4().hex}.png"


class Letterhead(models.Model):
    """What every letter of a team shows of its sender: who, how to reach them, the logo and the signature."""

    team = models.OneToOneField("organisations.Team", on_delete=models.CASCADE, related_name="letterhead")
    sender_name = models.CharField(_("nom de l'expéditeur"), max_length=200)
    address = models.TextField(_("adresse postale de l'équipe"), max_length=400, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, help_text=_("Imprimé en grand sur chaque courrier.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    signatory = models.CharField(
        _("signataire"), max_length=200, blank=True, help_text=_("Nom et fonction, sous la signature.")
    )
    logo = models.FileField(_("logo"), upload_to=image_path, blank=True)
    signature = models.FileField(_("image de la signature"), upload_to=image_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("en-tête des courriers")
        verbose_name_plural = _("en-têtes des courriers")

    def __str__(self) -> str:
        return self.sender_name


class LetterTemplate(models.Model):
    """A team's own text for one kind of letter (a team without one prints the shipped default, `defaults.py`).
    `notice` is the data-protection notice (RGPD art. 14) printed with the tenant's first letter."""

    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(_("courrier"), max_length=30, choices=LetterKind.choices)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte du courrier"), max_length=8000)
    notice = models.TextField(_("information sur les données personnelles"), max_length=6000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("modèle de courrier")
        verbose_name_plural = _("modèles de courrier")
        constraints = [models.UniqueConstraint(fields=["team", "kind"], name="one_letter_template_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.team})"


class LandlordAddress(models.Model):
    """Where to post the landlord's letter (Prevex's situation keeps the landlord's name only): typed by the team
    from the assignation. Personal data when the landlord is a person: erased with the situation (`privacy.py`)."""

    situation = models.OneToOneField("situations.Situation", on_delete=models.CASCADE, related_name="landlord_address")
    recipient = models.CharField(_("destinataire"), max_length=200)
    address = models.TextField(_("adresse"), max_length=300)
    postal_code = models.CharField(_("code postal"), max_length=10)
    city = models.CharField(_("commune"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("adresse du bailleur")
        verbose_name_plural = _("adresses des bailleurs")

    def __str__(self) -> str:
        return str(_("Adresse du bailleur"))

    def lines(self) -> list[str]:
        street = [line.strip() for line in self.address.splitlines() if line.strip()]
        return [self.recipient, *street, f"{self.postal_code} {self.city.upper()}".strip()]
