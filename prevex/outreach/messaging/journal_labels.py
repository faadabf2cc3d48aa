"""How the journal names the messages' entries: « le SMS de la situation 2024-0012 », with a link for whoever
may open the situation (never the text, never the number)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.audit.presenters import Target, describes, uuids
from prevex.situations.models import Situation

WHAT = {
    "queued": gettext_lazy("mis en file d'envoi"),
    "failed": gettext_lazy("non distribué"),
    "interrupted": gettext_lazy("envoi interrompu, à vérifier"),
    "checked_sent": gettext_lazy("vérifié : parti"),
    "checked_not_sent": gettext_lazy("vérifié : pas parti"),
    "reply_attached": gettext_lazy("réponse rattachée"),
    "reply_inbox": gettext_lazy("réponse mise à classer"),
    "reply_discarded": gettext_lazy("réponse écartée"),
    "reply_stop": gettext_lazy("réponse STOP"),
    "reply_no_team": gettext_lazy("réponse sans équipe retrouvée, écartée"),
}


# (sent by the team, an SMS) -> how the entry names it
NAMES = {
    (True, True): gettext_lazy("le SMS"),
    (True, False): gettext_lazy("l'e-mail"),
    (False, True): gettext_lazy("le SMS reçu"),
    (False, False): gettext_lazy("l'e-mail reçu"),
}


@describes("messaging.message")
def messages(entries, viewer) -> dict[int, Target]:
    return _targets(entries, viewer, sent=True)


@describes("messaging.inboundmessage")
def replies(entries, viewer) -> dict[int, Target]:
    return _targets(entries, viewer, sent=False)


def _targets(entries, viewer, *, sent: bool) -> dict[int, Target]:
    wanted = {entry.details.get("situation") for entry in entries}
    situations = {
        str(situation.public_id): situation
        for situation in Situation.objects.visible_by(viewer)
        .filter(public_id__in=uuids(wanted))
        .only("public_id", "reference")
    }
    targets = {}
    for entry in entries:
        channel = str(NAMES[(sent, entry.details.get("channel") == "sms")])
        what = str(WHAT.get(entry.details.get("messaging"), ""))
        situation = situations.get(str(entry.details.get("situation")))
        if situation is None:
            targets[entry.pk] = Target(f"{channel} ({what})" if what else channel)
            continue
        text = _("%(channel)s (%(what)s) de la situation %(reference)s") % {
            "channel": channel,
            "what": what,
            "reference": situation.reference,
        }
        targets[entry.pk] = Target(text, situation.get_absolute_url())
    return targets
