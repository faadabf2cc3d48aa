"""The bilan laid out as the seed's table: French labels, shares and percentages of a `compute_bilan` dict.

Nothing here counts situations: every number comes from the dict; this module only names the figures,
says what each share is a part of, and rounds percentages. The page, the Excel file and the tests read
the same rows.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from prevex.situations.enums import STAGES_IN_ORDER, ClosureReason, Outcome


def percent_of(fraction: float | Decimal | None) -> int | None:
    """0.26370 -> 26, rounded half up (not truncated, not banker's rounding)."""
    if fraction is None:
        return None
    return int((Decimal(str(fraction)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def french_percent(fraction: float | Decimal | None) -> str:
    """0.2637 -> '26 %' (no-break space before the sign, as French typography wants)."""
    value = percent_of(fraction)
    return "" if value is None else f"{value}\u00a0%"


def _share(count: int, base: int) -> float | None:
    return count / base if base else None


@dataclass(frozen=True)
class Row:
    key: str  # where the figure is in the bilan dict, e.g. "closed.by_reason.dette_soldee"
    label: str
    count: int
    share: float | None = None  # of the group's base (the situations, the open or closed ones…), when it makes sense
    detail: bool = False  # an "of which" line under the one before

    @property
    def percent(self) -> int | None:
        return percent_of(self.share)

    @property
    def percent_display(self) -> str:
        return french_percent(self.share)

    @property
    def bar_width(self) -> int:
        """The bar's length in % of the chart's width (0 to 100)."""
        return min(max(self.percent or 0, 0), 100)


@dataclass(frozen=True)
class Breakdown:
    """A figure split by code (stage, outcome, reason): a sub-table and a bar chart."""

    key: str
    title: str
    base_label: str  # what the percentages are a share of
    rows: list[Row]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]
    breakdowns: list[Breakdown] = field(default_factory=list)


@dataclass(frozen=True)
class BilanTable:
    sections: list[Section]

    @property
    def charts(self) -> list[Breakdown]:
        return [breakdown for section in self.sections for breakdown in section.breakdowns]

    def rows(self) -> list[Row]:
        """Every row, in reading order."""
        return [
            row
            for section in self.sections
            for row in [*section.rows, *(row for breakdown in section.breakdowns for row in breakdown.rows)]
        ]


def _breakdown(key: str, title: str, base_label: str, counts: dict, labels: dict, base: int) -> Breakdown:
    rows = [
        Row(f"{key}.{code}", str(labels[code]), count, _share(count, base), detail=True)
        for code, count in counts.items()
    ]
    return Breakdown(key, title, base_label, rows)


def _received_section(bilan: dict) -> Section:
    total = bilan["situations"]
    accompanied = bilan["accompanied"]
    return Section(
        _("Vue d'ensemble"),
        [
            Row("situations", _("Situations reçues"), total),
            Row("accompanied", _("dont ménages accompagnés"), accompanied, _share(accompanied, total), detail=True),
        ],
    )


def _group_rows(bilan: dict, group: str, total_label: str) -> list[Row]:
    figures = bilan[group]
    total = figures["total"]
    return [
        Row(f"{group}.total", total_label, total, _share(total, bilan["situations"])),
        Row(
            f"{group}.accompanied",
            _("dont ménages accompagnés"),
            figures["accompanied"],
            _share(figures["accompanied"], total),
            detail=True,
        ),
        Row(f"{group}.joint_visits", _("Visites à domicile communes aux deux partenaires"), figures["joint_visits"]),
    ]


def _open_section(bilan: dict) -> Section:
    stages = _breakdown(
        "open.by_stage",
        _("Dossiers en cours par étape"),
        _("des dossiers en cours"),
        bilan["open"]["by_stage"],
        {stage.value: stage.label for stage in STAGES_IN_ORDER},
        bilan["open"]["total"],
    )
    return Section(_("Dossiers en cours"), _group_rows(bilan, "open", _("Nombre de dossiers en cours")), [stages])


def _closed_section(bilan: dict) -> Section:
    closed = bilan["closed"]
    outcomes = _breakdown(
        "closed.by_outcome",
        _("Dossiers clôturés par issue"),
        _("des dossiers clôturés"),
        closed["by_outcome"],
        dict(Outcome.choices),
        closed["total"],
    )
    reasons = _breakdown(
        "closed.by_reason",
        _("Dossiers clôturés par motif"),
        _("des dossiers clôturés"),
        closed["by_reason"],
        dict(ClosureReason.choices),
        closed["total"],
    )
    return Section(
        _("Dossiers clôturés"), _group_rows(bilan, "closed", _("Nombre de dossiers clôturés")), [outcomes, reasons]
    )


def _landlord_section(bilan: dict) -> Section:
    landlords = bilan["landlord_contact"]
    return Section(
        _("Bailleurs"),
        [Row("landlord_contact.count", _("Bailleurs ayant pris contact"), landlords["count"], landlords["rate"])],
    )


def _hearing_section(bilan: dict) -> Section:
    present = bilan["hearings"]["tenant_present"]
    with_juriste = bilan["hearings"]["with_legal_advisor"]
    return Section(
        _("Audiences"),
        [
            Row("hearings.tenant_present", _("Locataires présents à l'audience"), present),
            Row(
                "hearings.with_legal_advisor",
                _("dont avec la juriste"),
                with_juriste,
                _share(with_juriste, present),
                detail=True,
            ),
        ],
    )


def bilan_table(bilan: dict) -> BilanTable:
    """The seed's table, section by section, for one `compute_bilan` result."""
    return BilanTable(
        [
            _received_section(bilan),
            _open_section(bilan),
            _closed_section(bilan),
            _landlord_section(bilan),
            _hearing_section(bilan),
        ]
    )
