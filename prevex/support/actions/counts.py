"""The bilan's préconisations and actions (`prevex/reports` calls `actions_counts`): counted by kind and by
status as each action stood on the as-of date, read from its dates in one grouped query."""

import datetime as dt

from django.db.models import Case, CharField, Count, F, Value, When

from prevex.support.actions.catalogue import DEFAULT_CODES, SPECS_LABELS
from prevex.support.actions.models import Action, ActionKind, Status

STATUSES = tuple(Status.values)


def _status_on(as_of: dt.date) -> Case:
    return Case(
        When(abandoned_on__lte=as_of, then=Value(Status.ABANDONED.value)),
        When(decided_on__lte=as_of, then=F("status")),
        When(filed_on__lte=as_of, then=Value(Status.FILED.value)),
        default=Value(Status.TO_DO.value),
        output_field=CharField(),
    )


def kind_codes(team) -> list[str]:
    """The codes the bilan lists, in the catalogue's order: the team's kinds (the shipped ones before it has any)."""
    codes = list(ActionKind.objects.filter(team=team).order_by("position", "id").values_list("code", flat=True))
    return codes or list(DEFAULT_CODES)


def actions_counts(*, team, situations, as_of: dt.date) -> dict:
    """{"total", "situations", "by_status": {status: n}, "by_kind": {code: {"total", status: n…}}} of the actions
    proposed on or before `as_of` on `situations` (a queryset of the team's), every key present."""
    actions = Action.objects.filter(situation__in=situations.values("pk"), proposed_on__lte=as_of)
    groups = (
        actions.order_by()
        .annotate(status_then=_status_on(as_of))
        .values("kind__code", "status_then")
        .annotate(count=Count("id"))
    )
    by_kind = {code: dict.fromkeys(("total", *STATUSES), 0) for code in kind_codes(team)}
    for group in groups:
        figures = by_kind.setdefault(group["kind__code"], dict.fromkeys(("total", *STATUSES), 0))
        figures[group["status_then"]] += group["count"]
        figures["total"] += group["count"]
    households = actions.order_by().aggregate(n=Count("situation_id", distinct=True))
    return {
        "total": sum(figures["total"] for figures in by_kind.values()),
        "situations": households["n"],
        "by_status": {status: sum(figures[status] for figures in by_kind.values()) for status in STATUSES},
        "by_kind": by_kind,
    }


def kind_labels(team_slug: str) -> dict[str, str]:
    """The French label of each code of the team's catalogue (the shipped label for a code it lacks)."""
    labels = {code: str(label) for code, label in SPECS_LABELS.items()}
    labels.update(ActionKind.objects.filter(team__slug=team_slug).values_list("code", "label"))
    return labels
