"""What each row of a préfecture list would do: new situation, update, duplicate, conflict, not eligible or error.

`decide(...)` reads the file's rows through the mapping and compares them with the team's situations; it
writes nothing. Every data row gets exactly one decision.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.core.text import normalize
from prevex.imports.columns import IGNORED
from prevex.imports.identity import conflict_reason, differences, household_key
from prevex.imports.layout import Layout
from prevex.imports.pipeline import Decision
from prevex.intake.models import EligibilityRules
from prevex.intake.prefecture.fields import CATALOGUE
from prevex.intake.prefecture.matching import KnownSituations
from prevex.intake.prefecture.recency import newer_fields
from prevex.intake.prefecture.rows import Candidate, RowReader
from prevex.situations.enums import EventKind, LandlordKind
from prevex.situations.models import Situation
from prevex.situations.services import changes_errors_by_situation
from prevex.territories.matching import CommuneNames

DECISIONS = (
    Decision.NEW,
    Decision.UPDATE,
    Decision.DUPLICATE,
    Decision.CONFLICT,
    Decision.NOT_ELIGIBLE,
    Decision.ERROR,
)


# What a new list may change on a situation already followed (the procedure moves on), and what it may only
# fill in when the team has nothing (the team's own contact details win).
UPDATED_FIELDS = ("hearing_date", "assignation_date", "court", "debt_amount", "landlord_name", "landlord_kind")
FILLED_FIELDS = ("phone", "email")


@dataclass
class RowDecision:
    line: int
    decision: str
    candidate: Candidate
    reason: str = ""
    existing: object = None  # matching.Known
    changes: dict = field(default_factory=dict)  # field -> (before, after)
    conflicts: dict = field(default_factory=dict)  # field -> (Prevex's more recent value, the list's, Newer)

    def as_dict(self) -> dict:
        values = self.candidate.values
        return {
            "line": self.line,
            "decision": self.decision,
            "reason": self.reason,
            "name": f"{values.get('tenant_last_name', '').upper()} {values.get('tenant_first_name', '')}".strip(),
            "commune": self.candidate.commune.name if self.candidate.commune else "",
            "hearing_date": f"{values['hearing_date']:%d/%m/%Y}" if values.get("hearing_date") else "",
            "reference": values.get("reference", ""),
            "existing": self.existing.public_id if self.existing else "",
            "changes": self.changes_shown(),
            "conflicts": [
                {"field": _field_label(name), "before": _shown(before), "after": _shown(after), "since": since}
                for name, (before, after, since) in self.conflicts.items()
            ],
            "errors": [{"column": column, "message": message} for column, message in self.candidate.errors],
            "warnings": [{"column": column, "message": message} for column, message in self.candidate.warnings],
        }

    def changes_shown(self) -> list[dict]:
        """The changes as the preview shows them (and its kept plan notes them)."""
        return [
            {"field": _field_label(name), "before": _shown(before), "after": _shown(after)}
            for name, (before, after) in self.changes.items()
        ]


def _field_label(name: str) -> str:
    return str(Situation._meta.get_field(name).verbose_name)


_LANDLORD_KINDS = dict(LandlordKind.choices)


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return f"{value:%d/%m/%Y}"
    if name := _LANDLORD_KINDS.get(value):
        return str(name)
    return str(value)


@dataclass
class IntakePreview:
    layout: Layout
    mapping: list[str]
    rows: list[RowDecision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a mapping that cannot be used: nothing is decided
    watermark: list | None = None  # what it was decided against (`imports.watermark`), when it is kept

    def counts(self) -> dict:
        counts = dict.fromkeys(DECISIONS, 0)
        for row in self.rows:
            counts[row.decision] += 1
        return {"rows": len(self.layout.data), **counts}

    def mapping_by_header(self) -> dict:
        return {
            self.layout.headers[index] or f"#{index + 1}": key
            for index, key in enumerate(self.mapping)
            if key != IGNORED
        }

    def errors(self) -> list[dict]:
        return [
            {"row": row.line, "column": column, "message": message}
            for row in self.rows
            for column, message in row.candidate.errors
        ]

    def fingerprint(self) -> str:
        """What confirming would write: if it changed since the preview, the user must look again."""
        plan = [
            (row.line, row.decision, row.existing.pk if row.existing else None, sorted(row.changes))
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps([self.mapping, plan], default=str).encode()).hexdigest()

    def report(self) -> dict:
        """The command line's JSON shape."""
        return {**self.counts(), "mapping": self.mapping_by_header(), "errors": self.errors()}

    def summary(self) -> dict:
        """What the batch keeps of its preview (shown again without re-reading the file)."""
        return {
            **self.counts(),
            "header_line": self.layout.header_line,
            "problems": self.problems,
            "fingerprint": self.fingerprint(),
            "details": [row.as_dict() for row in self.rows],
        }


