"""The shipped SMS and e-mail texts that go with the tenant's letters (a team edits its own: `MessageTemplate`).
An SMS is kept in GSM-7 (no « » nor ’: one SMS is 160 characters then, 70 otherwise)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.messaging.enums import MessageChannel


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


DEFAULTS = {
    (LetterKind.TENANT_FIRST, MessageChannel.SMS): Text(
        "",
        _(
            "{{ equipe }} : vous allez recevoir un courrier au sujet de votre audience du {{ date_audience }}. "
            "Nous pouvons vous aider. Appelez-nous au {{ equipe_telephone }} ou : {{ lien_personnel }}"
        ),
    ),
    (LetterKind.TENANT_FIRST, MessageChannel.EMAIL): Text(
        _("Votre audience du {{ date_audience }} : nous pouvons vous aider"),
        _(
            "Bonjour {{ locataire }},\n\nVous êtes convoqué(e) au {{ tribunal }} le {{ date_audience }}. "
            "{{ equipe }} peut vous accompagner gratuitement avant cette audience.\n\n"
            "Appelez-nous au {{ equipe_telephone }}, ou indiquez-nous quand vous rappeler sur votre page "
            "personnelle : {{ lien_personnel }}\n\n{{ signataire }}\n{{ equipe }}"
        ),
    ),
    (LetterKind.REMINDER, MessageChannel.SMS): Text(
        "",
        _(
            "{{ equipe }} : nous avons essayé de vous joindre avant votre audience du {{ date_audience }}. "
            "Appelez-nous au {{ equipe_telephone }} ou : {{ lien_personnel }}"
        ),
    ),
    (LetterKind.REMINDER, MessageChannel.EMAIL): Text(
        _("Rappel : votre audience du {{ date_audience }}"),
        _(
            "Bonjour {{ locataire }},\n\nNous avons essayé de vous joindre avant votre audience du "
            "{{ date_audience }}. Il est encore temps : appelez-nous au {{ equipe_telephone }}, ou : "
            "{{ lien_personnel }}\n\n{{ signataire }}\n{{ equipe }}"
        ),
    ),
}
KINDS = (LetterKind.TENANT_FIRST, LetterKind.REMINDER)  # the tenant's letters that also go by SMS and e-mail
