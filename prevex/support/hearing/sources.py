"""What the hearing documents read from the apps built beside them (the diagnosis, the actions), through two
hooks those apps fill in their `ready()`: the documents never import them, and work without them.

- `provide_current_diagnosis(fn)`: `fn(situation)` returns the situation's current diagnosis, or None. The
  object must have `.budget()` returning a `prevex.support.budget.Budget` (the composition, resources, charges,
  rent debt and whether the current rent has resumed). The documents also read, when the object has them:
  `diagnosed_on` (date), `rent_debt_on` (date the debt was checked at), `get_rent_debt_source_display()` (who
  gave the amount: the commissaire de justice's décompte, the landlord, the CAF), `dls_number`,
  `get_housing_benefit_status_display()`, `get_dalo_display()`, `get_fsl_display()`.
- `provide_actions(fn)`: `fn(situation)` returns the household's préconisations and actions as `ActionLine`s.

The diagnosis and actions apps register theirs (`support/diagnosis/apps.py`, `support/actions/apps.py`); until a
provider is registered, `current_diagnosis` returns None and `actions_of` an empty list."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionLine:
    """One préconisation or action: its code (a `Recommendation` code or a catalogue code), its French label,
    its status in French, and the day of that status when known."""

    code: str
    label: str
    status: str
    on: dt.date | None = None


_providers: dict[str, Callable] = {}


def provide_current_diagnosis(provider: Callable) -> Callable:
    _providers["diagnosis"] = provider
    return provider


def provide_actions(provider: Callable) -> Callable:
    _providers["actions"] = provider
    return provider


def current_diagnosis(situation):
    provider = _providers.get("diagnosis")
    return provider(situation) if provider else None


def actions_of(situation) -> list[ActionLine]:
    provider = _providers.get("actions")
    return list(provider(situation)) if provider else []
