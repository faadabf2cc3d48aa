"""The social diagnosis of a household (issue 12 §1), dated and versioned: each save is a new `Diagnosis` row
(number 1, 2, …) and no row is ever updated; the situation's current diagnosis is its last number.

One row per version (docs/support-calculations.md, « Le diagnostic ») : the facts of one value each are columns
(amounts as Decimal, dates, choices, checked by the database); the lists whose length or kinds vary — the
persons, the resources and charges by kind (the kinds of `budget.py`, `kinds.py`) — are JSON validated by
`payload.py` before any save, amounts as strings of two decimals. `budget()` gives the pure `budget.Budget`
that the repayment plan (`plan.py`) and the rights check (`rights.py`) compute from."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prevex.support.budget import ZERO, Budget, Charges, Household, Housing, Person, Resources, money, total
from prevex.support.diagnosis.kinds import CHARGE_KINDS, RESOURCE_KINDS


class DebtSource(models.TextChoices):
    BAILIFF = "commissaire_justice", _("Décompte du commissaire de justice")
    LANDLORD = "bailleur", _("Bailleur")
    CAF = "caf", _("CAF")


class RightStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Non renseigné")
    NONE = "none", _("Non")
    FILED = "filed", _("Demande en cours")
    GRANTED = "granted", _("Oui (ouvert, accordé)")
    REFUSED = "refused", _("Refusé")


class DiagnosisQuerySet(models.QuerySet):
    def of(self, situation):
        return self.filter(situation=situation).select_related("situation", "author", "organisation")

    def current(self, situation):
        """The situation's last version, or None."""
        return self.of(situation).order_by("-number").first()


def _amount(label, **options):
    return models.DecimalField(label, max_digits=9, decimal_places=2, default=ZERO, **options)


class Diagnosis(models.Model):
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="diagnoses")
    number = models.PositiveIntegerField(_("version"))
    diagnosed_on = models.DateField(_("date du diagnostic"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # [{"adult": bool, "age": int (as of diagnosed_on), "disability_rate": int | None}], adults first
    persons = models.JSONField(default=list)
    resources = models.JSONField(default=dict)  # {kind of kinds.RESOURCE_KINDS: "1234.50"}, zero amounts left out
    charges = models.JSONField(default=dict)  # {kind of kinds.CHARGE_KINDS: "1234.50"}
    rent = _amount(_("loyer hors charges"))
    service_charges = _amount(_("charges locatives"))
    housing_benefit = _amount(_("aide au logement (APL/AL)"))
    housing_benefit_to_landlord = models.BooleanField(_("versée au bailleur (tiers payant)"), default=False)
    current_rent_resumed = models.BooleanField(_("loyer courant repris"), default=False)
    rent_debt = _amount(_("dette locative"))
    rent_debt_on = models.DateField(_("dette arrêtée au"), null=True, blank=True)
    rent_debt_source = models.CharField(_("source du montant"), max_length=20, choices=DebtSource.choices, blank=True)
    other_debts = _amount(_("autres dettes"))
    other_debts_note = models.CharField(_("autres dettes : lesquelles"), max_length=200, blank=True)
    housing_benefit_status = models.CharField(
        _("droit à l'aide au logement ouvert"), max_length=10, choices=RightStatus.choices, default=RightStatus.UNKNOWN
    )
    dls_filed = models.BooleanField(_("demande de logement social déposée"), default=False)
    dls_number = models.CharField(_("numéro unique de la demande"), max_length=30, blank=True)
    dalo = models.CharField(_("DALO"), max_length=10, choices=RightStatus.choices, default=RightStatus.UNKNOWN)
    fsl = models.CharField(_("FSL"), max_length=10, choices=RightStatus.choices, default=RightStatus.UNKNOWN)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic social")
        verbose_name_plural = _("diagnostics sociaux")
        ordering = ["situation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["situation", "number"], name="diagnosis_one_number_per_situation"),
            *(
                models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 0}), name=f"diagnosis_{name}_positive")
                for name in ("rent", "service_charges", "housing_benefit", "rent_debt", "other_debts")
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Diagnostic n° %(number)s du %(day)s") % {"number": self.number, "day": f"{self.diagnosed_on:%d/%m/%Y}"}
        )

    @property
    def adults(self) -> list[dict]:
        return [person for person in self.persons if person["adult"]]

    @property
    def children(self) -> list[dict]:
        return [person for person in self.persons if not person["adult"]]

    def amount_of(self, kind: str) -> Decimal:
        store = self.resources if kind in {k.name for k in RESOURCE_KINDS} else self.charges
        return Decimal(store[kind]) if kind in store else ZERO

    @property
    def benefit_to_landlord(self) -> Decimal:
        return self.housing_benefit if self.housing_benefit_to_landlord else ZERO

    @property
    def rent_paid(self) -> Decimal:
        """What the household itself pays each month for its home: rent and charges, less the benefit paid to the
        landlord (never below zero)."""
        return max(money(self.rent + self.service_charges - self.benefit_to_landlord), ZERO)

    @property
    def total_resources(self) -> Decimal:
        """The resources the household has in hands each month (the budget's: no benefit paid to the landlord)."""
        return total(self.budget().resources)

    @property
    def total_charges(self) -> Decimal:
        return total(self.budget().charges)

    def budget(self) -> Budget:
        """The pure budget of this version: ages are those of the diagnosis date (stored as such); the benefit
        paid to the landlord is out of the resources and out of the rent, and given to the rights check apart."""

        def person(data: dict) -> Person:
            return Person(age=data["age"], disability_rate=data.get("disability_rate"))

        resources = Resources(
            **{kind.name: self.amount_of(kind.name) for kind in RESOURCE_KINDS},
            housing_benefit=ZERO if self.housing_benefit_to_landlord else self.housing_benefit,
        )
        charges = Charges(**{kind.name: self.amount_of(kind.name) for kind in CHARGE_KINDS}, rent=self.rent_paid)
        return Budget(
            household=Household(adults=tuple(map(person, self.adults)), children=tuple(map(person, self.children))),
            resources=resources,
            charges=charges,
            rent_debt=self.rent_debt,
            current_rent_resumed=self.current_rent_resumed,
            housing=Housing(
                rent=self.rent,
                commune_code=self.situation.commune_id,
                benefit_paid_to_landlord=self.benefit_to_landlord,
            ),
        )
