"""Routing new situations: a commune's sector, and the sector's default people in charge.

`situation_create` routes one situation; imports route thousands at once with these bulk helpers, which
give the same result.
"""

from collections import defaultdict

from prevex.imports.bulk import insert_rows
from prevex.organisations.models import Sector, SectorAssignee
from prevex.situations.models import Situation, SituationReferent

QUERY_CHUNK = 500  # ids per IN (...): far below SQLite's limit on query parameters


def chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sector_for_commune(*, team, commune) -> Sector | None:
    return Sector.objects.filter(team=team, communes=commune).order_by("name", "pk").first()


def sectors_by_commune(team) -> dict[str, int]:
    """Commune -> sector id, the first sector by name as `sector_for_commune` picks it."""
    links = Sector.communes.through.objects.filter(sector__team=team).order_by("-sector__name", "-sector_id")
    return dict(links.values_list("commune_id", "sector_id"))


def create_default_referents(team, pks) -> int:
    """Each new situation gets its sector's default people in charge, one per organisation."""
    situations = []
    for chunk in chunks(list(pks)):
        situations += Situation.objects.filter(pk__in=chunk, sector__isnull=False).values_list("pk", "sector_id")
    assignees = defaultdict(list)
    for sector_id, organisation_id, user_id in SectorAssignee.objects.filter(sector__team=team).values_list(
        "sector_id", "organisation_id", "user_id"
    ):
        assignees[sector_id].append({"organisation_id": organisation_id, "user_id": user_id})
    rows = [{"situation_id": pk, **assignee} for pk, sector_id in situations for assignee in assignees[sector_id]]
    return insert_rows(SituationReferent, rows)
