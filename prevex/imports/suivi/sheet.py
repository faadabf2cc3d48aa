"""The tracking-sheet import (`tableau de suivi`, format in docs/bilan.md).

`preview(team, read_sheet(table))` validates every row and decides what it would do, writing nothing;
`commit(team, preview, user)` writes the valid rows, all in one transaction. Each dated column becomes
an event of the situation's timeline, so imported history is the same data as history recorded in
the app. Row validation itself (`validate_row`) reads no database: the team's communes come in a
`SheetContext`, loaded once per file. Its cells are read through every pipeline's policy
(`prevex/imports/rows.py`: formulas, merged cells, texts too long, unusable phones and e-mails), and its errors
name the columns as the file does.
"""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prevex.core.bulk import chunks
from prevex.core.text import normalize
from prevex.imports import cells
from prevex.imports.columns import IGNORED
from prevex.imports.identity import conflict_reason, differences, household_key
from prevex.imports.layout import Layout, read_layout
from prevex.imports.pipeline import Decision
from prevex.imports.reading import ImportFileError, Table
from prevex.imports.rows import Row, RowReader
from prevex.imports.suivi.fields import CATALOGUE
from prevex.situations import services
from prevex.situations.enums import (
    Channel,
    ClosureReason,
    EventKind,
    HearingPresence,
    LandlordKind,
    Recipient,
    VisitOutcome,
)
from prevex.situations.models import Event, Situation
from prevex.situations.rules import event_date_error
from prevex.support.actions.catalogue import DEFAULT_KINDS
from prevex.support.actions.models import ActionKind, Source
from prevex.support.actions.services import actions_create_many
from prevex.territories.matching import CommuneNames
from prevex.territories.models import Commune

COLUMNS = [
    "reference",
    "date_reception",
    "nom",
    "prenom",
    "adresse",
    "code_postal",
    "commune",
    "telephone",
    "email",
    "bailleur",
    "type_bailleur",
    "date_assignation",
    "date_audience",
    "montant_dette",
    "date_premier_courrier",
    "date_visite_1",
    "resultat_visite_1",
    "date_visite_2",
    "resultat_visite_2",
    "date_relance",
    "date_contact_locataire",
    "date_contact_bailleur",
    "date_adhesion",
    "dates_visites_communes",
    "presence_audience",
    "date_cloture",
    "motif_cloture",
    "preconisations",
]
REQUIRED_COLUMNS = ["reference", "date_reception", "nom", "adresse", "code_postal", "commune"]
KNOWN_HEADERS = {normalize(column): column for column in COLUMNS}
DATE_COLUMNS = [column for column in COLUMNS if column.startswith("date_")]
MAX_LENGTHS = {"reference": 50, "nom": 150, "prenom": 150, "adresse": 300, "bailleur": 200, "email": 254}
TEXT_LIMIT = 1000  # any other text: longer is not a value someone typed in a cell
TEXT_LIMITS = {column: MAX_LENGTHS.get(column, TEXT_LIMIT) for column in COLUMNS}
# The columns read as text, each once per row however many rules look at it (a visit's result: its code, then
# whether the visit has a date), so that a problem of the cell is found, and said, once.
TEXT_COLUMNS = (
    "reference",
    "nom",
    "prenom",
    "adresse",
    "commune",
    "bailleur",
    "type_bailleur",
    "resultat_visite_1",
    "resultat_visite_2",
    "presence_audience",
    "motif_cloture",
    "preconisations",
)

VISIT_RESULTS = {
    "absent": VisitOutcome.ABSENT,
    "rencontre": VisitOutcome.MET,
    "refus": VisitOutcome.REFUSED,
    "parti": VisitOutcome.LEFT,
    "npai": VisitOutcome.NPAI,
    "indecent": VisitOutcome.INDECENT,
    "logement indecent": VisitOutcome.INDECENT,
}
HEARING_PRESENCES = {
    "non": HearingPresence.ABSENT,
    "seul": HearingPresence.ALONE,
    "avec juriste": HearingPresence.WITH_JURISTE,
}
LANDLORD_KINDS = {normalize(kind.value): kind for kind in LandlordKind} | {
    normalize(str(kind.label)): kind for kind in LandlordKind
}
CLOSURE_REASONS = {normalize(r.value): r for r in ClosureReason} | {normalize(str(r.label)): r for r in ClosureReason}
# The préconisations a sheet may name, by code or label (normalised): the shipped catalogue's, or the team's own.
SHIPPED_ACTION_CODES = {
    **{normalize(str(spec.label)): spec.code for spec in DEFAULT_KINDS},
    **{normalize(spec.code): spec.code for spec in DEFAULT_KINDS},
}