class _Eligibility:
    def __init__(self, rules: EligibilityRules, social_landlords: list[str]):
        self.rules = rules
        self.social_landlords = [f" {name} " for name in social_landlords if name]

    def refusal(self, candidate: Candidate) -> str:
        """Why the household is not for the team ('' if it is)."""
        values = candidate.values
        if self.rules.private_landlords_only:
            if values["landlord_kind"] == LandlordKind.BAILLEUR_SOCIAL:
                return _("bailleur social : %(name)s") % {
                    "name": values["landlord_name"] or candidate.landlord_kind_text
                }
            landlord = f" {normalize(values['landlord_name'])} "
            if any(name in landlord for name in self.social_landlords):
                return _("bailleur social de la liste de l'équipe : %(name)s") % {"name": values["landlord_name"]}
        stage = candidate.procedure_stage
        if self.rules.assignation_stage_only and stage and "assign" not in stage:
            return _("étape de la procédure : %(stage)s (pas une assignation)") % {"stage": stage}
        if self.rules.exclude_known_to_social_services and candidate.social_services_known:
            return _("ménage déjà suivi par les services sociaux")
        return ""


def decide(
    *,
    team,
    layout: Layout,
    mapping: list[str],
    known: KnownSituations | None = None,
    communes: CommuneNames | None = None,
    received_on=None,
) -> IntakePreview:
    """Every row decided against the team's situations; `received_on`, the day the list was received, keeps it
    from overwriting anything more recent (`recency.py`)."""
    preview = IntakePreview(layout=layout, mapping=mapping, problems=CATALOGUE.mapping_problems(mapping))
    if preview.problems:
        return preview
    communes = communes or CommuneNames.for_departement(team.departement)
    reader = RowReader(layout.headers, mapping, communes, formulas=layout.formulas, merged_rows=layout.merged_rows)
    candidates = [
        (candidate, _key(candidate)) for candidate in (reader.read(line, cells) for line, cells in layout.data)
    ]
    if known is None:
        references = [candidate.values["reference"] for candidate, key in candidates if key]
        known = KnownSituations.named_by(team, references, [key for _candidate, key in candidates if key])
    eligibility = _Eligibility(
        EligibilityRules.for_team(team), list(team.social_landlords.values_list("search_name", flat=True))
    )
    seen_references, seen_households = {}, {}
    for candidate, key in candidates:
        preview.rows.append(_decide_row(candidate, key, known, eligibility, seen_references, seen_households))
    compare(preview, received_on=received_on)
    return preview


def _key(candidate: Candidate) -> tuple | None:
    """Who a valid row is about (None for a row in error)."""
    if not candidate.is_valid:
        return None
    values = candidate.values
    return household_key(
        values["tenant_last_name"], values["tenant_first_name"], values["address"], candidate.commune.pk
    )


def _decide_row(candidate: Candidate, key, known, eligibility, seen_references: dict, seen_households: dict):
    line, values = candidate.line, candidate.values
    if not candidate.is_valid:
        return RowDecision(line, Decision.ERROR, candidate, reason=_("ligne non importée"))
    reference = values["reference"]
    earlier = seen_references.get(reference) if reference else None
    earlier = earlier or seen_households.get((key, values["hearing_date"]))
    if earlier:
        return RowDecision(
            line, Decision.DUPLICATE, candidate, reason=_("même procédure que la ligne %(line)s") % {"line": earlier}
        )
    if reference:
        seen_references[reference] = line
    seen_households[(key, values["hearing_date"])] = line
    existing = known.match(reference, key, values["hearing_date"])
    if existing is not None and not existing.is_anonymised and (differ := differences(existing.key, key)):
        return _identity_conflict(candidate, existing, differ)
    if existing is not None:
        return RowDecision(line, Decision.UPDATE, candidate, existing=existing)  # changes filled in by `compare`
    if refusal := eligibility.refusal(candidate):
        return RowDecision(line, Decision.NOT_ELIGIBLE, candidate, reason=refusal)
    return RowDecision(line, Decision.NEW, candidate)


