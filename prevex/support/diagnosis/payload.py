"""The check of a diagnosis's JSON lists before they are stored, whoever calls the service (the form checks the
same rules field by field first): persons of the budget's ages, known kinds, amounts of two decimals."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from prevex.support.budget import ADULT_AGE, MAX_ADULTS, MAX_AMOUNT, MAX_CHILD_AGE
from prevex.support.diagnosis.kinds import CHARGE_KINDS, RESOURCE_KINDS

PERSON_KEYS = {"adult", "age", "disability_rate"}


def _person_errors(index: int, person) -> list[str]:
    where = _("Personne %(number)s") % {"number": index + 1}
    if not isinstance(person, dict) or set(person) != PERSON_KEYS or not isinstance(person["adult"], bool):
        return [_("%(where)s : composition illisible.") % {"where": where}]
    age, rate = person["age"], person["disability_rate"]
    low, high = (ADULT_AGE, 120) if person["adult"] else (0, MAX_CHILD_AGE)
    errors = []
    if isinstance(age, bool) or not isinstance(age, int) or not low <= age <= high:
        errors.append(
            _("%(where)s : l'âge doit aller de %(low)s à %(high)s ans.") % {"where": where, "low": low, "high": high}
        )
    if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= 100):
        errors.append(_("%(where)s : le taux d'incapacité va de 0 à 100 %%.") % {"where": where})
    return errors


def _amount_errors(amounts, kinds) -> list[str]:
    known = {kind.name: kind for kind in kinds}
    if not isinstance(amounts, dict):
        return [_("Montants illisibles.")]
    errors = []
    for name, value in amounts.items():
        if name not in known:
            errors.append(_("Type de montant inconnu : « %(name)s ».") % {"name": name})
            continue
        try:
            parsed = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            parsed = None
        if (
            parsed is None
            or not parsed.is_finite()
            or parsed < 0
            or parsed > MAX_AMOUNT
            or parsed.as_tuple().exponent != -2
        ):
            errors.append(
                _("%(label)s : montant invalide (« %(value)s »).")
                % {"label": known[name].metadata["label"], "value": value}
            )
    return errors


def check_payload(persons, resources, charges) -> None:
    """Raise a ValidationError listing every problem, in French."""
    errors = []
    if not isinstance(persons, list):
        errors.append(_("Composition du ménage illisible."))
    else:
        for index, person in enumerate(persons):
            errors += _person_errors(index, person)
        adults = sum(1 for person in persons if isinstance(person, dict) and person.get("adult") is True)
        if not 1 <= adults <= MAX_ADULTS:
            errors.append(
                _("Composition du ménage : une ou deux personnes adultes (%(count)s saisies).") % {"count": adults}
            )
    errors += _amount_errors(resources, RESOURCE_KINDS) + _amount_errors(charges, CHARGE_KINDS)
    if errors:
        raise ValidationError(errors)
