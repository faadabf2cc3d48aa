"""Routing new situations to a commune's sector.

`situation_create` routes one situation; the writer's bulk twins route thousands at once with
`sectors_by_commune`, which gives the same result.
"""

from prevex.organisations.models import Sector


def sector_for_commune(*, team, commune) -> Sector | None:
    return Sector.objects.filter(team=team, communes=commune).order_by("name", "pk").first()


def sectors_by_commune(team) -> dict[str, int]:
    """Commune -> sector id, the first sector by name as `sector_for_commune` picks it."""
    links = Sector.communes.through.objects.filter(sector__team=team).order_by("-sector__name", "-sector_id")
    return dict(links.values_list("commune_id", "sector_id"))