def team_action_codes(team) -> dict[str, str]:
    """The team's catalogue (the shipped one while it has none), by normalised code and label."""
    kinds = list(ActionKind.objects.filter(team=team).values_list("code", "label"))
    if not kinds:
        return SHIPPED_ACTION_CODES
    return {**{normalize(label): code for code, label in kinds}, **{normalize(code): code for code, _label in kinds}}


# The columns holding a code, what the format calls each code, and the values a team's own code may stand for.
CODED_COLUMNS = {
    "resultat_visite_1": (VISIT_RESULTS, VisitOutcome.choices),
    "resultat_visite_2": (VISIT_RESULTS, VisitOutcome.choices),
    "presence_audience": (HEARING_PRESENCES, HearingPresence.choices),
    "motif_cloture": (CLOSURE_REASONS, ClosureReason.choices),
    "type_bailleur": (LANDLORD_KINDS, LandlordKind.choices),
}
MAX_CODES_SHOWN = 30

# What each dated column is, in the sentences that report dates out of order.
DATE_LABELS = {
    "date_reception": gettext_noop("la réception"),
    "date_premier_courrier": gettext_noop("le premier courrier"),
    "date_visite_1": gettext_noop("la visite 1"),
    "date_visite_2": gettext_noop("la visite 2"),
    "date_relance": gettext_noop("la relance"),
    "date_contact_locataire": gettext_noop("le contact du locataire"),
    "date_contact_bailleur": gettext_noop("le contact du bailleur"),
    "date_adhesion": gettext_noop("l'adhésion"),
    "date_cloture": gettext_noop("la clôture"),
    "dates_visites_communes": gettext_noop("une visite commune"),
}
# The columns that become events of the timeline (joint visits apart): after the reception, before the closure.
EVENT_DATE_COLUMNS = [
    "date_premier_courrier",
    "date_visite_1",
    "date_visite_2",
    "date_relance",
    "date_contact_locataire",
    "date_contact_bailleur",
    "date_adhesion",
]
# (later, earlier): when both are given, the first may not come before the second (same day is fine).
ORDER_RULES = [
    ("date_visite_1", "date_premier_courrier"),
    ("date_visite_2", "date_visite_1"),
    ("date_relance", "date_visite_1"),
    ("date_relance", "date_visite_2"),
    *((column, "date_reception") for column in [*EVENT_DATE_COLUMNS, "date_cloture"]),
    *(("date_cloture", column) for column in EVENT_DATE_COLUMNS),
]


DECISIONS = (Decision.NEW, Decision.UPDATE, Decision.UNCHANGED, Decision.CONFLICT, Decision.ERROR)


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


# An event is "already on the timeline" when one of the same kind, date and main field is there: a letter
# to the tenant sent by SMS that day is the sheet's first letter, whatever the channel.
MAIN_FIELDS = {
    EventKind.LETTER: ("recipient",),
    EventKind.VISIT: ("visit_outcome", "is_joint"),
    EventKind.HEARING: ("hearing_presence",),
    EventKind.CLOSURE: ("closure_reason",),
}


def event_key(kind: str, occurred_on: dt.date, values) -> tuple:
    """`values` maps field names to values (an Event or a dict of an EventSpec's fields)."""
    get = values.get if isinstance(values, dict) else lambda name, default=None: getattr(values, name, default)
    return (kind, occurred_on, *(get(name, "") for name in MAIN_FIELDS.get(kind, ())))


@dataclass(frozen=True)
class EventSpec:
    kind: str
    occurred_on: dt.date
    fields: tuple = ()  # sorted (name, value) pairs

    @property
    def key(self) -> tuple:
        return event_key(self.kind, self.occurred_on, {"is_joint": False, **dict(self.fields)})

    def columns(self) -> dict:
        """The event's fields, for the writer's bulk insert."""
        return {"kind": self.kind, "occurred_on": self.occurred_on, **dict(self.fields)}

    def describe(self) -> str:
        """'Visite à domicile (Rencontré) du 12/02/2022': what the preview says an update adds."""
        values = dict(self.fields)
        choices = {"visit_outcome": VisitOutcome, "hearing_presence": HearingPresence, "closure_reason": ClosureReason}
        details = [str(choices[name](values[name]).label) for name in choices if values.get(name)]
        if values.get("is_joint"):
            details.append(_("visite commune"))
        label = str(EventKind(self.kind).label) + (f" ({', '.join(details)})" if details else "")
        return _("%(event)s du %(date)s") % {"event": label, "date": f"{self.occurred_on:%d/%m/%Y}"}


