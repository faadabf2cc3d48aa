"""The repayment-plan calculator (issue 12 §3; docs/support-calculations.md): from a `Budget`, the reste à vivre
after charges, the floor it is measured against, the monthly capacity, and the plans a juriste may propose.

Pure (no database, no clock). Every figure comes with the French sentence that explains it from the budget's own
amounts, so that a printed plan can be checked by hand; `explain()` gives them in reading order. Nothing here is
submitted to anyone: it is a proposal the juriste discusses with the household.

Rounding: each amount to the cent, half up; an instalment to the euro above (a plan of whole euros, the last
instalment being the remainder); a capacity is used in whole euros below it, so that an instalment never exceeds
it.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prevex.core.templatetags.prevex import euros as format_euros
from prevex.support.budget import ZERO, Budget, BudgetInputError, Household, lines, money, money_from_json, total

JUDICIAL_MAX_MONTHS = 36  # loi 1989 art. 24 V: the JCP may grant up to 3 years
CAF_DEFAULT_MONTHS = 36  # the CAF's plan par défaut, 1/36 of the debt a month: a benchmark (domain-corrections §8)

# The default floor: the RSA montant forfaitaire of the household (C. conso. L731-2: in a surendettement plan, the
# part left to the household for its daily needs "ne peut être inférieure" to it). 651,69 € for one person from
# 1 April 2026 (CASF L262-2 and R262-1, yearly revaluation of L262-3), the value openfisca-france 176 holds.
RSA_BASE = Decimal("651.69")
RSA_BASE_SINCE = "01/04/2026"
# The Banque de France's forfait de base 2024 as quoted by a secondary source (domain.md §5.2, unverified).
BDF_SINGLE, BDF_COUPLE, BDF_PER_OTHER_PERSON = Decimal(573), Decimal(774), Decimal(201)

FLOOR_RSA = "rsa"
FLOOR_BDF = "banque_de_france"
FLOOR_CUSTOM = "custom"
FLOOR_RULES = (FLOOR_RSA, FLOOR_BDF, FLOOR_CUSTOM)


@dataclass(frozen=True)
class Floor:
    """The reste-à-vivre floor: a rule, and the amount for `custom` (a team's own rule, e.g. its FSL's)."""

    rule: str = FLOOR_RSA
    amount: Decimal | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    amount: Decimal
    explanation: str


@dataclass(frozen=True)
class Proposal:
    """A plan: `months` instalments of `instalment`, the last one being `last_instalment`. `fits`: the instalment
    is within the household's capacity."""

    id: str
    label: str
    instalment: Decimal
    months: int
    last_instalment: Decimal
    fits: bool
    explanation: str


@dataclass(frozen=True)
class RepaymentPlan:
    figures: tuple[Figure, ...]
    proposals: tuple[Proposal, ...]
    notices: tuple[str, ...]

    def figure(self, figure_id: str) -> Figure:
        return next(figure for figure in self.figures if figure.id == figure_id)

    def explain(self) -> str:
        """The whole plan in French, one sentence a line: the figures, the proposals, then the notices."""
        sentences = [figure.explanation for figure in self.figures]
        sentences += [proposal.explanation for proposal in self.proposals]
        return "\n".join([*sentences, *self.notices])


def euros(value: Decimal) -> str:
    """An amount as every page prints it (« 1 234,50 € »), rounded to the cent first."""
    return format_euros(money(value))


def whole_euros_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_CEILING)


def rsa_scale(household: Household) -> Decimal:
    """The RSA montant forfaitaire's factor (CASF R262-1): 1 for the first person, +0.5 for the second, +0.3 for
    each further person, +0.4 for each child from the third. Couple with 2 children: 1 + 0.5 + 0.3 + 0.3 = 2.1."""
    factor = Decimal(1)
    people = [("adult", 0)] * len(household.adults) + [("child", rank) for rank in range(len(household.children))]
    for position, (kind, rank) in enumerate(people[1:], start=2):
        if position == 2:
            factor += Decimal("0.5")
        elif kind == "child" and rank >= 2:
            factor += Decimal("0.4")
        else:
            factor += Decimal("0.3")
    return factor


