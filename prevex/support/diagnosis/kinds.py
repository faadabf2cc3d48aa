"""The kinds of monthly resources and charges a diagnosis records: the fields of `budget.Resources` and
`budget.Charges`, read from the dataclasses (one list of kinds in Prevex, with its French labels).

Two of the budget's fields are not typed as such but computed from the housing part of the diagnosis: the
housing benefit the household itself receives (`Resources.housing_benefit`, zero in tiers payant) and the rent
it pays (`Charges.rent`: rent and service charges, less the benefit paid to the landlord)."""

from dataclasses import Field, fields

from prevex.support.budget import Charges, Resources

COMPUTED = {"housing_benefit", "rent"}


def _typed(cls) -> tuple[Field, ...]:
    return tuple(f for f in fields(cls) if f.name not in COMPUTED)


RESOURCE_KINDS = _typed(Resources)
CHARGE_KINDS = _typed(Charges)


def label(kind: Field) -> str:
    """The budget's label with a capital, as a form field's label."""
    text = str(kind.metadata["label"])
    return text[:1].upper() + text[1:]