@dataclass
class RowPlan:
    line: int
    reference: str = ""
    tenant: str = ""
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    situation_fields: dict = field(default_factory=dict)
    events: list[EventSpec] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)  # préconisations: codes of the team's catalogue
    decision: str = Decision.NEW
    existing_id: int | None = None  # the team's situation with this reference, if any
    new_events: list[EventSpec] = field(default_factory=list)
    reason: str = ""
    existing_public_id: str = ""  # the situation the row's reference names, for the preview's link

    def as_dict(self) -> dict:
        """What the preview page lists for the row (JSON, kept in the batch)."""
        return {
            "line": self.line,
            "reference": self.reference,
            "name": self.tenant,
            "decision": self.decision,
            "reason": self.reason,
            "existing": self.existing_public_id,
            "errors": [{"column": error.column, "message": error.message} for error in self.errors],
            "warnings": [{"column": warning.column, "message": warning.message} for warning in self.warnings],
            "added": [event.describe() for event in self.new_events] if self.decision == Decision.UPDATE else [],
        }


@dataclass
class Preview:
    rows: list[RowPlan]
    ignored_columns: list[str]
    file_errors: list[RowError] = field(default_factory=list)
    layout: Layout | None = None
    mapping: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the mapping cannot be used: the column step shows why

    @property
    def counts(self) -> dict:
        counted = Counter(row.decision for row in self.rows)
        return {decision: counted[decision] for decision in DECISIONS}

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def can_commit(self) -> bool:
        return not self.file_errors and any(row.decision in (Decision.NEW, Decision.UPDATE) for row in self.rows)

    def summary(self) -> dict:
        return {
            "rows": len(self.rows),
            **self.counts,
            "ignored_columns": self.ignored_columns,
            "errors": [error.as_dict() for error in self.errors],
            "details": [row.as_dict() for row in self.rows],
        }


@dataclass(frozen=True)
class SheetContext:
    """What validating a row needs to know besides the row: the département's communes (current and former
    names) and today's date."""

    departement: str
    names: CommuneNames
    postal_codes: frozenset
    today: dt.date
    codes: dict | None = None  # the team's own codes: {column: {normalised code: Prevex value}}
    action_codes: dict | None = None  # the team's catalogue of préconisations: {normalised code or label: code}

    @classmethod
    def build(cls, departement: str, communes, today: dt.date, former_names=()) -> "SheetContext":
        return cls.of(CommuneNames(departement, communes, former_names), today)

    @classmethod
    def of(cls, names: CommuneNames, today: dt.date) -> "SheetContext":
        postal_codes = frozenset(names.by_postal_code)
        return cls(departement=names.departement, names=names, postal_codes=postal_codes, today=today)

    @classmethod
    def for_team(cls, team, codes: dict | None = None) -> "SheetContext":
        context = cls.of(CommuneNames.for_departement(team.departement), timezone.localdate())
        return dataclasses.replace(context, codes=codes, action_codes=team_action_codes(team))

    def commune(self, name: str, postal_code: str) -> Commune | None:
        """The commune named (its current name, a former one, or the start of a merged one's) at this code."""
        return self.names.find(name, postal_code) if name else None


@lru_cache(maxsize=4096)
def _normalized(value: str) -> str:
    """`normalize`, remembered: a sheet repeats the same codes and communes thousands of times."""
    return normalize(value)


def read_sheet(table: Table) -> Layout:
    """The header row (the first one naming a column of the format, below any title block) and the data rows."""
    if not any(cells.text(cell) for row in table.rows for cell in row):
        raise ImportFileError(_("Le fichier ne contient aucune ligne."))
    return read_layout(table, catalogue=CATALOGUE, min_matches=1, require_data=False)


def exact_mapping(layout: Layout) -> bool:
    """The file uses the format's own headers (case and accents aside): its columns need no mapping step."""
    return all(not header or normalize(header) in KNOWN_HEADERS for header in layout.headers)


