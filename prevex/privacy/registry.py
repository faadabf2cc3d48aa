"""Every place that holds personal data about a household, in one explicit ordered list.

Each holder is a module exposing `anonymise(situation)` (remove what it holds about the household, inside
the anonymisation's transaction) and `personal_data(situation) -> dict` (what it holds, for the right of
access; its keys join the export); it may also expose `purge(now=, wet=) -> int` (what it deletes every
night, past its own delay; counted only unless `wet`). A new app that keeps personal data adds its module
here; `tests/test_erasure_reaches_everything.py` plants a name through every entry point and finds it
nowhere after an erasure.

`anonymise` is given the situation as it was: each holder reads the household's values on it (the
situations holder blanks its own copy).
"""

from importlib import import_module

HOLDERS = (
    "prevex.situations.privacy",  # the situation's fields and its timeline's notes
    "prevex.outreach.privacy",  # the outreach tasks and the reasons of pauses
    "prevex.outreach.letters.privacy",  # the landlord addresses typed for the landlord letters
    "prevex.outreach.rounds.privacy",  # visit rounds: which rounds a household was on (no personal value)
    "prevex.outreach.tenant.privacy",  # the tenants' personal links (never their tokens)
    "prevex.support.notes.privacy",  # need-to-know notes (deleted), consents to share (kept)
    "prevex.support.diagnosis.privacy",  # the social diagnosis, every version (deleted)
    "prevex.support.actions.privacy",  # préconisations and actions: their notes and partner names (blanked)
    "prevex.outreach.messaging.privacy",  # the SMS and e-mails: numbers, addresses, texts
    "prevex.intake.privacy",  # rows of the préfecture lists and of the social services' answers
    "prevex.imports.privacy",  # rows of the tracking sheets; the kept files; the purge of batches
    "prevex.audit.privacy",  # the journal's personal values (its entries keep field names only)
    "prevex.privacy.sessions",  # sessions mentioning the household; expired sessions
)


def holders() -> list:
    return [import_module(name) for name in HOLDERS]


def anonymise(situation) -> None:
    for holder in holders():
        holder.anonymise(situation)


def personal_data(situation) -> dict:
    data = {}
    for holder in holders():
        if hasattr(holder, "personal_data"):
            data.update(holder.personal_data(situation))
    return data


def _label(name: str) -> str:
    """'prevex.imports.privacy' -> 'imports', 'prevex.outreach.messaging.privacy' -> 'messaging',
    'prevex.privacy.sessions' -> 'sessions'."""
    return name.split(".")[-2] if name.endswith(".privacy") else name.rsplit(".", 1)[1]


def purge(*, now, wet: bool) -> dict:
    """{holder's app: how many things purged (or due, unless `wet`)}."""
    return {
        _label(name): holder.purge(now=now, wet=wet)
        for name, holder in zip(HOLDERS, holders(), strict=True)
        if hasattr(holder, "purge")
    }
