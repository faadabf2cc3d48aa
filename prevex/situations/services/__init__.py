"""The one writer of situations, their timelines and their people in charge.

No other code writes `Situation`, `Event` or `SituationReferent` rows (tests/test_architecture.py reads the
code for it, and the root conftest.py checks every write the suite runs). Each use case here is atomic, locks
the situations it changes, applies the timeline rules, keeps the search text and the cached state, bumps the
version and journals what it did. The bulk twins (`bulk`) do the same for thousands of rows in a few
statements.
"""

from prevex.situations.services.anonymise import situation_anonymise
from prevex.situations.services.bulk import (
    Change,
    NewSituation,
    events_delete_many,
    events_record_many,
    situations_change_with_note,
    situations_create_many,
    situations_revert,
)
from prevex.situations.services.cache import phone_digits, refresh_state, refresh_states, refresh_texts, search_text
from prevex.situations.services.events import event_delete, event_record, event_update, note_add, timeline_rule_error
from prevex.situations.services.locks import (
    ANONYMISED_MESSAGE,
    SituationAnonymised,
    check_writable,
    lock_situations,
    locked,
)
from prevex.situations.services.referents import default_referents_create, referents_set
from prevex.situations.services.situations import (
    EditConflict,
    next_reference,
    situation_create,
    situation_set_fields,
    situation_update,
    situations_delete,
)
from prevex.situations.services.social_services import record_check, record_checks_many
from prevex.situations.services.timeline import (
    TimelineRefused,
    change_errors,
    changes_errors_by_situation,
    dates_change_errors,
    many_changes_errors,
    new_timelines_errors,
)

__all__ = [
    "ANONYMISED_MESSAGE",
    "Change",
    "EditConflict",
    "NewSituation",
    "SituationAnonymised",
    "TimelineRefused",
    "change_errors",
    "check_writable",
    "dates_change_errors",
    "default_referents_create",
    "event_delete",
    "event_record",
    "event_update",
    "events_delete_many",
    "events_record_many",
    "lock_situations",
    "locked",
    "changes_errors_by_situation",
    "many_changes_errors",
    "new_timelines_errors",
    "next_reference",
    "note_add",
    "phone_digits",
    "record_check",
    "record_checks_many",
    "referents_set",
    "refresh_state",
    "refresh_states",
    "refresh_texts",
    "search_text",
    "situation_anonymise",
    "situation_create",
    "situation_set_fields",
    "situation_update",
    "situations_change_with_note",
    "situations_create_many",
    "situations_delete",
    "situations_revert",
    "timeline_rule_error",
]
