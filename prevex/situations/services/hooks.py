"""What other apps keep in step with the timelines (the outreach tasks), told by the writer in the transaction
that changed them. An app registers its listener from its AppConfig.ready(): situations imports none of them.

A listener is called `listener(situation_ids, created=…)`: `created` is True when the writer has just created
those situations in this transaction (nothing else can refer to them yet, nobody else can see or lock them).
"""

from collections.abc import Callable

_listeners: list[Callable[..., None]] = []


def on_timeline_change(listener: Callable[..., None]):
    """Register `listener(situation_ids, created=False)`, called after any write on those situations' timelines
    or dates."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def timelines_changed(situation_ids, *, created: bool = False) -> None:
    ids = sorted(set(situation_ids))
    if ids:
        for listener in _listeners:
            listener(ids, created=created)
