"""What other apps keep in step with the timelines (the outreach tasks), told by the writer in the transaction
that changed them. An app registers its listener from its AppConfig.ready(): situations imports none of them.
"""

from collections.abc import Callable

_listeners: list[Callable[[list[int]], None]] = []


def on_timeline_change(listener: Callable[[list[int]], None]):
    """Register `listener(situation_ids)`, called after any write on those situations' timelines or dates."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def timelines_changed(situation_ids) -> None:
    ids = sorted(set(situation_ids))
    if ids:
        for listener in _listeners:
            listener(ids)
