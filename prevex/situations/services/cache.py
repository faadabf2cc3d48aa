"""What a situation row keeps besides what users typed: its search text and the state cached from its timeline.

Both are computed here only. The search text is what the list's search looks into; the cached state is
`derive_state` of `milestone_annotations` (prevex/situations/state.py) as of today, the same computation the
bilan runs as of any date.
"""

from prevex.core.bulk import chunks, update_rows
from prevex.core.text import normalize
from prevex.situations.households import stored_household_key
from prevex.situations.models import Situation
from prevex.situations.services.hooks import timelines_changed
from prevex.situations.state import MILESTONE_FIELDS, STATE_COLUMNS, derive_state, state_columns

SEARCHED_FIELDS = ("reference", "tenant_last_name", "tenant_first_name", "other_tenants", "address", "postal_code")


def phone_digits(phone: str) -> list[str]:
    """A phone number as it may be searched: its E.164 digits, and for a French one its national form too
    (+33612345678: 33612345678 and 0612345678)."""
    digits = "".join(char for char in phone or "" if char.isdigit())
    if not digits:
        return []
    if phone.startswith("+33") and len(digits) > 2:
        return [digits, "0" + digits[2:]]
    return [digits]


def search_text(situation, commune_name: str | None = None) -> str:
    """Name, address, reference, commune and phone, normalised, for `Situation.objects.search`. `situation` is
    a Situation or any object with its attributes; `commune_name` spares loading the commune."""
    if commune_name is None:
        commune_name = situation.commune.name if situation.commune_id else ""
    parts = [getattr(situation, name) or "" for name in SEARCHED_FIELDS]
    return normalize(" ".join([*parts, commune_name, *phone_digits(situation.phone)]))


def refresh_state(situation: Situation) -> None:
    """Recompute the cached state columns from the timeline (call in the transaction that changed it)."""
    values = state_columns(derive_state(Situation.objects.with_milestones().get(pk=situation.pk)))
    Situation.objects.filter(pk=situation.pk).update(**values)
    for column, value in values.items():
        setattr(situation, column, value)


def refresh_states(situations) -> int:
    """The same for many situations (a queryset, or a list of pks), in bulk: one aggregate query and one
    UPDATE statement per batch."""
    if not hasattr(situations, "values_list"):
        return sum(refresh_states(Situation.objects.filter(pk__any=chunk)) for chunk in chunks(list(situations)))
    columns = list(STATE_COLUMNS)
    rows = situations.order_by().with_milestones().values_list("pk", *MILESTONE_FIELDS, named=True)
    states = []
    for row in rows:
        state = derive_state(row)
        states.append((row.pk, *(getattr(state, column) for column in columns)))
    return update_rows(Situation, columns, states)


def after_timeline_change(situation: Situation) -> None:
    """What the writer does after changing a situation's timeline or dates: its cached state recomputed, and the
    apps that follow the timelines told (`hooks`)."""
    refresh_state(situation)
    timelines_changed([situation.pk])


def after_timelines_change(pks: list[int], *, cached: list[int] | None = None, created: bool = False) -> None:
    """The same for many situations; `cached`, if given, the only ones whose state may have changed (the others
    were created without events, their cache written with them); `created`, they were created just now."""
    refresh_states(pks if cached is None else cached)
    timelines_changed(pks, created=created)


class _Texts:
    """The columns the search text and the household key are made of, as one row of `values()` gives them."""

    def __init__(self, row: dict):
        self.__dict__.update(row)


TEXT_SOURCES = (*SEARCHED_FIELDS, "phone", "commune_id")


def refresh_texts(pks: list[int]) -> int:
    """Recompute the search text and the household key of these situations from their fields, in bulk: after
    an upgrade that changes the normalisation (`core.text`, `situations.households`), every stored key must
    follow it, or the imports would no longer recognise the households (`manage.py refresh_situations`)."""
    changed = []
    for chunk in chunks(list(pks), 2000):
        rows = Situation.objects.filter(pk__any=chunk).values("pk", "commune__name", *TEXT_SOURCES)
        for row in rows:
            texts = _Texts(row)
            changed.append((row["pk"], search_text(texts, row["commune__name"] or ""), stored_household_key(texts)))
    return update_rows(Situation, ["search_text", "household_key"], changed)