def mapping_errors(layout: Layout, mapping: list[str]) -> list[RowError]:
    """A mapping that cannot be used: a required column fed by none, a field fed by two columns."""
    line, used = layout.header_line, [key for key in mapping if key != IGNORED]
    errors = [
        RowError(line, column, _("colonne obligatoire absente de l'en-tête"))
        for column in REQUIRED_COLUMNS
        if column not in used
    ]
    seen = set()
    for header, key in zip(layout.headers, mapping, strict=True):
        if key != IGNORED and key in seen:
            errors.append(RowError(line, header or key, _("cette colonne apparaît deux fois dans l'en-tête")))
        seen.add(key)
    return errors


def suggested_mapping(layout: Layout) -> list[str]:
    """A field per column: the format's own header, else the best-matching field (each field once), and a
    second column of a field already taken still mapped to it, to be reported."""
    suggested = CATALOGUE.suggest_mapping(layout.headers)
    exact = [KNOWN_HEADERS.get(normalize(header), IGNORED) for header in layout.headers]
    return [exact_key or suggested_key for exact_key, suggested_key in zip(exact, suggested, strict=True)]


def unknown_codes(layout: Layout, mapping: list[str], codes: dict | None = None) -> dict[str, list[str]]:
    """{column: the codes of the file the format does not know, nor the team's own codes}, for the column step."""
    codes, unknown = codes or {}, {}
    for index, column in enumerate(mapping):
        if column not in CODED_COLUMNS:
            continue
        known = CODED_COLUMNS[column][0]
        found = {cells.text(raw[index]) for _line, raw in layout.data if index < len(raw)} - {""}
        found = {
            code for code in found if _normalized(code) not in known and _normalized(code) not in codes.get(column, {})
        }
        if found:
            unknown[column] = sorted(found, key=_normalized)[:MAX_CODES_SHOWN]
    return unknown


def row_reader(layout: Layout, mapping: list[str]) -> RowReader:
    """How this file's rows are read (`prevex/imports/rows.py`, every pipeline's policy): by its own headers, with
    its formulas and the cells merged across rows."""
    return RowReader(
        layout.headers,
        mapping,
        CATALOGUE,
        formulas=layout.formulas,
        merged_rows=layout.merged_rows,
        max_lengths=TEXT_LIMITS,
    )


def preview(
    team,
    layout: Layout,
    *,
    context: SheetContext | None = None,
    mapping: list[str] | None = None,
    codes: dict | None = None,
) -> Preview:
    """Every row of the sheet read by `read_sheet` checked and decided (new, update, unchanged, conflict, error);
    nothing written. The caller has the layout already (to find the team's profile, say): it is not read again."""
    mapping = suggested_mapping(layout) if mapping is None else mapping
    ignored = [header for header, key in zip(layout.headers, mapping, strict=True) if header and key == IGNORED]
    if file_errors := mapping_errors(layout, mapping):
        problems = [str(error) for error in file_errors]
        return Preview([], ignored, file_errors, layout=layout, mapping=mapping, problems=problems)
    reader = row_reader(layout, mapping)
    mapped = list(reader.columns.values())
    context = context or SheetContext.for_team(team, codes=codes)
    plans = [
        _SheetRow(reader, line, raw, context).plan()
        for line, raw in layout.data
        if any(cells.text(raw[index]) for index in mapped if index < len(raw))
    ]
    result = Preview(rows=plans, ignored_columns=ignored, layout=layout, mapping=mapping)
    if not plans:
        result.file_errors = [RowError(layout.header_line, "reference", _("aucune ligne de données sous l'en-tête"))]
        return result
    _flag_duplicate_references(plans, reader)
    _decide(team, plans, reader)
    _flag_broken_timelines(plans, reader)
    return result


# A row given by column name, as `validate_row` takes it: each column of the format, under its own name.
_BY_COLUMN_NAME = RowReader(COLUMNS, COLUMNS, CATALOGUE, max_lengths=TEXT_LIMITS)


def validate_row(line: int, values: dict, context: SheetContext) -> RowPlan:
    """Check one row (column name -> cell) and plan what it would write; reads no database."""
    return _SheetRow(_BY_COLUMN_NAME, line, [values.get(column) for column in COLUMNS], context).plan()


