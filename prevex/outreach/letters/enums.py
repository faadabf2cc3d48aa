"""The kinds of letters a team sends, and which task of the sequence each one does."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.situations.enums import EventKind, Recipient


class LetterKind(models.TextChoices):
    """Values are stable codes (in addresses and stored templates); labels are what users read."""

    TENANT_FIRST = "premier_courrier", _("Premier courrier au locataire")
    LANDLORD = "courrier_bailleur", _("Courrier au bailleur")
    REMINDER = "relance", _("Courrier de relance au locataire")
    DOOR_NOTICE = "avis_de_passage", _("Avis de passage (laissé à la porte)")


# The steps of the sequence done by posting a letter, and the letter each one prints (the step codes of the
# shipped sequence, `prevex.outreach.sequence.ESSONNE_SEQUENCE`).
STEP_LETTERS = {
    "premier_courrier": LetterKind.TENANT_FIRST,
    "courrier_bailleur": LetterKind.LANDLORD,
    "relance": LetterKind.REMINDER,
}
# The event that records a posted letter of each kind (it marks its task done, through the writer's hook).
SENT_EVENTS = {
    LetterKind.TENANT_FIRST: (EventKind.LETTER, Recipient.TENANT),
    LetterKind.LANDLORD: (EventKind.LETTER, Recipient.LANDLORD),
    LetterKind.REMINDER: (EventKind.REMINDER, Recipient.TENANT),
}
LANDLORD_KINDS = frozenset({LetterKind.LANDLORD})
