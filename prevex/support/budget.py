"""The plain input of the support calculations (issue 12 §3 and §8; docs/support-calculations.md): a household's
composition, its monthly resources and charges by kind, its rent debt and whether the current rent has resumed.

Pure on purpose, like `deadlines.py`: the diagnosis model will give a `Budget` through `.budget()`, the commands
read one from JSON, and the engines (`plan.py`, `rights.py`) never touch the database. Money is `Decimal`, in
euros, with at most two decimals; every problem is reported at once, in French, naming the field.
"""

from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_ADULTS = 2  # a single person or a couple: the foyer of the RSA and of the CAF
ADULT_AGE = 18
MAX_CHILD_AGE = 24  # a child under 25 at the household's charge (RSA, CASF L262-2)
MAX_AMOUNT = Decimal("1000000")


class BudgetInputError(ValueError):
    """A budget that cannot be read; `messages` are in French, for the user, each naming its field."""

    def __init__(self, messages: list[str]):
        self.messages = [str(message) for message in messages]
        super().__init__("\n".join(self.messages))


def money(value) -> Decimal:
    """Euros, to the cent (half up): the rounding of every amount shown."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(label, kind: str) -> Decimal:
    """A dataclass field holding a monthly amount, with the French label a sentence names it by."""
    return field(default=ZERO, metadata={"label": label, "kind": kind})


@dataclass(frozen=True)
class Person:
    """One member of the household. `disability_rate`: the incapacity rate (0–100 %) the MDPH recognised, if any;
    only the rights check uses it (AAH)."""

    age: int
    disability_rate: int | None = None


@dataclass(frozen=True)
class Household:
    adults: tuple[Person, ...]
    children: tuple[Person, ...] = ()

    @property
    def persons(self) -> int:
        return len(self.adults) + len(self.children)

    @property
    def is_couple(self) -> bool:
        return len(self.adults) == 2

    @property
    def consumption_units(self) -> Decimal:
        """The modified OECD scale INSEE uses: 1 for the first adult, 0.5 for each other person of 14 or more,
        0.3 for each child under 14."""
        others = [*self.adults[1:], *self.children]
        return Decimal(1) + sum((Decimal("0.5") if p.age >= 14 else Decimal("0.3") for p in others), Decimal(0))

    def describe(self) -> str:
        adults = _("un couple") if self.is_couple else _("une personne seule")
        if not self.children:
            return adults
        if len(self.children) == 1:
            return _("%(adults)s avec 1 enfant") % {"adults": adults}
        return _("%(adults)s avec %(count)s enfants") % {"adults": adults, "count": len(self.children)}


@dataclass(frozen=True)
class Resources:
    """The household's monthly resources by kind, in euros. `housing_benefit` is the APL/AL paid to the household
    itself: when the CAF pays it to the landlord (tiers payant), leave it at zero and count the rent net of it."""

    salaries: Decimal = amount(gettext_lazy("salaires et revenus d'activité"), "earned")
    unemployment: Decimal = amount(gettext_lazy("allocations chômage"), "earned")
    pensions: Decimal = amount(gettext_lazy("retraites et pensions"), "earned")
    rsa: Decimal = amount(gettext_lazy("RSA"), "benefit")
    prime_activite: Decimal = amount(gettext_lazy("prime d'activité"), "benefit")
    housing_benefit: Decimal = amount(gettext_lazy("aide au logement (APL/AL) versée au ménage"), "benefit")
    aah: Decimal = amount(gettext_lazy("AAH"), "benefit")
    family_benefits: Decimal = amount(gettext_lazy("prestations familiales"), "benefit")
    other: Decimal = amount(gettext_lazy("autres ressources"), "other")


@dataclass(frozen=True)
class Charges:
    """The household's fixed monthly charges by kind, in euros. `rent` is what the household itself pays for the
    current month: rent and service charges, net of any housing benefit paid to the landlord."""

    rent: Decimal = amount(gettext_lazy("loyer et charges à la charge du ménage"), "housing")
    energy: Decimal = amount(gettext_lazy("énergie (électricité, gaz)"), "housing")
    water: Decimal = amount(gettext_lazy("eau"), "housing")
    insurance: Decimal = amount(gettext_lazy("assurances"), "other")
    transport: Decimal = amount(gettext_lazy("transport"), "other")
    childcare: Decimal = amount(gettext_lazy("garde d'enfants"), "other")
    taxes: Decimal = amount(gettext_lazy("impôts et taxes"), "other")
    other_repayments: Decimal = amount(gettext_lazy("autres remboursements en cours"), "other")
    other: Decimal = amount(gettext_lazy("autres charges"), "other")


def lines(amounts: Resources | Charges) -> list[tuple[str, str, Decimal]]:
    """(key, French label, amount) of each amount that is not zero, in the order of the fields."""
    return [
        (f.name, str(f.metadata["label"]), getattr(amounts, f.name))
        for f in fields(amounts)
        if getattr(amounts, f.name) != ZERO
    ]


def total(amounts: Resources | Charges) -> Decimal:
    return money(sum((getattr(amounts, f.name) for f in fields(amounts)), ZERO))


@dataclass(frozen=True)
class Housing:
    """For the rights check: the rent without service charges before any housing benefit (`loyer` of the model),
    the INSEE code of the commune (it sets the APL zone; Évry-Courcouronnes is 91228), and the housing benefit the
    CAF pays to the landlord (tiers payant), which the household receives too though not in its hands."""

    rent: Decimal
    commune_code: str
    benefit_paid_to_landlord: Decimal = ZERO


@dataclass(frozen=True)
class Budget:
    household: Household
    resources: Resources = Resources()
    charges: Charges = Charges()
    rent_debt: Decimal = ZERO
    current_rent_resumed: bool = False
    housing: Housing | None = None


# Reading JSON ------------------------------------------------------------------------------------------------


def money_from_json(name: str, value, errors: list) -> Decimal:
    """A non-negative amount in euros, a JSON number or a string with a dot (« 1234.50 »), two decimals at most."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(_("Montant invalide pour « %(name)s » : un nombre en euros est attendu.") % {"name": name})
        return ZERO
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation:
        parsed = None
    if parsed is None or not parsed.is_finite():
        errors.append(
            _("Montant invalide pour « %(name)s » : « %(value)s » (exemple : 1234.50).")
            % {"name": name, "value": value}
        )
        return ZERO
    if parsed < 0:
        errors.append(_("Le montant de « %(name)s » ne peut pas être négatif.") % {"name": name})
    elif parsed != parsed.quantize(CENT):
        errors.append(_("Le montant de « %(name)s » a plus de deux décimales.") % {"name": name})
    elif parsed > MAX_AMOUNT:
        errors.append(_("Le montant de « %(name)s » dépasse 1 000 000 €.") % {"name": name})
    return money(parsed) if parsed >= 0 else ZERO