class _SheetRow(Row):
    """One row of the sheet: its cells read through the common policy (`Row`: formulas, merged cells, lengths,
    contact details), then the format's own rules (dates in order, visits and their results, hearing, closure,
    codes and the team's own codes, recommendations). Errors name the file's columns."""

    def __init__(self, reader: RowReader, line: int, cells_: list, context: SheetContext):
        super().__init__(reader, line, cells_)
        self.context = context
        self.texts = {column: self.text(column) for column in TEXT_COLUMNS}
        self.dates: dict[str, dt.date] = {}
        self.events: list[EventSpec] = []

    def plan(self) -> RowPlan:
        for column in ("reference", "nom", "adresse"):
            self._require(column)
        self._parse_dates()
        fields = self._situation_fields()
        self.events = self._events()
        self._check_order()
        recommendations = self._recommendations()
        plan = RowPlan(
            line=self.line,
            reference=fields["reference"],
            tenant=f"{fields['tenant_last_name']} {fields['tenant_first_name']}".strip(),
            errors=[RowError(self.line, column, message) for column, message in self.errors],
            warnings=[RowError(self.line, column, message) for column, message in self.warnings],
            situation_fields=fields,
            events=self.events,
            recommendations=recommendations,
        )
        if plan.errors:
            plan.decision = Decision.ERROR
        return plan

    def _require(self, column: str) -> None:
        if not self.texts[column] and not self.has_error(column):
            self.error(column, _("valeur obligatoire manquante"))

    def _parse_dates(self) -> None:
        for column in DATE_COLUMNS:
            value = self.parsed(column, cells.parse_date)
            if value is None:
                continue
            if value > self.context.today and column != "date_audience":  # a hearing is usually weeks ahead
                self.error(column, _("la date %(date)s est dans le futur") % {"date": f"{value:%d/%m/%Y}"})
            self.dates[column] = value
        if "date_reception" not in self.dates and not self.has_error("date_reception"):
            self.error("date_reception", _("valeur obligatoire manquante"))

    def _situation_fields(self) -> dict:
        postal_code = self.parsed("code_postal", cells.parse_postal_code)
        if postal_code is None and not self.has_error("code_postal"):  # no cell at all: the parser never saw it
            self.error("code_postal", _("valeur obligatoire manquante"))
        commune = self._commune(postal_code)
        debt = self.parsed("montant_dette", cells.parse_amount)
        if debt is not None and debt < 0:
            self.error("montant_dette", _("le montant de la dette ne peut pas être négatif"))
        assignation, hearing = self.dates.get("date_assignation"), self.dates.get("date_audience")
        if assignation and hearing and hearing < assignation:
            self.error("date_audience", _("l'audience ne peut pas précéder l'assignation"))
        return {
            "reference": self.texts["reference"],
            "received_on": self.dates.get("date_reception"),
            "tenant_last_name": self.texts["nom"],
            "tenant_first_name": self.texts["prenom"],
            "address": self.texts["adresse"],
            "postal_code": postal_code or "",
            "commune": commune,
            "phone": self.phone("telephone"),
            "email": self.email("email"),
            "landlord_name": self.texts["bailleur"],
            "landlord_kind": self._choice("type_bailleur", LANDLORD_KINDS, gettext_noop("type de bailleur inconnu")),
            "assignation_date": assignation,
            "hearing_date": hearing,
            "debt_amount": debt,
        }

    def _commune(self, postal_code: str | None) -> Commune | None:
        name = self.texts["commune"]
        if not name:
            self._require("commune")
            return None
        if postal_code is None:
            return None
        if postal_code not in self.context.postal_codes:
            self.error(
                "code_postal",
                _("le code postal %(cp)s n'est pas dans le département %(dep)s")
                % {"cp": postal_code, "dep": self.context.departement},
            )
            return None
        commune = self.context.commune(name, postal_code)
        if commune is None:
            self.error(
                "commune", _("« %(name)s » ne correspond pas au code postal %(cp)s") % {"name": name, "cp": postal_code}
            )
        return commune

    def _choice(self, column: str, choices: dict, message: str) -> str:
        raw = self.texts[column]
        if not raw:
            return ""
        value = choices.get(_normalized(raw)) or (self.context.codes or {}).get(column, {}).get(_normalized(raw))
        if value is None:
            self.error(column, f"{_(message)} : « {raw} »")
            return ""
        return value

    def _recommendations(self) -> list[str]:
        codes = []
        for raw in filter(None, (part.strip() for part in self.texts["preconisations"].split(";"))):
            code = (self.context.action_codes or SHIPPED_ACTION_CODES).get(_normalized(raw))
            if code is None:
                self.error("preconisations", _("préconisation inconnue : « %(value)s »") % {"value": raw})
            elif code not in codes:
                codes.append(code)
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
        # Every listed event is kept, repeats included (two joint visits on one day are two visits): the
        # re-import compares multisets of events, so it still adds nothing the second time.
        return events + self._visits() + self._joint_visits() + self._hearing() + self._closure()

    def _visits(self) -> list[EventSpec]:
        events = []
        for number in (1, 2):
            date_column, result_column = f"date_visite_{number}", f"resultat_visite_{number}"
            unknown = gettext_noop("résultat de visite inconnu (absent, rencontre, refus, parti, npai, indecent)")
            outcome = self._choice(result_column, VISIT_RESULTS, unknown)
            if date_column in self.dates and not self.texts[result_column] and not self.has_error(result_column):
                self.error(result_column, _("le résultat de la visite manque"))
            elif self.texts[result_column] and date_column not in self.dates and not self.has_error(date_column):
                self.error(date_column, _("la date de la visite manque"))
            elif outcome and date_column in self.dates:
                events.append(EventSpec(EventKind.VISIT, self.dates[date_column], (("visit_outcome", outcome),)))
        if "date_visite_2" in self.dates and "date_visite_1" not in self.dates and not self.has_error("date_visite_1"):
            self.error("date_visite_2", _("une visite 2 est renseignée sans visite 1"))
        return events

    def _joint_visits(self) -> list[EventSpec]:
        events, column = [], "dates_visites_communes"
        raw = self.raw(column)
        parts = [raw] if isinstance(raw, dt.date) else filter(None, (p.strip() for p in self.text(column).split(";")))
        for part in parts:
            try:
                day = cells.parse_date(part)
            except cells.CellError as error:
                self.error(column, str(error))
                continue
            if day > self.context.today:
                self.error(column, _("la date %(date)s est dans le futur") % {"date": f"{day:%d/%m/%Y}"})
                continue
            fields = (("is_joint", True), ("visit_outcome", VisitOutcome.MET))
            events.append(EventSpec(EventKind.VISIT, day, fields))
        return events

    def _hearing(self) -> list[EventSpec]:
        presence = self._choice(
            "presence_audience", HEARING_PRESENCES, gettext_noop("présence inconnue (non, seul, avec_juriste)")
        )
        if not presence:
            return []
        hearing = self.dates.get("date_audience")
        if hearing is None:
            if not self.has_error("date_audience"):
                self.error("date_audience", _("la présence à l'audience est renseignée sans date d'audience"))
            return []
        if hearing > self.context.today:
            self.error("presence_audience", _("la présence est renseignée pour une audience à venir"))
            return []
        return [EventSpec(EventKind.HEARING, hearing, (("hearing_on", hearing), ("hearing_presence", presence)))]

    def _closure(self) -> list[EventSpec]:
        reason = self._choice("motif_cloture", CLOSURE_REASONS, gettext_noop("motif de clôture inconnu"))
        closed_on = self.dates.get("date_cloture")
        has_reason = bool(self.texts["motif_cloture"])
        if closed_on and not has_reason and not self.has_error("motif_cloture"):
            self.error("motif_cloture", _("la date de clôture est renseignée sans motif"))
        elif has_reason and closed_on is None and not self.has_error("date_cloture"):
            self.error("date_cloture", _("le motif de clôture est renseigné sans date"))
        elif reason and closed_on:
            return [EventSpec(EventKind.CLOSURE, closed_on, (("closure_reason", reason),))]
        return []

    def _check_order(self) -> None:
        for later, earlier in ORDER_RULES:
            if later in self.dates and earlier in self.dates and self.dates[later] < self.dates[earlier]:
                self._disorder(later, later, earlier)
        joint = [event.occurred_on for event in self.events if dict(event.fields).get("is_joint")]
        received, closed = self.dates.get("date_reception"), self.dates.get("date_cloture")
        if received and any(day < received for day in joint):
            self._disorder("dates_visites_communes", "dates_visites_communes", "date_reception")
        if closed and any(day > closed for day in joint):
            self._disorder("date_cloture", "date_cloture", "dates_visites_communes")
        self._check_event_dates(joint)

    def _check_event_dates(self, joint: list[dt.date]) -> None:
        """Each dated event after the assignation (or not absurdly before the reception): the app's rule."""
        dated = [
            (column, self.dates[column]) for column in [*EVENT_DATE_COLUMNS, "date_cloture"] if column in self.dates
        ]
        dated += [("dates_visites_communes", day) for day in joint]
        bounds = {
            "assignation_date": self.dates.get("date_assignation"),
            "received_on": self.dates.get("date_reception"),
        }
        for column, day in dated:
            message = event_date_error(day, **bounds)
            if message and not self.has_error(column):
                self.error(column, message)

    def _disorder(self, column: str, later: str, earlier: str) -> None:
        self.error(
            column,
            _("dates dans le désordre : %(later)s précède %(earlier)s")
            % {"later": _(DATE_LABELS[later]), "earlier": _(DATE_LABELS[earlier])},
        )


