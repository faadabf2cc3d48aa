"""Recognising a household already known to the team: by procedure reference, else by name and address
(`prevex/situations/households.py`; whether a reference's household is the row's: `prevex/imports/identity.py`)."""

from dataclasses import dataclass

from prevex.core.bulk import chunks
from prevex.situations.households import SEPARATOR as _SEPARATOR
from prevex.situations.households import household_key_from_stored
from prevex.situations.models import Situation


@dataclass(frozen=True)
class Known:
    pk: int
    public_id: str
    reference: str
    hearing_date: object
    is_closed: bool
    key: tuple = ()  # household_key: who the situation is about
    received_on: object = None
    is_anonymised: bool = False


class KnownSituations:
    """The team's situations a list's rows may name, by reference and by household (`Situation.household_key`,
    indexed): a few queries whatever the size of the team."""

    FIELDS = (
        "pk",
        "public_id",
        "reference",
        "household_key",
        "hearing_date",
        "closed_on",
        "received_on",
        "anonymised_on",
    )

    def __init__(self, rows, *, generated_prefix: str = ""):
        self.generated_prefix = generated_prefix
        self.by_reference: dict[str, Known] = {}
        self.by_household: dict[tuple, list[Known]] = {}
        for pk, public_id, reference, stored_key, hearing, closed_on, received, gone in rows:
            key = household_key_from_stored(stored_key)
            known = Known(
                pk, str(public_id), reference, hearing, closed_on is not None, key, received, gone is not None
            )
            self.by_reference[reference] = known
            self.by_household.setdefault(key, []).append(known)

    @classmethod
    def named_by(cls, team, references, keys) -> "KnownSituations":
        """The team's situations with one of these references or household keys, in pk order."""
        situations = Situation.objects.for_team(team)
        found = {}
        for chunk in chunks(sorted(set(references) - {""})):
            found.update((row[0], row) for row in situations.filter(reference__any=chunk).values_list(*cls.FIELDS))
        stored = sorted({_SEPARATOR.join(key) for key in keys})
        for chunk in chunks(stored):
            rows = situations.filter(household_key__any=chunk).values_list(*cls.FIELDS)
            found.update((row[0], row) for row in rows)
        return cls([found[pk] for pk in sorted(found)], generated_prefix=generated_reference_prefix(team))

    def match(self, reference: str, key: tuple, hearing_date) -> Known | None:
        """The situation of the same procedure: same reference (whether it is the same household is for the
        caller to check: `identity.differences`); else same household, open or same hearing."""
        if reference and (known := self.by_reference.get(reference)):
            return known
        same_household = self.by_household.get(key, [])
        if reference:  # two préfecture references are two procedures, even for the same household
            same_household = [known for known in same_household if self.is_generated(known.reference)]
        same_hearing = [known for known in same_household if known.hearing_date == hearing_date]
        still_open = [known for known in same_household if not known.is_closed]
        return (same_hearing or still_open or [None])[-1]

    def is_generated(self, reference: str) -> bool:
        """A reference Prevex numbered (typed-in situation), not one from the préfecture."""
        return bool(self.generated_prefix) and reference.startswith(self.generated_prefix)


def generated_reference_prefix(team) -> str:
    return f"{team.slug.upper()}-"
