"""What the actions hold about a household, for the privacy registry (`prevex/privacy/registry.py`).

Anonymisation blanks each action's free texts (its note, the partner's name, which may name a person) and keeps
its kind, status and dates: the bilan still counts them, and nothing in them identifies the household."""

from prevex.support.actions.models import Action


def anonymise(situation) -> None:
    Action.objects.filter(situation_id=situation.pk).update(note="", partner_name="")


def personal_data(situation) -> dict:
    actions = Action.objects.filter(situation_id=situation.pk).select_related("kind", "organisation", "owner")
    return {
        "support_actions": [
            {
                "kind": action.kind.label,
                "status": action.get_status_display(),
                "proposed_on": action.proposed_on.isoformat(),
                "filed_on": action.filed_on.isoformat() if action.filed_on else None,
                "decided_on": action.decided_on.isoformat() if action.decided_on else None,
                "abandoned_on": action.abandoned_on.isoformat() if action.abandoned_on else None,
                "organisation": action.organisation.name if action.organisation else None,
                "owner": str(action.owner) if action.owner else None,
                "note": action.note,
                "partner": action.get_partner_display(),
                "partner_name": action.partner_name,
                "sent_on": action.sent_on.isoformat() if action.sent_on else None,
                "answered_on": action.answered_on.isoformat() if action.answered_on else None,
                "answer": action.get_answer_display(),
            }
            for action in actions.order_by("proposed_on", "id")
        ]
    }
