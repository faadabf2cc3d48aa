"""The tracking-sheet import (`tableau de suivi`, format in docs/bilan.md).

`preview(team, table)` validates every row and decides what it would do, writing nothing;
`commit(team, preview, …)` writes the valid rows, all in one transaction. Each dated column becomes
an event of the situation's timeline, so imported history is the same data as history recorded in
the app.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prevex.core.text import normalize
from prevex.core.validators import normalize_french_phone
from prevex.imports import cells
from prevex.imports.reading import ImportFileError, Table
from prevex.organisations.models import Sector, SectorAssignee
from prevex.situations.enums import (
    Channel,
    ClosureReason,
    EventKind,
    HearingPresence,
    LandlordKind,
    Recipient,
    Recommendation,
    VisitOutcome,
)
from prevex.situations.models import Event, Situation, SituationReferent
from prevex.territories.models import Commune

COLUMNS = [
    "reference", "date_reception", "nom", "prenom", "adresse", "code_postal", "commune", "telephone", "email",
    "bailleur", "type_bailleur", "date_assignation", "date_audience", "montant_dette", "date_premier_courrier",
    "date_visite_1", "resultat_visite_1", "date_visite_2", "resultat_visite_2", "date_relance",
    "date_contact_locataire", "date_contact_bailleur", "date_adhesion", "dates_visites_communes",
    "presence_audience", "date_cloture", "motif_cloture", "preconisations",
]  # fmt: skip
REQUIRED_COLUMNS = ["reference", "date_reception", "nom", "adresse", "code_postal", "commune"]
DATE_COLUMNS = [column for column in COLUMNS if column.startswith("date_")]

VISIT_RESULTS = {
    "absent": VisitOutcome.ABSENT, "rencontre": VisitOutcome.MET, "refus": VisitOutcome.REFUSED,
    "parti": VisitOutcome.LEFT, "npai": VisitOutcome.NPAI,
}  # fmt: skip
HEARING_PRESENCES = {"non": HearingPresence.ABSENT, "seul": HearingPresence.ALONE,
                     "avec juriste": HearingPresence.WITH_JURISTE}  # fmt: skip
LANDLORD_KINDS = {normalize(kind.value): kind for kind in LandlordKind} | {
    normalize(str(kind.label)): kind for kind in LandlordKind
}
CLOSURE_REASONS = {normalize(r.value): r for r in ClosureReason} | {normalize(str(r.label)): r for r in ClosureReason}
RECOMMENDATIONS = {normalize(r.value): r for r in Recommendation}

# Dated columns that must not come before another one, when both are given.
ORDER_RULES = [
    ("date_visite_1", "date_premier_courrier", gettext_noop("la visite 1 précède le premier courrier")),
    ("date_visite_2", "date_visite_1", gettext_noop("la visite 2 précède la visite 1")),
    ("date_relance", "date_visite_2", gettext_noop("la relance précède la visite 2")),
    ("date_cloture", "date_reception", gettext_noop("la clôture précède la réception")),
    ("date_premier_courrier", "date_reception", gettext_noop("le premier courrier précède la réception")),
]


class Decision:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"
    LABELS = {NEW: _("Nouvelle situation"), UPDATE: _("Mise à jour"), UNCHANGED: _("Déjà importée, inchangée"),
              ERROR: _("Erreur")}  # fmt: skip


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
            "line": self.line, "column": self.column, "message": self.message}  # fmt: skip


@dataclass(frozen=True)
class EventSpec:
    kind: str
    occurred_on: dt.date
    fields: tuple = ()  # sorted (name, value) pairs

    @property
    def key(self):
        return (self.kind, self.occurred_on, self.fields)

    def build(self, situation: Situation) -> Event:
        return Event(situation=situation, kind=self.kind, occurred_on=self.occurred_on, **dict(self.fields))


@dataclass
class RowPlan:
    line: int
    reference: str = ""
    tenant: str = ""
    errors: list[RowError] = field(default_factory=list)
    situation_fields: dict = field(default_factory=dict)
    events: list[EventSpec] = field(default_factory=list)
    decision: str = Decision.NEW
    existing: Situation | None = None
    new_events: list[EventSpec] = field(default_factory=list)

    @property
    def decision_label(self) -> str:
        return Decision.LABELS[self.decision]


@dataclass
class Preview:
    rows: list[RowPlan]
    ignored_columns: list[str]
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def counts(self) -> dict:
        counted = Counter(row.decision for row in self.rows)
        return {decision: counted[decision] for decision in (Decision.NEW, Decision.UPDATE, Decision.UNCHANGED,
                                                             Decision.ERROR)}  # fmt: skip

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def can_commit(self) -> bool:
        return not self.file_errors and any(row.decision in (Decision.NEW, Decision.UPDATE) for row in self.rows)

    def summary(self) -> dict:
        errors = [{"line": e.line, "column": e.column, "message": e.message} for e in self.errors]
        return {"rows": len(self.rows), **self.counts, "ignored_columns": self.ignored_columns, "errors": errors}


def _header_map(header_row: list) -> tuple[dict[str, int], list[str]]:
    known = {normalize(column): column for column in COLUMNS}
    mapping, ignored = {}, []
    for index, cell in enumerate(header_row):
        name = cells.text(cell)
        column = known.get(normalize(name))
        if column and column not in mapping:
            mapping[column] = index
        elif name:
            ignored.append(name)
    return mapping, ignored


def preview(team, table: Table) -> Preview:
    rows = table.rows
    if not rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    mapping, ignored = _header_map(rows[0])
    missing = [column for column in REQUIRED_COLUMNS if column not in mapping]
    if missing:
        errors = [RowError(1, column, _("colonne obligatoire absente de l'en-tête")) for column in missing]
        return Preview(rows=[], ignored_columns=ignored, file_errors=errors)
    context = _TeamContext(team)
    plans = []
    for offset, raw in enumerate(rows[1:], start=2):
        values = {column: raw[index] if index < len(raw) else None for column, index in mapping.items()}
        if all(cells.text(value) == "" for value in values.values()):
            continue
        plans.append(_RowValidator(offset, values, context).plan())
    _flag_duplicate_references(plans)
    _decide(team, plans)
    return Preview(rows=plans, ignored_columns=ignored)


class _TeamContext:
    """What validating rows needs from the database, loaded once per file."""

    def __init__(self, team):
        self.team = team
        self.today = timezone.localdate()
        self.communes = defaultdict(list)
        for commune in Commune.objects.in_departement(team.departement):
            self.communes[commune.search_name].append(commune)
        self.postal_codes = {code for group in self.communes.values() for c in group for code in c.postal_code_list}

    def commune(self, name: str, postal_code: str) -> Commune | None:
        return next((c for c in self.communes.get(normalize(name), []) if c.has_postal_code(postal_code)), None)


class _RowValidator:
    def __init__(self, line: int, values: dict, context: _TeamContext):
        self.line, self.values, self.context = line, values, context
        self.plan_ = RowPlan(line=line)
        self.dates: dict[str, dt.date] = {}

    def error(self, column: str, message: str) -> None:
        self.plan_.errors.append(RowError(self.line, column, message))

    def text(self, column: str) -> str:
        return cells.text(self.values.get(column))

    def parse(self, column: str, parser):
        try:
            return parser(self.values.get(column))
        except cells.CellError as error:
            self.error(column, str(error))
            return None

    def plan(self) -> RowPlan:
        plan = self.plan_
        plan.reference = self.text("reference")
        plan.tenant = f"{self.text('nom')} {self.text('prenom')}".strip()
        for column in ("reference", "nom", "adresse"):
            if not self.text(column):
                self.error(column, _("valeur obligatoire manquante"))
        self._parse_dates()
        plan.situation_fields = self._situation_fields()
        plan.events = self._events()
        self._check_order()
        if plan.errors:
            plan.decision = Decision.ERROR
        return plan

    def _parse_dates(self) -> None:
        for column in DATE_COLUMNS:
            value = self.parse(column, cells.parse_date)
            if value is None:
                continue
            if value > self.context.today and column not in ("date_audience",):
                self.error(column, _("la date %(date)s est dans le futur") % {"date": f"{value:%d/%m/%Y}"})
            self.dates[column] = value
        if "date_reception" not in self.dates and not any(e.column == "date_reception" for e in self.plan_.errors):
            self.error("date_reception", _("valeur obligatoire manquante"))

    def _situation_fields(self) -> dict:
        postal_code = self.parse("code_postal", cells.parse_postal_code)
        commune = self._commune(postal_code)
        debt = self.parse("montant_dette", cells.parse_amount)
        if debt is not None and debt < 0:
            self.error("montant_dette", _("le montant de la dette ne peut pas être négatif"))
        assignation, hearing = self.dates.get("date_assignation"), self.dates.get("date_audience")
        if assignation and hearing and hearing < assignation:
            self.error("date_audience", _("l'audience ne peut pas précéder l'assignation"))
        return {
            "reference": self.text("reference"),
            "received_on": self.dates.get("date_reception"),
            "tenant_last_name": self.text("nom"),
            "tenant_first_name": self.text("prenom"),
            "address": self.text("adresse"),
            "postal_code": postal_code or "",
            "commune": commune,
            "phone": self._phone(),
            "email": self._email(),
            "landlord_name": self.text("bailleur"),
            "landlord_kind": self._choice("type_bailleur", LANDLORD_KINDS, _("type de bailleur inconnu")),
            "assignation_date": assignation,
            "hearing_date": hearing,
            "debt_amount": debt,
            "recommendations": self._recommendations(),
        }

    def _commune(self, postal_code: str | None) -> Commune | None:
        name = self.text("commune")
        if not name:
            self.error("commune", _("valeur obligatoire manquante"))
            return None
        if postal_code is None:
            return None
        if postal_code not in self.context.postal_codes:
            self.error("code_postal", _("le code postal %(cp)s n'est pas dans le département %(dep)s")
                       % {"cp": postal_code, "dep": self.context.team.departement})  # fmt: skip
            return None
        commune = self.context.commune(name, postal_code)
        if commune is None:
            self.error(
                "commune", _("« %(name)s » ne correspond pas au code postal %(cp)s") % {"name": name, "cp": postal_code}
            )
        return commune

    def _phone(self) -> str:
        raw = self.text("telephone")
        if not raw:
            return ""
        try:
            return normalize_french_phone(raw)
        except ValidationError:
            self.error("telephone", _("numéro de téléphone invalide : « %(value)s »") % {"value": raw})
            return ""

    def _email(self) -> str:
        raw = self.text("email")
        if raw:
            try:
                validate_email(raw)
            except ValidationError:
                self.error("email", _("adresse e-mail invalide : « %(value)s »") % {"value": raw})
                return ""
        return raw

    def _choice(self, column: str, choices: dict, message: str) -> str:
        raw = self.text(column)
        if not raw:
            return ""
        value = choices.get(normalize(raw))
        if value is None:
            self.error(column, f"{message} : « {raw} »")
            return ""
        return value

    def _recommendations(self) -> list[str]:
        codes = []
        for raw in filter(None, (part.strip() for part in self.text("preconisations").split(";"))):
            code = RECOMMENDATIONS.get(normalize(raw))
            if code is None:
                self.error("preconisations", _("préconisation inconnue : « %(value)s »") % {"value": raw})
            else:
                codes.append(code.value)
        return codes

    def _events(self) -> list[EventSpec]:
        events = []
        simple = [
            ("date_premier_courrier", EventKind.LETTER, (("channel", Channel.POST), ("recipient", Recipient.TENANT))),
            ("date_relance", EventKind.REMINDER, ()),
            ("date_contact_locataire", EventKind.TENANT_CONTACT, ()),
            ("date_contact_bailleur", EventKind.LANDLORD_CONTACT, ()),
            ("date_adhesion", EventKind.ADHESION, ()),
        ]
        for column, kind, fields in simple:
            if column in self.dates:
                events.append(EventSpec(kind, self.dates[column], fields))
        events += self._visits() + self._joint_visits() + self._hearing() + self._closure()
        return events

    def _visits(self) -> list[EventSpec]:
        events = []
        for number in (1, 2):
            date_column, result_column = f"date_visite_{number}", f"resultat_visite_{number}"
            outcome = self._choice(
                result_column, VISIT_RESULTS, _("résultat de visite inconnu (absent, rencontre, refus, parti, npai)")
            )
            if date_column in self.dates and not self.text(result_column):
                self.error(result_column, _("le résultat de la visite manque"))
            elif self.text(result_column) and date_column not in self.dates and not self._has_error(date_column):
                self.error(date_column, _("la date de la visite manque"))
            elif outcome and date_column in self.dates:
                events.append(EventSpec(EventKind.VISIT, self.dates[date_column], (("visit_outcome", outcome),)))
        return events

    def _joint_visits(self) -> list[EventSpec]:
        events = []
        for raw in filter(None, (part.strip() for part in self.text("dates_visites_communes").split(";"))):
            try:
                day = cells.parse_date(raw)
            except cells.CellError as error:
                self.error("dates_visites_communes", str(error))
                continue
            if day > self.context.today:
                self.error("dates_visites_communes", _("la date %(date)s est dans le futur") % {"date": raw})
                continue
            fields = (("is_joint", True), ("visit_outcome", VisitOutcome.MET))
            events.append(EventSpec(EventKind.VISIT, day, fields))
        return events

    def _hearing(self) -> list[EventSpec]:
        presence = self._choice(
            "presence_audience", HEARING_PRESENCES, _("présence inconnue (non, seul, avec_juriste)")
        )
        if not presence:
            return []
        hearing = self.dates.get("date_audience")
        if hearing is None:
            self.error("date_audience", _("la présence à l'audience est renseignée sans date d'audience"))
            return []
        if hearing > self.context.today:
            self.error("presence_audience", _("la présence est renseignée pour une audience à venir"))
            return []
        return [EventSpec(EventKind.HEARING, hearing, (("hearing_presence", presence),))]

    def _closure(self) -> list[EventSpec]:
        reason = self._choice("motif_cloture", CLOSURE_REASONS, _("motif de clôture inconnu"))
        closed_on = self.dates.get("date_cloture")
        if closed_on and not self.text("motif_cloture"):
            self.error("motif_cloture", _("la date de clôture est renseignée sans motif"))
        elif self.text("motif_cloture") and closed_on is None and not self._has_error("date_cloture"):
            self.error("date_cloture", _("le motif de clôture est renseigné sans date"))
        elif reason and closed_on:
            return [EventSpec(EventKind.CLOSURE, closed_on, (("closure_reason", reason),))]
        return []

    def _has_error(self, column: str) -> bool:
        return any(error.column == column for error in self.plan_.errors)

    def _check_order(self) -> None:
        for later, earlier, message in ORDER_RULES:
            if later in self.dates and earlier in self.dates and self.dates[later] < self.dates[earlier]:
                self.error(later, _("dates dans le désordre : %(message)s") % {"message": _(message)})


def _flag_duplicate_references(plans: list[RowPlan]) -> None:
    first_line = {}
    for plan in plans:
        if not plan.reference:
            continue
        if plan.reference in first_line:
            plan.errors.append(RowError(plan.line, "reference", _("la référence %(ref)s apparaît déjà ligne %(first)s")
                                        % {"ref": plan.reference, "first": first_line[plan.reference]}))  # fmt: skip
            plan.decision = Decision.ERROR
        else:
            first_line[plan.reference] = plan.line


def _event_key(event: Event):
    fields = {"channel", "recipient", "visit_outcome", "is_joint", "hearing_presence", "closure_reason"}
    spec = [(name, getattr(event, name)) for name in sorted(fields) if getattr(event, name) not in ("", False)]
    return (event.kind, event.occurred_on, tuple(spec))


def _spec_key(spec: EventSpec):
    return (spec.kind, spec.occurred_on, tuple(sorted(spec.fields)))


def _decide(team, plans: list[RowPlan]) -> None:
    """New, update (brings events the timeline lacks) or unchanged, against the team's situations."""
    references = [plan.reference for plan in plans if plan.decision != Decision.ERROR]
    existing = {s.reference: s for s in Situation.objects.for_team(team).filter(reference__in=references)}
    known_events = defaultdict(Counter)
    for event in Event.objects.filter(situation__in=existing.values()):
        known_events[event.situation_id][_event_key(event)] += 1
    for plan in plans:
        situation = existing.get(plan.reference)
        if plan.decision == Decision.ERROR or situation is None:
            continue
        plan.existing = situation
        remaining = Counter(known_events[situation.pk])
        for spec in plan.events:
            if remaining[_spec_key(spec)] > 0:
                remaining[_spec_key(spec)] -= 1
            else:
                plan.new_events.append(spec)
        plan.decision = Decision.UPDATE if plan.new_events else Decision.UNCHANGED


