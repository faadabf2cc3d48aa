"""The team's contribution to the diagnostic social et financier (DSF), in the order of the national form's
rubriques (décret n° 2021-8 du 5 janvier 2021, art. 2; form of the arrêté du 23 août 2022, CERFA 16227*01;
docs/procedure.md, « La contribution au DSF »).

Each rubrique lists its fields with their labels; a field Prevex knows is pre-filled (from the situation, its
procedure and, through `sources`, the diagnosis and the actions), the others are left blank for the intervenant
to fill by hand. No note is ever copied: the DSF reaches the judge, the CCAPEX, the tenant and the landlord."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from prevex.situations.enums import EventKind, ProcedureAct
from prevex.support import budget as budget_module
from prevex.support.hearing.sections import LEGAL_AID_CODES, REQUEST_CODES, Sheet, _action_items, _optional, day
from prevex.support.plan import compute_plan, euros


@dataclass(frozen=True)
class Field:
    label: str
    value: str = ""  # blank: to fill by hand


@dataclass(frozen=True)
class Rubrique:
    number: int
    title: str
    fields: tuple[Field, ...]


def _blank(*labels: str) -> tuple[Field, ...]:
    return tuple(Field(label) for label in labels)


def _money(value) -> str:
    return euros(value) if value is not None else ""


def _family(sheet: Sheet) -> tuple[Field, ...]:
    if sheet.budget is None:
        return _blank(_("Composition du ménage"), _("Âge des enfants"), _("Situation professionnelle"))
    household = sheet.budget.household
    ages = ", ".join(str(p.age) for p in household.children)
    return (
        Field(_("Composition du ménage"), household.describe()),
        Field(_("Âge des enfants"), ages),
        Field(_("Situation professionnelle")),
    )


def _rental(sheet: Sheet) -> tuple[Field, ...]:
    situation = sheet.situation
    housing = sheet.budget.housing if sheet.budget is not None else None
    landlord = situation.landlord_name + (
        f" ({situation.get_landlord_kind_display()})" if situation.landlord_kind else ""
    )
    return (
        Field(_("Adresse du logement"), f"{situation.address}, {situation.postal_code} {situation.commune.name}"),
        Field(_("Bailleur"), landlord),
        Field(_("Loyer hors charges"), _money(housing.rent) if housing else ""),
        Field(_("Aide au logement versée au bailleur"), _money(housing.benefit_paid_to_landlord) if housing else ""),
        Field(_("Date d'entrée dans les lieux, type et surface du logement")),
        Field(_("État du logement (décence)")),
    )


def _debt(sheet: Sheet) -> tuple[Field, ...]:
    situation = sheet.situation
    fields = [Field(_("Montant réclamé dans l'assignation"), _money(situation.debt_amount))]
    if sheet.budget is not None:
        fields += [
            Field(_("Montant de la dette vérifiée"), euros(sheet.budget.rent_debt)),
            Field(_("Arrêtée au"), day(_optional(sheet.diagnosis, "rent_debt_on"))),
            Field(_("Source du décompte"), _optional(sheet.diagnosis, "get_rent_debt_source_display") or ""),
        ]
    else:
        fields += _blank(_("Montant de la dette vérifiée"), _("Arrêtée au"), _("Source du décompte"))
    fields += _blank(_("Origine et causes de l'impayé"))
    return tuple(fields)


def _capacity(sheet: Sheet) -> tuple[Field, ...]:
    if sheet.budget is None:
        return _blank(_("Ressources mensuelles"), _("Charges mensuelles"), _("Capacité de remboursement mensuelle"))
    plan = compute_plan(sheet.budget)
    capacity = next((f for f in plan.figures if f.id == "capacity"), None)
    return (
        Field(_("Ressources mensuelles"), euros(budget_module.total(sheet.budget.resources))),
        Field(_("Charges mensuelles"), euros(budget_module.total(sheet.budget.charges))),
        Field(_("Capacité de remboursement mensuelle"), euros(capacity.amount) if capacity else ""),
        *(Field(p.label, p.explanation) for p in plan.proposals),
    )


def _rights(sheet: Sheet) -> tuple[Field, ...]:
    diagnosis = sheet.diagnosis
    return (
        Field(_("Aide au logement (APL/AL)"), _optional(diagnosis, "get_housing_benefit_status_display") or ""),
        Field(_("FSL"), _optional(diagnosis, "get_fsl_display") or ""),
        Field(_("Plan d'apurement, surendettement"), "; ".join(_action_items(sheet, ("plan_apurement",)))),
    )


def rubriques(sheet: Sheet) -> list[Rubrique]:
    situation = sheet.situation
    resumed = ""
    if sheet.budget is not None:
        resumed = _("Oui") if sheet.budget.current_rent_resumed else _("Non")
    requests = "; ".join(_action_items(sheet, (*REQUEST_CODES, *LEGAL_AID_CODES)))
    parts = [
        (_("Identité et coordonnées du rédacteur"), _blank(_("Nom, fonction"), _("Organisme"), _("Téléphone, e-mail"))),
        (
            _("Présence du locataire lors du diagnostic"),
            _blank(_("Entretien réalisé le"), _("Le locataire était présent")),
        ),
        (
            _("Transmission du diagnostic au locataire et au bailleur"),
            _blank(_("Transmis au locataire le"), _("Transmis au bailleur le")),
        ),
        (
            _("Identité du locataire assigné"),
            (
                Field(_("Nom et prénom"), situation.tenant_display_name),
                Field(_("Autres titulaires du bail"), situation.other_tenants),
                Field(_("Date de naissance")),
            ),
        ),
        (_("Situation familiale"), _family(sheet)),
        (
            _("Accompagnement social, juridique et juridictionnel"),
            (
                Field(_("Accompagnement en cours"), _("Oui") if situation.is_accompanied else ""),
                Field(_("Aide juridictionnelle"), "; ".join(_action_items(sheet, LEGAL_AID_CODES))),
                Field(_("Avocat")),
            ),
        ),
        (_("Situation locative"), _rental(sheet)),
        (_("Endettement locatif"), _debt(sheet)),
        (_("Dispositifs de traitement de la dette"), _rights(sheet)),
        (_("Reprise du paiement du loyer"), (Field(_("Loyer courant repris"), resumed),)),
        (_("Capacité à rembourser la dette"), _capacity(sheet)),
        (
            _("Préconisations et observations de l'intervenant"),
            (Field(_("Demandes au juge"), requests), Field(_("Observations"))),
        ),
        (
            _("Observations écrites du rédacteur, du locataire ou du bailleur"),
            _blank(_("Du locataire"), _("Du bailleur")),
        ),
        (_("Relogement : nécessité et démarches engagées"), _dls(sheet)),
        (
            _("Saisine et recommandations de la CCAPEX"),
            (Field(_("Saisine de la CCAPEX"), _ccapex(sheet)), Field(_("Recommandations"))),
        ),
    ]
    return [Rubrique(number, title, fields) for number, (title, fields) in enumerate(parts, start=1)]


def _dls(sheet: Sheet) -> tuple[Field, ...]:
    number = _optional(sheet.diagnosis, "dls_number") or ""
    return (
        Field(_("Demande de logement social (numéro unique)"), number),
        Field(_("DALO"), _optional(sheet.diagnosis, "get_dalo_display") or ""),
    )


def _ccapex(sheet: Sheet) -> str:
    days = [
        e.occurred_on
        for e in sheet.events
        if e.kind == EventKind.PROCEDURE_ACT and e.act == ProcedureAct.CCAPEX_SIGNALEMENT
    ]
    return _("signalée le %(day)s") % {"day": day(max(days))} if days else ""
