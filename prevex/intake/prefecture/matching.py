"""Recognising a household already known to the team: by procedure reference, else by name and address
(`prevex/imports/identity.py`)."""

from dataclasses import dataclass

from prevex.imports.identity import household_key
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
    """The team's situations, indexed by reference and by household, loaded in one query."""

    FIELDS = (
        "pk",
        "public_id",
        "reference",
        "tenant_last_name",
        "tenant_first_name",
        "address",
        "commune_id",
        "hearing_date",
        "closed_on",
        "received_on",
        "anonymised_on",
    )

    def __init__(self, rows, *, generated_prefix: str = ""):
        self.generated_prefix = generated_prefix
        self.by_reference: dict[str, Known] = {}
        self.by_household: dict[tuple, list[Known]] = {}
        for pk, public_id, reference, last, first, address, commune_id, hearing, closed_on, received, gone in rows:
            key = household_key(last, first, address, commune_id)
            known = Known(
                pk, str(public_id), reference, hearing, closed_on is not None, key, received, gone is not None
            )
            self.by_reference[reference] = known
            self.by_household.setdefault(key, []).append(known)

    @classmethod
    def of_team(cls, team) -> "KnownSituations":
        rows = Situation.objects.for_team(team).order_by("pk").values_list(*cls.FIELDS).iterator(2000)
        return cls(rows, generated_prefix=generated_reference_prefix(team))

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