@transaction.atomic
def commit(team, result: Preview) -> dict:
    """Write the new situations and the new events of updated ones; all or nothing."""
    new_rows = [plan for plan in result.rows if plan.decision == Decision.NEW]
    situations = [Situation(team=team, **plan.situation_fields) for plan in new_rows]
    sectors = _sectors_by_commune(team)
    for situation in situations:
        situation.sector = sectors.get(situation.commune_id)
        situation.search_text = situation.build_search_text()
    Situation.objects.bulk_create(situations, batch_size=1000)
    _create_referents(situations)
    events = [
        spec.build(situation) for plan, situation in zip(new_rows, situations, strict=True) for spec in plan.events
    ]
    updated = [plan for plan in result.rows if plan.decision == Decision.UPDATE]
    events += [spec.build(plan.existing) for plan in updated for spec in plan.new_events]
    Event.objects.bulk_create(events, batch_size=2000)
    _refresh_in_chunks([s.pk for s in situations] + [plan.existing.pk for plan in updated])
    return {"created": len(situations), "updated": len(updated), "events": len(events)}


def _refresh_in_chunks(pks: list[int], size: int = 900) -> None:
    for start in range(0, len(pks), size):
        Situation.objects.filter(pk__in=pks[start : start + size]).refresh_states()


def _sectors_by_commune(team) -> dict:
    through = Sector.communes.through.objects.filter(sector__team=team).select_related("sector")
    return {link.commune_id: link.sector for link in through}


def _create_referents(situations: list[Situation]) -> None:
    sector_ids = {s.sector_id for s in situations if s.sector_id}
    assignees = defaultdict(list)
    for assignee in SectorAssignee.objects.filter(sector_id__in=sector_ids):
        assignees[assignee.sector_id].append(assignee)
    SituationReferent.objects.bulk_create(
        SituationReferent(situation=s, organisation_id=a.organisation_id, user_id=a.user_id)
        for s in situations if s.sector_id for a in assignees[s.sector_id]
    )  # fmt: skip