def _amounts_from_json(cls, key: str, data, errors: list):
    if data is None:
        return cls()
    if not isinstance(data, dict):
        errors.append(_("« %(key)s » doit être un objet JSON de montants.") % {"key": key})
        return cls()
    known = {f.name for f in fields(cls)}
    values = {}
    for name, value in data.items():
        if name not in known:
            errors.append(
                _("Clé inconnue dans « %(key)s » : « %(name)s » (attendues : %(known)s).")
                % {"key": key, "name": name, "known": ", ".join(sorted(known))}
            )
        else:
            values[name] = money_from_json(f"{key}.{name}", value, errors)
    return cls(**values)


def _person_from_json(where: str, data, errors: list, adult: bool) -> Person | None:
    if not isinstance(data, dict) or set(data) - {"age", "disability_rate"}:
        errors.append(_("« %(where)s » doit être un objet {« age », « disability_rate »}.") % {"where": where})
        return None
    age, rate = data.get("age"), data.get("disability_rate")
    if isinstance(age, bool) or not isinstance(age, int):
        errors.append(_("Âge manquant ou invalide pour « %(where)s » (un nombre entier d'années).") % {"where": where})
        return None
    if adult and not ADULT_AGE <= age <= 120:
        errors.append(_("« %(where)s » : un adulte a de 18 à 120 ans, pas %(age)s.") % {"where": where, "age": age})
    if not adult and not 0 <= age <= MAX_CHILD_AGE:
        errors.append(
            _("« %(where)s » : un enfant à charge a de 0 à 24 ans, pas %(age)s.") % {"where": where, "age": age}
        )
    if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= 100):
        errors.append(_("« %(where)s.disability_rate » : un taux de 0 à 100 (%%).") % {"where": where})
        rate = None
    return Person(age=age, disability_rate=rate)