def _flag_duplicate_references(plans: list[RowPlan], reader: RowReader) -> None:
    """Every row of a reference given twice is refused: which one is right is for the team to say."""
    lines = defaultdict(list)
    for plan in plans:
        if plan.reference:
            lines[plan.reference].append(plan.line)
    for plan in plans:
        others = [line for line in lines.get(plan.reference, []) if line != plan.line]
        if others:
            plan.errors.append(
                RowError(
                    plan.line,
                    reader.header("reference"),
                    _("la référence %(ref)s apparaît aussi ligne %(lines)s")
                    % {"ref": plan.reference, "lines": ", ".join(map(str, others))},
                )
            )
            plan.decision = Decision.ERROR


def _existing_timelines(team, references: list[str]) -> tuple[dict, dict, dict]:
    """The team's situations with these references ({reference: pk}), who each is about ({pk: (household key,
    and its public id), and the multiset of event keys of each timeline."""
    existing, households = {}, {}
    fields = ("reference", "pk", "public_id", "tenant_last_name", "tenant_first_name", "address", "commune_id")
    for chunk in chunks(references):
        rows = Situation.objects.for_team(team).filter(reference__in=chunk).values_list(*fields)
        for reference, pk, public_id, last, first, address, commune_id in rows:
            existing[reference] = pk
            households[pk] = (household_key(last, first, address, commune_id), str(public_id))
    known_events = defaultdict(Counter)
    fields = ["situation_id", "kind", "occurred_on", *{name for names in MAIN_FIELDS.values() for name in names}]
    for chunk in chunks(list(existing.values())):
        for row in Event.objects.filter(situation_id__in=chunk).values(*fields):
            known_events[row["situation_id"]][event_key(row["kind"], row["occurred_on"], row)] += 1
    return existing, households, known_events


