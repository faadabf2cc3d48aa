"""The hearing preparation sheet, built from small section providers (issue 12 §5).

Each provider is a function `provider(sheet) -> Section | None` registered with `@section(id, court=…)`; the
sheet is the registered providers' sections, in registration order, that are not None. A provider returns None
when it has nothing to say (no diagnosis yet, no request made): the sheet simply goes without that section.

Two audiences. The juriste's sheet has every section. The judge's sheet is printed only under the household's
recorded, non-withdrawn consent to share with the court (`notes.ConsentScope.COURT`) and keeps only the sections
registered with `court=True`: the household's situation and what is asked of the court, never the team's legal
strategy (deadlines, possible defences), its contact details or any note. No section ever prints a note private
to an organisation (professional secrecy, CASF L121-6-2): the juriste's sheet prints only the notes shared with
the whole team, since a printed sheet leaves the organisation's control.

The sections that need the diagnosis (composition, budget, debt checked, rent resumed, plan) read it through
`sources.current_diagnosis`, the requests and the legal aid through `sources.actions_of`."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prevex.situations.enums import EventKind, ProcedureAct
from prevex.support import budget as budget_module
from prevex.support.hearing import sources
from prevex.support.notes.models import Consent, ConsentScope, Note, Visibility
from prevex.support.plan import compute_plan, euros
from prevex.support.procedure.acts import situation_deadlines

JURISTE = "juriste"
COURT = "court"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    facts: tuple[tuple[str, str], ...] = ()  # (label, value), shown as a table
    items: tuple[str, ...] = ()  # lines of a list
    text: str = ""


@dataclass
class Sheet:
    """What the providers read: the situation, its events (loaded once), the day, the audience."""

    situation: object
    events: list
    today: dt.date
    audience: str = JURISTE
    cache: dict = field(default_factory=dict)

    @property
    def for_court(self) -> bool:
        return self.audience == COURT

    @property
    def diagnosis(self):
        if "diagnosis" not in self.cache:
            self.cache["diagnosis"] = sources.current_diagnosis(self.situation)
        return self.cache["diagnosis"]

    @property
    def budget(self):
        return self.diagnosis.budget() if self.diagnosis is not None else None

    @property
    def actions(self) -> list[sources.ActionLine]:
        if "actions" not in self.cache:
            self.cache["actions"] = sources.actions_of(self.situation)
        return self.cache["actions"]


@dataclass(frozen=True)
class Provider:
    id: str
    build: Callable[[Sheet], Section | None]
    court: bool


PROVIDERS: list[Provider] = []


def section(section_id: str, *, court: bool):
    """Register a provider (a later registration of the same id replaces it, in place)."""

    def register(build):
        provider = Provider(section_id, build, court)
        for index, existing in enumerate(PROVIDERS):
            if existing.id == section_id:
                PROVIDERS[index] = provider
                return build
        PROVIDERS.append(provider)
        return build

    return register


def build_sections(sheet: Sheet) -> list[Section]:
    providers = [p for p in PROVIDERS if p.court] if sheet.for_court else PROVIDERS
    return [built for provider in providers if (built := provider.build(sheet)) is not None]


def day(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else "–"


def _optional(obj, name: str):
    """An optional attribute or `get_…_display()` of the diagnosis (`sources` lists them)."""
    value = getattr(obj, name, None)
    return value() if callable(value) else value


# ---- the hearing and the procedure


def _hearing_lines(sheet: Sheet) -> list[str]:
    lines = []
    for event in sorted(
        (e for e in sheet.events if e.kind == EventKind.HEARING), key=lambda e: (e.hearing_day, e.pk or 0)
    ):
        line = _("Audience du %(day)s : %(presence)s") % {
            "day": day(event.hearing_day),
            "presence": event.get_hearing_presence_display().lower(),
        }
        if event.social_worker_present:
            line += _(", travailleur social présent")
        if event.hearing_outcome:
            line += f" – {event.get_hearing_outcome_display()}"
        if event.postponed_to:
            line += _(" au %(day)s") % {"day": day(event.postponed_to)}
        lines.append(line)
    return lines


@section("hearing", court=True)
def hearing_section(sheet: Sheet) -> Section:
    situation = sheet.situation
    earlier = [dt.date.fromisoformat(d) for d in situation.earlier_hearing_dates or []]
    facts = [
        (_("Tribunal"), situation.court or "–"),
        (_("Audience"), day(situation.hearing_date)),
        (_("Assignation"), day(situation.assignation_date)),
    ]
    if earlier:
        facts.append((_("Renvois"), ", ".join(_("audience du %(day)s") % {"day": day(d)} for d in sorted(earlier))))
    return Section("hearing", _("L'audience"), tuple(facts), tuple(_hearing_lines(sheet)))


@section("decision", court=True)
def decision_section(sheet: Sheet) -> Section | None:
    judgments = [
        e for e in sheet.events if e.kind == EventKind.PROCEDURE_ACT and e.act == ProcedureAct.JUDGMENT and e.decision
    ]
    if not judgments:
        return None
    items = []
    for event in sorted(judgments, key=lambda e: e.occurred_on):
        line = f"{day(event.occurred_on)} : {event.get_decision_display()}"
        if event.decision_months:
            line += _(", %(months)s mois") % {"months": event.decision_months}
        if event.decision_instalment is not None:
            line += _(", mensualité de %(amount)s") % {"amount": euros(event.decision_instalment)}
        if event.occupation_indemnity is not None:
            line += _(", indemnité d'occupation de %(amount)s") % {"amount": euros(event.occupation_indemnity)}
        items.append(line)
    return Section("decision", _("Décision"), items=tuple(items))


# ---- the household


@section("household", court=True)
def household_section(sheet: Sheet) -> Section:
    situation = sheet.situation
    facts = [(_("Locataire"), situation.tenant_display_name)]
    if situation.other_tenants:
        facts.append((_("Autres titulaires du bail"), situation.other_tenants))
    facts.append((_("Adresse"), f"{situation.address}, {situation.postal_code} {situation.commune.name}"))
    if not sheet.for_court:
        facts += [(_("Téléphone"), situation.phone or "–"), (_("E-mail"), situation.email or "–")]
    landlord = situation.landlord_name or "–"
    if situation.landlord_kind:
        landlord += f" ({situation.get_landlord_kind_display()})"
    facts.append((_("Bailleur"), landlord))
    if sheet.budget is not None:
        household = sheet.budget.household
        facts.append((_("Composition du ménage"), household.describe()))
        ages = ", ".join(str(p.age) for p in household.children)
        if ages:
            facts.append((_("Âge des enfants"), ages))
        facts.append((_("Diagnostic du"), day(_optional(sheet.diagnosis, "diagnosed_on"))))
    return Section("household", _("La situation du ménage"), tuple(facts))


@section("budget", court=True)
def budget_section(sheet: Sheet) -> Section | None:
    budget = sheet.budget
    if budget is None:
        return None
    facts = [(label, euros(value)) for _key, label, value in budget_module.lines(budget.resources)]
    facts.append((_("Total des ressources mensuelles"), euros(budget_module.total(budget.resources))))
    facts += [(label, euros(value)) for _key, label, value in budget_module.lines(budget.charges)]
    facts.append((_("Total des charges mensuelles"), euros(budget_module.total(budget.charges))))
    return Section("budget", _("Ressources et charges mensuelles"), tuple(facts))


@section("debt", court=True)
def debt_section(sheet: Sheet) -> Section:
    situation = sheet.situation
    facts = [
        (
            _("Dette selon l'assignation ou la liste de la préfecture"),
            euros(situation.debt_amount) if situation.debt_amount is not None else "–",
        )
    ]
    if sheet.budget is not None:
        facts += [
            (_("Dette vérifiée"), euros(sheet.budget.rent_debt)),
            (_("Arrêtée au"), day(_optional(sheet.diagnosis, "rent_debt_on"))),
            (_("Source du montant"), _optional(sheet.diagnosis, "get_rent_debt_source_display") or "–"),
        ]
        return Section("debt", _("La dette locative"), tuple(facts))
    return Section("debt", _("La dette locative"), tuple(facts), text=_("Dette non vérifiée : aucun diagnostic."))


@section("rent_resumed", court=True)
def rent_resumed_section(sheet: Sheet) -> Section | None:
    if sheet.budget is None:
        return None
    resumed = sheet.budget.current_rent_resumed
    text = (
        _("Le ménage a repris le paiement intégral du loyer courant.")
        if resumed
        else _("Le ménage n'a pas repris le paiement intégral du loyer courant.")
    )
    rule = _(
        "Depuis la loi du 27 juillet 2023, des délais de paiement supposent que le locataire ait repris le "
        "paiement du loyer courant avant l'audience (loi n° 89-462, art. 24 V)."
    )
    return Section("rent_resumed", _("Reprise du loyer courant"), text=f"{text} {rule}")


@section("plan", court=True)
def plan_section(sheet: Sheet) -> Section | None:
    if sheet.budget is None:
        return None
    plan = compute_plan(sheet.budget)
    facts = tuple((figure.label, euros(figure.amount)) for figure in plan.figures)
    items = tuple(f"{proposal.label} : {proposal.explanation}" for proposal in plan.proposals)
    return Section("plan", _("Plan d'apurement proposé"), facts, items, text=" ".join(plan.notices))


# ---- what is asked, and the legal aid

REQUEST_CODES = ("demande_delais_jcp", "suspension_clause_resolutoire", "plan_apurement", "saisine_jex")
LEGAL_AID_CODES = ("aide_juridictionnelle",)


def _action_items(sheet: Sheet, codes) -> tuple[str, ...]:
    lines = []
    for action in sheet.actions:
        if action.code in codes:
            when = _(" le %(day)s") % {"day": day(action.on)} if action.on else ""
            lines.append(f"{action.label} – {action.status}{when}")
    return tuple(lines)


@section("requests", court=True)
def requests_section(sheet: Sheet) -> Section | None:
    items = _action_items(sheet, REQUEST_CODES)
    return Section("requests", _("Demandes faites au juge"), items=items) if items else None


@section("legal_aid", court=True)
def legal_aid_section(sheet: Sheet) -> Section | None:
    items = _action_items(sheet, LEGAL_AID_CODES)
    return Section("legal_aid", _("Aide juridictionnelle"), items=items) if items else None


@section("actions", court=False)
def other_actions_section(sheet: Sheet) -> Section | None:
    items = _action_items(sheet, {a.code for a in sheet.actions} - {*REQUEST_CODES, *LEGAL_AID_CODES})
    return Section("actions", _("Autres préconisations et actions"), items=items) if items else None


# ---- the juriste's own: deadlines, notes; and the consent


@section("deadlines", court=False)
def deadlines_section(sheet: Sheet) -> Section | None:
    deadlines, errors = situation_deadlines(sheet.situation, sheet.events)
    if not deadlines and not errors:
        return None
    items = [f"{day(d.date)} – {d.label}{_(' (tardif)') if d.late else ''} : {d.rule} ({d.article})" for d in deadlines]
    return Section("deadlines", _("Délais de la procédure"), items=tuple(items), text=" ".join(errors))


@section("notes", court=False)
def notes_section(sheet: Sheet) -> Section | None:
    notes = Note.objects.filter(situation=sheet.situation, visibility=Visibility.TEAM).select_related("organisation")
    items = tuple(f"{day(n.written_at.date())} ({n.organisation.name}) : {n.text}" for n in notes)
    return Section("notes", _("Notes partagées avec l'équipe"), items=items) if items else None


@section("consent", court=True)
def consent_section(sheet: Sheet) -> Section:
    consents = [c for c in Consent.objects.filter(situation=sheet.situation) if c.in_force_on(sheet.today)]
    if sheet.for_court:
        consents = [c for c in consents if c.scope == ConsentScope.COURT]
    items = tuple(
        _("%(scope)s : donné le %(day)s (%(how)s)")
        % {"scope": c.get_scope_display(), "day": day(c.given_on), "how": (c.get_obtained_how_display() or "–").lower()}
        for c in consents
    )
    text = "" if items else _("Aucun consentement au partage en vigueur.")
    return Section("consent", _("Consentement du ménage au partage"), items=items, text=text)
