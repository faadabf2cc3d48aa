"""The repayment-plan calculator against hand-worked examples (docs/support-calculations.md, « Exemples »)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.support.budget import Budget, BudgetInputError, Charges, Household, Person, Resources
from prevex.support.plan import FLOOR_BDF, FLOOR_CUSTOM, Floor, compute_plan, euros, rsa_scale

D = Decimal
SINGLE_TWO_CHILDREN = Household(adults=(Person(40),), children=(Person(8), Person(15)))
COUPLE_TWO_CHILDREN = Household(adults=(Person(38), Person(36)), children=(Person(8), Person(4)))
SINGLE = Household(adults=(Person(40),))

# Example A: a single parent earning 2 100 € whose capacity clears 2 500 € in 11 months.
EXAMPLE_A = Budget(
    household=SINGLE_TWO_CHILDREN,
    resources=Resources(salaries=D("2100"), family_benefits=D("153.01")),
    charges=Charges(rent=D("720"), energy=D("90"), insurance=D("25")),
    rent_debt=D("2500"),
    current_rent_resumed=True,
)
# Example E: a couple with one minimum wage whose capacity is below 1/36 of its 4 800 € debt.
EXAMPLE_E = Budget(
    household=COUPLE_TWO_CHILDREN,
    resources=Resources(salaries=D("1443"), prime_activite=D("595.78"), family_benefits=D("153.01")),
    charges=Charges(rent=D("600"), energy=D("120")),
    rent_debt=D("4800"),
    current_rent_resumed=True,
)


def figures(plan) -> dict:
    return {figure.id: figure.amount for figure in plan.figures}


def proposals(plan) -> list[tuple]:
    return [(p.id, p.instalment, p.months, p.last_instalment, p.fits) for p in plan.proposals]


@pytest.mark.parametrize(
    ("budget", "expected_figures", "expected_proposals"),
    [
        pytest.param(
            EXAMPLE_A,
            {
                "resources": D("2253.01"),  # 2 100 + 153,01
                "charges": D("835.00"),  # 720 + 90 + 25
                "reste_a_vivre": D("1418.01"),
                "reste_a_vivre_per_unit": D("787.78"),  # 1 418,01 / (1 + 0,3 + 0,5)
                "floor": D("1173.04"),  # 651,69 × 1,8
                "capacity": D("244.97"),
                "debt": D("2500.00"),
                "caf_benchmark": D("69.44"),  # 2 500 / 36 = 69,444…
            },
            [
                ("judicial_36_months", D(70), 36, D("50.00"), True),  # 35 × 70 + 50
                ("shortest", D(228), 11, D("220.00"), True),  # 2 500 / 244 → 11 months; 2 500 / 11 → 228
            ],
            id="A-shorter-plan",
        ),
        pytest.param(
            EXAMPLE_E,
            {
                "resources": D("2191.79"),
                "charges": D("720.00"),
                "reste_a_vivre": D("1471.79"),
                "reste_a_vivre_per_unit": D("700.85"),  # 1 471,79 / 2,1
                "floor": D("1368.55"),  # 651,69 × 2,1
                "capacity": D("103.24"),
                "debt": D("4800.00"),
                "caf_benchmark": D("133.33"),
            },
            [("judicial_36_months", D(134), 36, D("110.00"), False)],  # 35 × 134 + 110; 134 > 103,24
            id="E-capacity-below-36-months",
        ),
        pytest.param(
            Budget(
                household=SINGLE,
                resources=Resources(salaries=D("1151.69")),
                charges=Charges(rent=D("500")),
                rent_debt=D("900"),
            ),
            {"reste_a_vivre": D("651.69"), "floor": D("651.69"), "capacity": D("0.00"), "caf_benchmark": D("25.00")},
            [("judicial_36_months", D(25), 36, D("25.00"), False)],
            id="B-zero-capacity",
        ),
        pytest.param(
            Budget(
                household=SINGLE,
                resources=Resources(rsa=D("573.49")),
                charges=Charges(rent=D("100")),
                rent_debt=D("1000.50"),
            ),
            {"reste_a_vivre": D("473.49"), "capacity": D("0.00"), "caf_benchmark": D("27.79")},
            [("judicial_36_months", D(28), 36, D("20.50"), False)],  # 35 × 28 + 20,50
            id="C-negative-capacity-and-cents",
        ),
        pytest.param(
            Budget(
                household=SINGLE,
                resources=Resources(salaries=D("1500")),
                charges=Charges(rent=D("500")),
                rent_debt=D("0"),
            ),
            {"reste_a_vivre": D("1000.00"), "capacity": D("348.31"), "debt": D("0.00")},
            [],
            id="D-debt-already-paid",
        ),
        pytest.param(
            Budget(
                household=SINGLE_TWO_CHILDREN,
                resources=EXAMPLE_A.resources,
                charges=EXAMPLE_A.charges,
                rent_debt=D("200"),
            ),
            {"capacity": D("244.97"), "caf_benchmark": D("5.56")},
            [("judicial_36_months", D(6), 34, D("2.00"), True), ("shortest", D(200), 1, D("200.00"), True)],
            id="F-one-payment",
        ),
    ],
)
def test_figures_and_proposals_match_the_hand_worked_examples(budget, expected_figures, expected_proposals):
    plan = compute_plan(budget)
    computed = figures(plan)
    assert {key: computed.get(key) for key in expected_figures} == expected_figures
    assert proposals(plan) == expected_proposals


@pytest.mark.parametrize(
    ("adults", "children", "factor"),
    [
        (1, 0, "1"),
        (1, 1, "1.5"),
        (1, 2, "1.8"),
        (1, 3, "2.2"),
        (2, 0, "1.5"),
        (2, 1, "1.8"),
        (2, 2, "2.1"),
        (2, 3, "2.5"),
        (2, 4, "2.9"),
    ],
)
def test_the_rsa_scale_follows_the_published_table(adults, children, factor):
    household = Household(adults=(Person(30),) * adults, children=(Person(5),) * children)
    assert rsa_scale(household) == D(factor)


@pytest.mark.parametrize(
    ("household", "floor", "amount"),
    [
        (SINGLE, Floor(FLOOR_BDF), D("573.00")),
        (COUPLE_TWO_CHILDREN, Floor(FLOOR_BDF), D("1176.00")),  # 774 + 2 × 201
        (SINGLE_TWO_CHILDREN, Floor(FLOOR_BDF), D("975.00")),  # 573 + 2 × 201
        (SINGLE, Floor(FLOOR_CUSTOM, D("700")), D("700.00")),
    ],
)
def test_the_other_floors(household, floor, amount):
    plan = compute_plan(Budget(household=household, resources=Resources(salaries=D(2000))), floor)
    assert plan.figure("floor").amount == amount
    assert plan.figure("capacity").amount == D(2000) - amount


def test_every_figure_is_explained_from_the_budgets_own_amounts():
    plan = compute_plan(EXAMPLE_A)
    text = plan.explain()
    assert "salaires et revenus d'activité 2\u00a0100,00\u00a0€ + prestations familiales 153,01\u00a0€ = " in text
    assert "2\u00a0253,01\u00a0€ − 835,00\u00a0€ = 1\u00a0418,01\u00a0€" in text
    assert "651,69\u00a0€ × 1,8" in text and "L731-2" in text
    assert "1\u00a0418,01\u00a0€ − 1\u00a0173,04\u00a0€ = 244,97\u00a0€" in text
    assert "228,00\u00a0€ par mois pendant 11 mois, dernière mensualité 220,00\u00a0€" in text
    assert all(figure.explanation for figure in plan.figures)
    assert "loyer courant n'a pas repris" not in text


def test_zero_and_negative_capacity_say_so_plainly():
    zero = compute_plan(Budget(household=SINGLE, resources=Resources(salaries=D("651.69")), rent_debt=D(100)))
    negative = compute_plan(Budget(household=SINGLE, resources=Resources(rsa=D("573.49")), rent_debt=D(100)))
    assert "égale tout juste le minimum" in zero.figure("capacity").explanation
    assert "inférieur de 78,20\u00a0€ au minimum" in negative.figure("capacity").explanation
    for plan in (zero, negative):
        assert "Aucune mensualité n'est supportable" in plan.explain()


def test_a_plan_above_capacity_says_how_many_months_the_capacity_would_take():
    assert "il faudrait 47 mois, au-delà des 36 mois" in compute_plan(EXAMPLE_E).explain()  # 4 800 / 103


def test_a_paid_debt_needs_no_plan():
    plan = compute_plan(Budget(household=SINGLE, resources=Resources(salaries=D(1500)), current_rent_resumed=True))
    assert plan.notices == ("La dette est soldée : aucun plan d'apurement n'est nécessaire.",)


def test_rent_not_resumed_is_the_first_condition_of_any_delay():
    plan = compute_plan(Budget(household=SINGLE, resources=Resources(salaries=D(1500)), rent_debt=D(300)))
    assert "depuis la loi du 27 juillet 2023" in plan.notices[-1]


def test_a_custom_floor_needs_an_amount():
    with pytest.raises(BudgetInputError, match="custom"):
        compute_plan(EXAMPLE_A, Floor(FLOOR_CUSTOM))


@pytest.mark.parametrize(
    ("value", "printed"),
    [(D("0"), "0,00\u00a0€"), (D("1234.5"), "1\u00a0234,50\u00a0€"), (D("-78.205"), "-78,21\u00a0€")],
)
def test_euros_are_printed_the_french_way(value, printed):
    assert euros(value) == printed


@given(
    debt=st.decimals(min_value=D("0.01"), max_value=D(50000), places=2),
    resources=st.decimals(min_value=D(0), max_value=D(6000), places=2),
)
def test_every_plan_adds_up_to_the_debt_and_stays_within_its_bounds(debt, resources):
    plan = compute_plan(Budget(household=SINGLE, resources=Resources(salaries=resources), rent_debt=debt))
    capacity = plan.figure("capacity").amount
    for proposal in plan.proposals:
        assert proposal.instalment == proposal.instalment.to_integral_value()  # whole euros
        assert proposal.instalment * (proposal.months - 1) + proposal.last_instalment == debt
        assert D(0) < proposal.last_instalment <= proposal.instalment
    judicial = plan.proposals[0]
    assert judicial.months <= 36 and judicial.fits == (judicial.instalment <= capacity)
    for shorter in plan.proposals[1:]:
        assert shorter.instalment <= capacity and shorter.months < judicial.months