def floor_amount(household: Household, floor: Floor) -> tuple[Decimal, str]:
    """The floor for this household, and the sentence saying where it comes from."""
    described = household.describe()
    if floor.rule == FLOOR_RSA:
        factor = rsa_scale(household)
        value = money(RSA_BASE * factor)
        return value, _(
            "Minimum laissé au ménage : %(value)s, le montant forfaitaire du RSA pour %(household)s "
            "(%(base)s × %(factor)s, barème au %(since)s). C'est le plancher que le code de la consommation "
            "(art. L731-2) garantit à un ménage surendetté pour ses dépenses courantes."
        ) % {
            "value": euros(value),
            "household": described,
            "base": euros(RSA_BASE),
            "factor": f"{factor}".replace(".", ","),
            "since": RSA_BASE_SINCE,
        }
    if floor.rule == FLOOR_BDF:
        first = BDF_COUPLE if household.is_couple else BDF_SINGLE
        others = household.persons - len(household.adults)
        value = money(first + BDF_PER_OTHER_PERSON * others)
        return value, _(
            "Minimum laissé au ménage : %(value)s, le forfait de base de la Banque de France pour %(household)s "
            "(%(first)s + %(each)s par personne de plus ; montants 2024 d'une source secondaire, à vérifier)."
        ) % {"value": euros(value), "household": described, "first": euros(first), "each": euros(BDF_PER_OTHER_PERSON)}
    return money(floor.amount), _(
        "Minimum laissé au ménage : %(value)s, montant fixé par l'équipe pour %(household)s."
    ) % {"value": euros(floor.amount), "household": described}


def _sum_sentence(start: str, amounts, result: Decimal) -> str:
    parts = [f"{label} {euros(value)}" for _key, label, value in lines(amounts)]
    if not parts:
        return _("%(start)s : aucun montant déclaré, 0,00 €.") % {"start": start}
    return f"{start} : {' + '.join(parts)} = {euros(result)}."


def compute_plan(budget: Budget, floor: Floor = Floor()) -> RepaymentPlan:
    if floor.rule not in FLOOR_RULES:
        raise BudgetInputError([_("Règle de minimum inconnue : « %(rule)s ».") % {"rule": floor.rule}])
    if floor.rule == FLOOR_CUSTOM and (floor.amount is None or floor.amount < 0):
        raise BudgetInputError([_("La règle « custom » demande un montant positif dans « floor.amount ».")])
    household, debt = budget.household, money(budget.rent_debt)
    resources, charges = total(budget.resources), total(budget.charges)
    left = resources - charges
    units = household.consumption_units
    per_unit = money(left / units)
    minimum, minimum_sentence = floor_amount(household, floor)
    margin = left - minimum
    capacity = max(margin, ZERO)
    figures = [
        Figure(
            "resources",
            _("Ressources mensuelles"),
            resources,
            _sum_sentence(_("Ressources"), budget.resources, resources),
        ),
        Figure("charges", _("Charges fixes mensuelles"), charges, _sum_sentence(_("Charges"), budget.charges, charges)),
        Figure(
            "reste_a_vivre",
            _("Reste à vivre après charges"),
            left,
            _("Reste à vivre après charges : %(resources)s − %(charges)s = %(left)s par mois.")
            % {"resources": euros(resources), "charges": euros(charges), "left": euros(left)},
        ),
        Figure(
            "reste_a_vivre_per_unit",
            _("Reste à vivre par unité de consommation"),
            per_unit,
            _(
                "Soit %(per_unit)s par unité de consommation (UC) : %(household)s compte %(units)s UC (échelle "
                "de l'OCDE utilisée par l'Insee : 1 pour le premier adulte, 0,5 par personne de 14 ans ou plus, "
                "0,3 par enfant de moins de 14 ans)."
            )
            % {"per_unit": euros(per_unit), "units": f"{units}".replace(".", ","), "household": household.describe()},
        ),
        Figure("floor", _("Minimum laissé au ménage"), minimum, minimum_sentence),
        Figure(
            "capacity",
            _("Capacité de remboursement mensuelle"),
            money(capacity),
            _capacity_sentence(left, minimum, margin),
        ),
        Figure("debt", _("Dette locative"), debt, _("Dette locative déclarée : %(debt)s.") % {"debt": euros(debt)}),
    ]
    notices = []
    proposals = []
    if debt == ZERO:
        notices.append(_("La dette est soldée : aucun plan d'apurement n'est nécessaire."))
    else:
        benchmark = money(debt / CAF_DEFAULT_MONTHS)
        figures.append(
            Figure(
                "caf_benchmark",
                _("Repère CAF (dette / 36)"),
                benchmark,
                _(
                    "Repère de la CAF : %(debt)s / 36 = %(benchmark)s par mois pendant 36 mois (plan par défaut de "
                    "la CAF, donné comme repère et non comme règle)."
                )
                % {"debt": euros(debt), "benchmark": euros(benchmark)},
            )
        )
        proposals = _proposals(debt, capacity)
        if capacity == ZERO:
            notices.append(
                _(
                    "Aucune mensualité n'est supportable avec ce budget : il faut d'abord réduire la dette "
                    "(FSL, rappel d'APL, Action Logement) ou envisager un dossier de surendettement."
                )
            )
    if not budget.current_rent_resumed:
        notices.append(
            _(
                "Le loyer courant n'a pas repris : depuis la loi du 27 juillet 2023, le juge ne peut accorder de "
                "délais de paiement que si le locataire a repris le paiement intégral du loyer courant avant "
                "l'audience (loi de 1989, art. 24 V). Reprendre le loyer est la première étape."
            )
        )
    return RepaymentPlan(figures=tuple(figures), proposals=tuple(proposals), notices=tuple(notices))


