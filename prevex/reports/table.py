"""The bilan laid out as the seed's table: French labels, shares and percentages of a `compute_bilan` dict.

Nothing here counts situations: every number comes from the dict; this module only names the figures,
says what each share is a part of, and rounds percentages. The page, the Excel file and the tests read
the same rows.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from prevex.reports.bilan import UNRECORDED
from prevex.situations.enums import STAGES_IN_ORDER, Channel, ClosureReason, Outcome
from prevex.support.actions.counts import kind_labels
from prevex.support.actions.models import Status


def percent_of(fraction: float | Decimal | None) -> int | None:
    """0.26370 -> 26, rounded half up (not truncated, not banker's rounding)."""
    if fraction is None:
        return None
    return int((Decimal(str(fraction)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def french_percent(fraction: float | Decimal | None) -> str:
    """0.2637 -> '26 %' (no-break space before the sign, as French typography wants)."""
    value = percent_of(fraction)
    return "" if value is None else f"{value}\u00a0%"


def _share(count: int | None, base: int | None) -> float | None:
    if count is None or base is None:
        return None
    return count / base if base else None


def masked_label() -> str:
    """What a funder reads in place of a masked figure (statistical secrecy, `secrecy.py`)."""
    return _("masqué")


@dataclass(frozen=True)
class Row:
    key: str  # where the figure is in the bilan dict, e.g. "closed.by_reason.dette_soldee"
    label: str
    count: int | None  # None: masked for funders (statistical secrecy)
    share: float | None = None  # of the group's base (the situations, the open or closed ones…), when it makes sense
    detail: bool = False  # an "of which" line under the one before
    share_masked: bool = False  # the share would give back a masked count or base
    not_applicable: bool = False  # no figure to give (a median of nothing), not a masked one

    @property
    def masked(self) -> bool:
        return self.count is None and not self.not_applicable

    @property
    def count_display(self) -> str:
        if self.not_applicable:
            return "–"
        return masked_label() if self.count is None else str(self.count)

    @property
    def percent(self) -> int | None:
        return percent_of(self.share)

    @property
    def percent_display(self) -> str:
        return masked_label() if self.share_masked else french_percent(self.share)

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
    chart: bool = True  # drawn as a bar chart too (not a two-level table)


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
        return [breakdown for section in self.sections for breakdown in section.breakdowns if breakdown.chart]

    def rows(self) -> list[Row]:
        """Every row, in reading order."""
        return [
            row
            for section in self.sections
            for row in [*section.rows, *(row for breakdown in section.breakdowns for row in breakdown.rows)]
        ]


def _part(key: str, label: str, count: int | None, base: int | None, *, detail: bool = True) -> Row:
    """A count with its share of `base`; the share is masked with either (it would give the other back)."""
    return Row(key, label, count, _share(count, base), detail, share_masked=count is None or base is None)


def _breakdown(key: str, title: str, base_label: str, counts: dict, labels: dict, base: int | None) -> Breakdown:
    rows = [_part(f"{key}.{code}", str(labels[code]), count, base) for code, count in counts.items()]
    return Breakdown(key, title, base_label, rows)


def _received_section(bilan: dict) -> Section:
    total = bilan["situations"]
    accompanied = bilan["accompanied"]
    return Section(
        _("Vue d'ensemble"),
        [
            Row("situations", _("Situations reçues"), total),
            _part("accompanied", _("dont ménages accompagnés"), accompanied, total),
            Row(
                "social_services_known",
                _("Ménages déjà suivis par les services sociaux (en plus des situations reçues)"),
                bilan["social_services_known"],
            ),
        ],
    )


def _group_rows(bilan: dict, group: str, total_label: str) -> list[Row]:
    figures = bilan[group]
    total = figures["total"]
    return [
        _part(f"{group}.total", total_label, total, bilan["situations"], detail=False),
        _part(f"{group}.accompanied", _("dont ménages accompagnés"), figures["accompanied"], total),
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
        [
            Row(
                "landlord_contact.count",
                _("Bailleurs ayant pris contact"),
                landlords["count"],
                landlords["rate"],
                share_masked=landlords["rate"] is None,
            )
        ],
    )


def _hearing_section(bilan: dict) -> Section:
    present = bilan["hearings"]["tenant_present"]
    with_juriste = bilan["hearings"]["with_legal_advisor"]
    return Section(
        _("Audiences"),
        [
            Row("hearings.tenant_present", _("Locataires présents à l'audience"), present),
            _part("hearings.with_legal_advisor", _("dont avec la juriste"), with_juriste, present),
        ],
    )


def first_contact_labels() -> dict:
    labels = dict(Channel.choices)
    labels[Channel.IN_PERSON.value] = _("Visite à domicile ou en personne")
    labels[UNRECORDED] = _("Canal non renseigné")
    return labels


def _first_contact_section(bilan: dict) -> Section:
    first = bilan["first_contact"]
    channels = _breakdown(
        "first_contact.by_channel",
        _("Premier contact par canal"),
        _("des ménages ayant pris contact"),
        first["by_channel"],
        first_contact_labels(),
        first["total"],
    )
    return Section(
        _("Premier contact"),
        [
            _part(
                "first_contact.total",
                _("Ménages ayant pris contact"),
                first["total"],
                bilan["situations"],
                detail=False,
            ),
            Row(
                "first_contact.median_days",
                _("Délai médian de la réception au premier contact (jours)"),
                first["median_days"],
                not_applicable=first["total"] == 0,
            ),
        ],
        [channels],
    )


def _kind_rows(actions: dict, labels: dict, status_labels: dict) -> list[Row]:
    """Each kind of the catalogue with its number of préconisations, then its statuses (every figure a row)."""
    rows = []
    for code, figures in actions["by_kind"].items():
        key = f"actions.by_kind.{code}"
        rows.append(_part(f"{key}.total", labels.get(code, code), figures["total"], actions["total"], detail=False))
        rows.extend(
            _part(f"{key}.{status}", str(status_labels[status]), figures[status], figures["total"])
            for status in status_labels
        )
    return rows


def _actions_section(bilan: dict) -> Section:
    actions = bilan["actions"]
    status_labels = dict(Status.choices)
    statuses = _breakdown(
        "actions.by_status",
        _("Préconisations par statut (à la date d'arrêté)"),
        _("des préconisations"),
        actions["by_status"],
        status_labels,
        actions["total"],
    )
    kinds = Breakdown(
        "actions.by_kind",
        _("Préconisations par type et statut"),
        _("des préconisations (statuts : du type)"),
        _kind_rows(actions, kind_labels(bilan["scope"]["team"]), status_labels),
        chart=False,
    )
    return Section(
        _("Préconisations et actions"),
        [
            Row("actions.total", _("Préconisations proposées"), actions["total"]),
            _part(
                "actions.situations",
                _("Ménages ayant reçu au moins une préconisation"),
                actions["situations"],
                bilan["situations"],
                detail=False,
            ),
        ],
        [statuses, kinds],
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
            _first_contact_section(bilan),
            *([_actions_section(bilan)] if "actions" in bilan else []),
        ]
    )
