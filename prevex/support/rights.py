"""The rights check against non-recours (issue 12 §8; docs/support-calculations.md): from a `Budget`, the monthly
benefits the household may be entitled to, estimated with openfisca-france (the State's open tax-benefit model,
run here, never online), beside what it receives; each gap above a threshold becomes a proposed action
(« ouverture de droits »).

An estimate, said so with the model's version and the month computed: the model sees only what the budget holds
(composition, resources, rent, commune), assumes the month's resources were the same over the 12 months before
(the RSA and the prime d'activité look at the last 3 months, the APL at the last 12), and knows nothing of
savings, assets, nationality or residence conditions. The figures stay in the team: nothing is sent anywhere.

Loading the model takes seconds: `tax_benefit_system()` loads it once per process.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.situations.enums import Recommendation
from prevex.support.budget import ZERO, Budget, BudgetInputError, money
from prevex.support.plan import euros

GAP_THRESHOLD = Decimal(15)  # below, no action: the CAF does not pay a prime d'activité under 15 € a month
HISTORY_MONTHS = 12
AAH_MIN_RATE = 50  # CSS L821-2: 50 to 79 % with a substantial restriction of access to employment; 80 % and over


@dataclass(frozen=True)
class Benefit:
    key: str  # the Resources field holding what the household receives
    label: object
    variables: tuple[str, ...]  # openfisca-france variables summed over the household for the month
    action: str
    action_label: object


# The action codes: kinds of every team's actions catalogue (prevex/support/actions/catalogue.py ships them), which
# the rights page's button proposes (`actions.services.propose_from_rights`).
BENEFITS = (
    Benefit(
        "rsa",
        gettext_lazy("RSA"),
        ("rsa",),
        "ouverture_droits_rsa",
        gettext_lazy("Ouverture des droits RSA"),
    ),
    Benefit(
        "prime_activite",
        gettext_lazy("prime d'activité"),
        ("ppa",),
        "ouverture_droits_prime_activite",
        gettext_lazy("Ouverture des droits à la prime d'activité"),
    ),
    Benefit(
        "housing_benefit",
        gettext_lazy("aide au logement (APL/AL)"),
        ("aide_logement",),
        Recommendation.OUVERTURE_DROITS_APL.value,
        Recommendation.OUVERTURE_DROITS_APL.label,
    ),
    Benefit(
        "aah",
        gettext_lazy("AAH"),
        ("aah",),
        "ouverture_droits_aah",
        gettext_lazy("Ouverture des droits AAH (demande à la MDPH)"),
    ),
    Benefit(
        "family_benefits",
        gettext_lazy("prestations familiales (AF, CF, ASF, PAJE)"),
        ("af", "cf", "asf", "paje_base"),
        "ouverture_droits_prestations_familiales",
        gettext_lazy("Ouverture des droits aux prestations familiales"),
    ),
)


class RightsUnavailable(RuntimeError):
    """openfisca-france cannot be used here; the message says why, in French."""


@dataclass(frozen=True)
class BenefitEstimate:
    key: str
    label: str
    estimated: Decimal
    received: Decimal
    gap: Decimal
    action: str | None
    action_label: str | None
    explanation: str


@dataclass(frozen=True)
class RightsEstimate:
    month: str
    model_version: str
    computed_on: dt.date
    benefits: tuple[BenefitEstimate, ...]
    notice: str

    @property
    def actions(self) -> list[BenefitEstimate]:
        return [benefit for benefit in self.benefits if benefit.action]

    def explain(self) -> str:
        return "\n".join([self.notice, *(benefit.explanation for benefit in self.benefits)])


def model_version() -> str:
    try:
        return metadata.version("openfisca-france")
    except metadata.PackageNotFoundError:
        raise RightsUnavailable(
            _("Le modèle openfisca-france n'est pas installé : l'estimation des droits est indisponible.")
        ) from None


@functools.cache
def tax_benefit_system():
    """The French tax-benefit system, loaded once per process (about 5 s here)."""
    model_version()
    from openfisca_france import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def _months(month: str) -> list[str]:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - HISTORY_MONTHS, index + 1)]


def situation(budget: Budget, month: str) -> dict:
    """The openfisca situation of the household: one famille, foyer fiscal and ménage; each value repeated over the
    month and the 12 before. The earned income and pensions are the first adult's (the budget does not split
    them); a disability rate of 50 % or more sets `handicap` and `taux_incapacite` (the AAH)."""
    months = _months(month)

    def over_time(value) -> dict:
        return dict.fromkeys(months, value)

    household, resources, housing = budget.household, budget.resources, budget.housing
    people = {}
    for index, person in enumerate(household.adults):
        values = {"age": over_time(person.age)}
        if index == 0:
            values |= {
                "salaire_net": over_time(float(resources.salaries)),
                "chomage_net": over_time(float(resources.unemployment)),
                "retraite_nette": over_time(float(resources.pensions)),
            }
        if person.disability_rate is not None and person.disability_rate >= AAH_MIN_RATE:
            values |= {
                "handicap": over_time(True),
                "taux_incapacite": over_time(person.disability_rate / 100),
                "taux_capacite_travail": over_time(0.0),
            }
        people[f"adult_{index}"] = values
    for index, child in enumerate(household.children):
        people[f"child_{index}"] = {"age": over_time(child.age)}
    adults = [name for name in people if name.startswith("adult_")]
    children = [name for name in people if name.startswith("child_")]
    menage = {
        "personne_de_reference": adults[:1],
        "enfants": children,
        "loyer": over_time(float(housing.rent)),
        "statut_occupation_logement": over_time("locataire_vide"),
        "depcom": over_time(housing.commune_code),
    }
    if len(adults) == 2:
        menage["conjoint"] = adults[1:]
    return {
        "individus": people,
        "familles": {"famille": {"parents": adults, "enfants": children}},
        "foyers_fiscaux": {"foyer": {"declarants": adults, "personnes_a_charge": children}},
        "menages": {"menage": menage},
    }


def received(budget: Budget, benefit: Benefit) -> Decimal:
    value = getattr(budget.resources, benefit.key)
    if benefit.key == "housing_benefit":
        value += budget.housing.benefit_paid_to_landlord
    return money(value)


def estimate_rights(budget: Budget, month: str, computed_on: dt.date) -> RightsEstimate:
    """The estimated entitlement of each benefit for `month` (YYYY-MM), beside what the household receives."""
    if budget.housing is None:
        raise BudgetInputError([_("« housing » manque : le loyer et la commune sont nécessaires à l'estimation.")])
    from openfisca_core.simulation_builder import SimulationBuilder

    system = tax_benefit_system()
    simulation = SimulationBuilder().build_from_entities(system, situation(budget, month))
    benefits = []
    for benefit in BENEFITS:
        estimated = money(
            sum(
                Decimal(str(round(float(value), 2)))
                for name in benefit.variables
                for value in simulation.calculate(name, month)
            )
        )
        got = received(budget, benefit)
        gap = money(estimated - got)
        benefits.append(_estimate(benefit, estimated, got, gap))
    version = model_version()
    notice = _(
        "Estimation indicative calculée le %(day)s pour le mois %(month)s avec openfisca-france %(version)s, le "
        "modèle public du système socio-fiscal, exécuté dans Prevex : seules la CAF, la MSA ou la MDPH décident "
        "des droits. Les chiffres restent dans l'équipe."
    ) % {"day": computed_on.strftime("%d/%m/%Y"), "month": month, "version": version}
    return RightsEstimate(month, version, computed_on, tuple(benefits), notice)


def _estimate(benefit: Benefit, estimated: Decimal, got: Decimal, gap: Decimal) -> BenefitEstimate:
    values = {"label": benefit.label, "estimated": euros(estimated), "received": euros(got), "gap": euros(gap)}
    if gap >= GAP_THRESHOLD:
        explanation = _(
            "%(label)s : droit estimé %(estimated)s par mois, perçu %(received)s, écart %(gap)s : %(action)s."
        ) % (values | {"action": benefit.action_label})
        return BenefitEstimate(
            benefit.key, str(benefit.label), estimated, got, gap, benefit.action, str(benefit.action_label), explanation
        )
    if estimated == ZERO and got == ZERO:
        explanation = _("%(label)s : aucun droit estimé, rien de perçu.") % values
    elif gap <= -GAP_THRESHOLD:
        explanation = (
            _(
                "%(label)s : perçu %(received)s, plus que le droit estimé (%(estimated)s) : vérifier la situation "
                "déclarée (un indu est possible) ou les ressources saisies."
            )
            % values
        )
    else:
        explanation = _("%(label)s : droit estimé %(estimated)s, perçu %(received)s : pas d'écart notable.") % values
    return BenefitEstimate(benefit.key, str(benefit.label), estimated, got, gap, None, None, explanation)