def _capacity_sentence(left: Decimal, minimum: Decimal, margin: Decimal) -> str:
    values = {"left": euros(left), "minimum": euros(minimum), "margin": euros(abs(margin))}
    if margin > 0:
        return _("Capacité de remboursement : %(left)s − %(minimum)s = %(margin)s par mois.") % values
    if margin == 0:
        return (
            _(
                "Capacité de remboursement nulle : le reste à vivre (%(left)s) égale tout juste le minimum "
                "(%(minimum)s)."
            )
            % values
        )
    return (
        _(
            "Capacité de remboursement nulle : le reste à vivre (%(left)s) est inférieur de %(margin)s au minimum "
            "(%(minimum)s) ; le ménage ne peut rien rembourser sans passer sous ce minimum."
        )
        % values
    )


def _plan(debt: Decimal, instalment: Decimal) -> tuple[int, Decimal]:
    """Months and last instalment of a plan of whole-euro `instalment`s (the last one is the remainder)."""
    months = int((debt / instalment).to_integral_value(rounding=ROUND_CEILING))
    return months, money(debt - instalment * (months - 1))


def _months(count: int) -> str:
    return ngettext("%(count)s mois", "%(count)s mois", count) % {"count": count}


def _proposals(debt: Decimal, capacity: Decimal) -> list[Proposal]:
    within_36 = whole_euros_up(debt / JUDICIAL_MAX_MONTHS)
    months, last = _plan(debt, within_36)
    fits = within_36 <= capacity
    if fits:
        verdict = _("La capacité (%(capacity)s) le permet.") % {"capacity": euros(capacity)}
    elif capacity > 0:
        whole = capacity.quantize(Decimal(1), rounding=ROUND_FLOOR)
        needed = int((debt / whole).to_integral_value(rounding=ROUND_CEILING)) if whole else None
        verdict = _("La capacité (%(capacity)s) ne le permet pas.") % {"capacity": euros(capacity)}
        if needed:
            verdict += " " + _(
                "À %(whole)s par mois, il faudrait %(months)s, au-delà des 36 mois que le juge peut accorder."
            ) % {"whole": euros(whole), "months": _months(needed)}
    else:
        verdict = _("La capacité est nulle : cette mensualité n'est pas supportable.")
    proposals = [
        Proposal(
            "judicial_36_months",
            _("Apurement en 36 mois au plus (délais du juge)"),
            within_36,
            months,
            last,
            fits,
            _(
                "Pour apurer %(debt)s en 36 mois au plus (le juge peut accorder jusqu'à 3 ans) : %(instalment)s "
                "par mois pendant %(months)s, dernière mensualité %(last)s. %(verdict)s"
            )
            % {
                "debt": euros(debt),
                "instalment": euros(within_36),
                "months": _months(months),
                "last": euros(last),
                "verdict": verdict,
            },
        )
    ]
    whole = capacity.quantize(Decimal(1), rounding=ROUND_FLOOR)
    if whole >= 1:
        shortest = int((debt / whole).to_integral_value(rounding=ROUND_CEILING))
        if shortest < months:
            instalment = whole_euros_up(debt / shortest)
            short_months, short_last = _plan(debt, instalment)
            if short_months == 1:
                sentence = _("La capacité permet de régler la dette (%(debt)s) en une fois.") % {"debt": euros(debt)}
            else:
                sentence = _(
                    "Plan plus court que permet la capacité : %(instalment)s par mois pendant %(months)s, dernière "
                    "mensualité %(last)s."
                ) % {"instalment": euros(instalment), "months": _months(short_months), "last": euros(short_last)}
            proposals.append(
                Proposal("shortest", _("Plan le plus court"), instalment, short_months, short_last, True, sentence)
            )
    return proposals


def floor_from_json(data) -> Floor:
    """The `floor` key of the command's input: absent (the RSA rule), or {"rule": …, "amount": …}."""
    if data is None:
        return Floor()
    if not isinstance(data, dict) or set(data) - {"rule", "amount"} or data.get("rule") not in FLOOR_RULES:
        raise BudgetInputError(
            [_("« floor » doit être {« rule » : rsa, banque_de_france ou custom, « amount » pour custom}.")]
        )
    if data["rule"] != FLOOR_CUSTOM:
        return Floor(rule=data["rule"])
    errors = []
    value = money_from_json("floor.amount", data.get("amount"), errors)
    if errors:
        raise BudgetInputError(errors)
    return Floor(rule=FLOOR_CUSTOM, amount=value)