def _identity_conflict(candidate: Candidate, existing, differ: list[str]) -> RowDecision:
    """Same reference, another household: never merged, shown for the team to sort out."""
    reason = conflict_reason(existing.reference, differ)
    return RowDecision(candidate.line, Decision.CONFLICT, candidate, reason=reason, existing=existing)


def compare(preview: IntakePreview, *, received_on=None) -> None:
    """Turn each match with a known situation into an update (with its changes), a duplicate, or a conflict
    when all it would change is more recent in Prevex."""
    matched = [row for row in preview.rows if row.existing is not None and row.decision == Decision.UPDATE]
    current = Situation.objects.in_bulk([row.existing.pk for row in matched])
    newer = newer_fields([row.existing for row in matched], received_on) if received_on else {}
    for row in matched:
        situation = current[row.existing.pk]
        if situation.anonymised_on:  # read-only: what a list would fill in again would never be erased
            _refuse_anonymised(row, situation)
            continue
        changes = changes_for(situation, row.candidate.values)
        recent = newer.get(situation.pk, {})
        for name in list(changes):
            if since := recent.get(name) or recent.get("*"):
                row.conflicts[name] = (*changes.pop(name), since.describe())
        row.changes = changes
        if row.changes:
            row.reason = _("procédure déjà suivie (%(reference)s)") % {"reference": situation.reference}
        elif row.conflicts:
            row.decision = Decision.CONFLICT
            row.reason = _(
                "procédure déjà suivie (%(reference)s) : Prevex a plus récent que cette liste, rien n'est écrit"
            ) % {"reference": situation.reference}
        else:
            row.decision = Decision.DUPLICATE
            row.reason = _("déjà importée (%(reference)s), rien n'a changé") % {"reference": situation.reference}
    _flag_broken_timelines([row for row in matched if row.decision == Decision.UPDATE], current, received_on)


def _new_dates(situation, changes: dict) -> dict:
    """The situation's dates after the row's changes, as the writer applies them (a hearing replaced joins the
    earlier hearings)."""
    facts = {name: after for name, (_before, after) in changes.items() if name in ("hearing_date", "assignation_date")}
    if "hearing_date" in facts and situation.hearing_date:
        facts["earlier_hearing_dates"] = sorted({*situation.earlier_hearing_dates, situation.hearing_date.isoformat()})
    return facts


def _flag_broken_timelines(rows: list[RowDecision], situations: dict, received_on) -> None:
    """An update whose new dates would break its situation's timeline (an assignation after its events…) is an
    error on its row: the writer would refuse the whole list. One pass for every row."""
    dated = {row.existing.pk: row for row in rows if _new_dates(situations[row.existing.pk], row.changes)}
    note = [{"kind": EventKind.NOTE, "occurred_on": received_on or timezone.localdate()}]
    facts = {pk: _new_dates(situations[pk], row.changes) for pk, row in dated.items()}
    for pk, (_reference, errors) in changes_errors_by_situation(dict.fromkeys(dated, note), facts).items():
        row = dated[pk]
        label = _field_label("hearing_date" if "hearing_date" in row.changes else "assignation_date")
        row.decision, row.reason, row.changes = Decision.ERROR, _("ligne non importée"), {}
        row.candidate.errors += [(label, error.message) for error in errors]


def _refuse_anonymised(row: RowDecision, situation) -> None:
    message = _("la situation %(reference)s est anonymisée : elle ne peut plus être mise à jour") % {
        "reference": situation.reference
    }
    row.decision, row.reason = Decision.ERROR, _("ligne non importée")
    row.candidate.errors.append((_field_label("reference"), message))


def changes_for(situation, values: dict) -> dict:
    changes = {}
    for name in UPDATED_FIELDS:
        after = values.get(name)
        if after not in (None, "") and after != getattr(situation, name):
            changes[name] = (getattr(situation, name), after)
    for name in FILLED_FIELDS:
        after = values.get(name)
        if after and not getattr(situation, name):
            changes[name] = ("", after)
    return changes