def _anonymised(pks: list[int]) -> set[int]:
    found = set()
    for chunk in chunks(pks):
        found.update(Situation.objects.filter(pk__in=chunk, anonymised_on__isnull=False).values_list("pk", flat=True))
    return found


def _row_household(plan: RowPlan) -> tuple:
    fields = plan.situation_fields
    commune = fields["commune"]
    return household_key(
        fields["tenant_last_name"], fields["tenant_first_name"], fields["address"], commune.pk if commune else ""
    )


def _decide(team, plans: list[RowPlan], reader: RowReader) -> None:
    """New, update (brings events the timeline lacks), unchanged, or conflict when the reference is another
    household's (never merged on a reference alone), against the team's situations."""
    references = [plan.reference for plan in plans if plan.decision != Decision.ERROR]
    existing, households, known_events = _existing_timelines(team, references)
    anonymised = _anonymised(list(existing.values()))
    for plan in plans:
        situation_id = existing.get(plan.reference)
        if plan.decision == Decision.ERROR or situation_id is None:
            continue
        if situation_id in anonymised:  # read-only: what a sheet would add to it again would never be erased
            plan.errors.append(
                RowError(
                    plan.line,
                    reader.header("reference"),
                    _("la situation %(ref)s est anonymisée : elle ne peut plus être mise à jour")
                    % {"ref": plan.reference},
                )
            )
            plan.decision = Decision.ERROR
            continue
        household, plan.existing_public_id = households[situation_id]
        if differ := differences(household, _row_household(plan)):
            plan.decision = Decision.CONFLICT
            plan.reason = conflict_reason(plan.reference, differ)
            continue
        plan.existing_id = situation_id
        remaining = Counter(known_events[situation_id])
        for spec in plan.events:
            if remaining[spec.key] > 0:
                remaining[spec.key] -= 1
            else:
                plan.new_events.append(spec)
        plan.decision = Decision.UPDATE if plan.new_events else Decision.UNCHANGED