def _household_from_json(data, errors: list) -> Household | None:
    if not isinstance(data, dict) or set(data) - {"adults", "children"}:
        errors.append(_("« household » doit être un objet {« adults », « children »}."))
        return None
    adults, children = data.get("adults"), data.get("children") or []
    if not isinstance(adults, list) or not 1 <= len(adults) <= MAX_ADULTS:
        errors.append(_("« household.adults » : une liste de 1 ou 2 adultes."))
        return None
    if not isinstance(children, list):
        errors.append(_("« household.children » : une liste d'enfants."))
        return None
    people = [_person_from_json(f"household.adults[{i}]", p, errors, adult=True) for i, p in enumerate(adults)]
    kids = [_person_from_json(f"household.children[{i}]", p, errors, adult=False) for i, p in enumerate(children)]
    if None in people or None in kids:
        return None
    return Household(adults=tuple(people), children=tuple(kids))


def _housing_from_json(data, errors: list) -> Housing | None:
    if data is None:
        return None
    if not isinstance(data, dict) or set(data) - {"rent", "commune_code", "benefit_paid_to_landlord"}:
        errors.append(_("« housing » doit être un objet {« rent », « commune_code », « benefit_paid_to_landlord »}."))
        return None
    if "rent" not in data:
        errors.append(_("« housing.rent » manque : le loyer hors charges, avant aide au logement."))
    code = data.get("commune_code")
    if not isinstance(code, str) or len(code) != 5 or not code[:2].isalnum() or not code[2:].isdigit():
        errors.append(_("« housing.commune_code » : le code INSEE de la commune, 5 caractères (exemple : 91228)."))
    return Housing(
        rent=money_from_json("housing.rent", data.get("rent", 0), errors),
        commune_code=code,
        benefit_paid_to_landlord=money_from_json(
            "housing.benefit_paid_to_landlord", data.get("benefit_paid_to_landlord", 0), errors
        ),
    )


BUDGET_KEYS = {"household", "resources", "charges", "rent_debt", "current_rent_resumed", "housing"}


def budget_from_json(data, extra_keys: frozenset = frozenset()) -> tuple[Budget, dict]:
    """The Budget of a JSON object (docs/support-calculations.md lists the keys), and the values of the
    `extra_keys` a command reads itself (the floor, the month). Every problem at once, by a BudgetInputError."""
    if not isinstance(data, dict):
        raise BudgetInputError([_("L'entrée doit être un objet JSON (voir docs/support-calculations.md).")])
    errors = [_("Clé inconnue : « %(key)s ».") % {"key": key} for key in data if key not in BUDGET_KEYS | extra_keys]
    if "household" not in data:
        errors.append(_("« household » manque : la composition du ménage est nécessaire."))
    household = _household_from_json(data.get("household"), errors) if "household" in data else None
    resources = _amounts_from_json(Resources, "resources", data.get("resources"), errors)
    charges = _amounts_from_json(Charges, "charges", data.get("charges"), errors)
    debt = money_from_json("rent_debt", data.get("rent_debt", 0), errors)
    resumed = data.get("current_rent_resumed", False)
    if not isinstance(resumed, bool):
        errors.append(_("« current_rent_resumed » doit valoir true ou false."))
    housing = _housing_from_json(data.get("housing"), errors)
    if errors:
        raise BudgetInputError(errors)
    budget = Budget(
        household=household,
        resources=resources,
        charges=charges,
        rent_debt=debt,
        current_rent_resumed=resumed,
        housing=housing,
    )
    return budget, {key: data[key] for key in extra_keys if key in data}
