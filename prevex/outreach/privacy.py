"""What the outreach app holds about a household, for the privacy registry (`prevex/privacy/registry.py`).

The tasks of the sequence hold dates and codes only (they stay, like the timeline's events: the figures need
them); a task outside the sequence may carry what a tenant or a person noted in its label (a phone, a time
slot), and a pause's reason is free text: anonymisation takes both back to nothing personal.
"""

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Pause, Task


def anonymise(situation) -> None:
    Pause.objects.filter(situation_id=situation.pk).update(reason="")
    for kind in AdHocTask:
        Task.objects.filter(situation_id=situation.pk, planned=False, step=kind).update(label=kind.label)


def _day(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(situation) -> dict:
    tasks = Task.objects.filter(situation_id=situation.pk).order_by("due_on", "id")
    pauses = Pause.objects.filter(situation_id=situation.pk).order_by("starts_on", "id")
    return {
        "outreach_tasks": [
            {
                "step": task.label,
                "due_on": _day(task.due_on),
                "done_on": _day(task.done_on),
                "cancelled_on": _day(task.cancelled_on),
                "cancelled_reason": task.get_cancelled_reason_display(),
            }
            for task in tasks
        ],
        "outreach_pauses": [
            {
                "starts_on": _day(pause.starts_on),
                "ends_on": _day(pause.ends_on),
                "resumed_on": _day(pause.resumed_on),
                "reason": pause.reason,
            }
            for pause in pauses
        ],
    }