# The column a timeline error is reported on, by the kind of the event at fault.
EVENT_COLUMNS = {
    EventKind.LETTER: "date_premier_courrier",
    EventKind.VISIT: "date_visite_1",
    EventKind.REMINDER: "date_relance",
    EventKind.TENANT_CONTACT: "date_contact_locataire",
    EventKind.LANDLORD_CONTACT: "date_contact_bailleur",
    EventKind.ADHESION: "date_adhesion",
    EventKind.HEARING: "presence_audience",
    EventKind.CLOSURE: "date_cloture",
}


def _flag_broken_timelines(plans: list[RowPlan], reader: RowReader) -> None:
    """A row whose events would break its situation's timeline (a second closure of a closed situation, a
    second presence at a hearing…) is an error, said on the preview: the writer would refuse the whole file."""
    added = {plan.existing_id: [spec.columns() for spec in plan.new_events] for plan in plans if plan.new_events}
    broken = services.changes_errors_by_situation(added)
    for plan in plans:
        if plan.decision == Decision.NEW:
            errors = services.new_timelines_errors([(plan.situation_fields, [e.columns() for e in plan.events])])
        elif plan.decision == Decision.UPDATE and plan.existing_id in broken:
            errors = broken[plan.existing_id][1]
        else:
            continue
        for error in errors:
            column = EVENT_COLUMNS.get(getattr(error.event, "kind", None), "reference")
            message = error.message.removeprefix(f"{plan.reference} : ")
            plan.errors.append(RowError(plan.line, reader.header(column), message))
        if errors:
            plan.decision, plan.new_events = Decision.ERROR, []


def _propose(team, rows: list[RowPlan], created: list[tuple[int, str]], user) -> None:
    """The préconisations of the new situations, as actions « à faire » proposed on the adhesion (else on the
    reception): the sheet gives no status nor date of its own."""
    proposals = [
        (pk, public_id, _proposed_on(plan), plan.recommendations)
        for plan, (pk, public_id) in zip(rows, created, strict=True)
        if plan.recommendations
    ]
    actions_create_many(team=team, proposals=proposals, author=user, source=Source.IMPORT)


def _proposed_on(plan: RowPlan) -> dt.date:
    adhesions = [spec.occurred_on for spec in plan.events if spec.kind == EventKind.ADHESION]
    return min(adhesions) if adhesions else plan.situation_fields["received_on"]


def _origin(batch, plan: RowPlan) -> dict:
    return {"import_batch_id": batch.pk, "import_row": plan.line} if batch is not None else {}


@transaction.atomic
def commit(team, result: Preview, user=None, batch=None) -> dict:
    """Write the new situations and the new events of updated ones, through the writer's bulk twins; all or
    nothing. Each situation created or updated gets its journal entry (ids, row numbers and event kinds only,
    never a value of the sheet); `batch` is the upload they came from, if any: its situations name it, and
    `applied` lists the events it added to known situations (what an undo removes)."""
    source = {"import": str(batch.public_id)} if batch is not None else {}
    new_rows = [plan for plan in result.rows if plan.decision == Decision.NEW]
    updated = [plan for plan in result.rows if plan.decision == Decision.UPDATE]
    new = [
        services.NewSituation(
            fields={**plan.situation_fields, **_origin(batch, plan)},
            events=[spec.columns() for spec in plan.events],
            details={**source, "row": plan.line},
        )
        for plan in new_rows
    ]
    created = services.situations_create_many(team=team, situations=new, author=user)
    _propose(team, new_rows, created, user)
    added = services.events_record_many(
        team=team,
        author=user,
        events={plan.existing_id: [spec.columns() for spec in plan.new_events] for plan in updated},
        details={
            plan.existing_id: {**source, "row": plan.line, "events": [spec.kind for spec in plan.new_events]}
            for plan in updated
        },
    )
    events = sum(len(plan.events) for plan in new_rows) + len(added)
    return {"created": len(new_rows), "updated": len(updated), "events": events, "applied": added}
