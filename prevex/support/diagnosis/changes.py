"""What a diagnosis says, field by field, and what changed between two versions.

`facts(diagnosis)` flattens a version into an ordered {key: Fact(label, shown value)}: the persons one by one,
every kind of resource and charge, the housing, the debt and the rights. `changes(before, after)` is pure: the
facts whose shown value differs, in the order of the later version (then those it no longer has)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from prevex.core.templatetags.prevex import euros
from prevex.support.budget import ZERO
from prevex.support.diagnosis.kinds import CHARGE_KINDS, RESOURCE_KINDS, label

NOTHING = "–"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _person(data: dict) -> str:
    text = _("%(age)s ans") % {"age": data["age"]}
    if data.get("disability_rate") is not None:
        text += " " + _("(taux d'incapacité %(rate)s %%)") % {"rate": data["disability_rate"]}
    return text


def _persons(diagnosis) -> dict[str, Fact]:
    found = {}
    for role, people, name in (("adult", diagnosis.adults, _("Adulte")), ("child", diagnosis.children, _("Enfant"))):
        for index, person in enumerate(people, start=1):
            found[f"{role}_{index}"] = Fact(f"{name} {index}", _person(person))
    return found


def _money(value) -> str:
    return euros(value) if value != ZERO else NOTHING


def facts(diagnosis) -> dict[str, Fact]:
    found = _persons(diagnosis)
    for kind in (*RESOURCE_KINDS, *CHARGE_KINDS):
        found[kind.name] = Fact(label(kind), _money(diagnosis.amount_of(kind.name)))
    field = diagnosis._meta.get_field

    def column(name: str, value: str) -> None:
        text = str(field(name).verbose_name)
        found[name] = Fact(text[:1].upper() + text[1:], value)

    for name in ("rent", "service_charges", "housing_benefit"):
        column(name, _money(getattr(diagnosis, name)))
    column("housing_benefit_to_landlord", _yes_no(diagnosis.housing_benefit_to_landlord))
    column("current_rent_resumed", _yes_no(diagnosis.current_rent_resumed))
    column("rent_debt", euros(diagnosis.rent_debt))
    column("rent_debt_on", f"{diagnosis.rent_debt_on:%d/%m/%Y}" if diagnosis.rent_debt_on else NOTHING)
    column("rent_debt_source", diagnosis.get_rent_debt_source_display() or NOTHING)
    column("other_debts", _money(diagnosis.other_debts))
    column("other_debts_note", diagnosis.other_debts_note or NOTHING)
    column("housing_benefit_status", diagnosis.get_housing_benefit_status_display())
    column("dls_filed", _yes_no(diagnosis.dls_filed))
    column("dls_number", diagnosis.dls_number or NOTHING)
    column("dalo", diagnosis.get_dalo_display())
    column("fsl", diagnosis.get_fsl_display())
    return found


def changes(before: dict[str, Fact], after: dict[str, Fact]) -> list[Change]:
    """The facts that differ between two versions (a person added or removed shows « – » on the other side)."""
    gone = Fact("", NOTHING)
    found = [
        Change(key, fact.label, before.get(key, gone).value, fact.value)
        for key, fact in after.items()
        if before.get(key, gone).value != fact.value
    ]
    found += [Change(key, fact.label, fact.value, NOTHING) for key, fact in before.items() if key not in after]
    return found


def shown(all_facts: dict[str, Fact]) -> list[Fact]:
    """The facts worth showing in a summary: those with a value."""
    return [fact for fact in all_facts.values() if fact.value != NOTHING]
