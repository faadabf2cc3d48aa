from django.db import transaction

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import Sector, SectorAssignee, Team
from prevex.organisations.signals import team_created
from prevex.territories.models import Commune
from prevex.territories.services import communes_load


@transaction.atomic
def team_setup(*, slug: str, name: str, departement: str) -> tuple[Team, bool]:
    """Create a team (or update its name), load its département's communes, and give it one sector
    per arrondissement if it has none yet (and, when created, the shipped list of social landlords).
    Safe to run again."""
    team, created = Team.objects.update_or_create(slug=slug, defaults={"name": name, "departement": departement})
    if communes_load(departement=departement) == 0:
        raise ValueError(f"Unknown département: {departement}")
    if not team.sectors.exists():
        _default_sectors(team)
    if created:
        team_created.send(sender=Team, team=team)  # intake loads its shipped social landlords
    return team, created


def _default_sectors(team: Team) -> None:
    communes = Commune.objects.in_departement(team.departement)
    arrondissements = communes.order_by().values_list("arrondissement", "arrondissement_name").distinct()
    for code, arrondissement_name in sorted(arrondissements):
        sector = Sector.objects.create(team=team, name=arrondissement_name or code)
        sector.communes.set(communes.filter(arrondissement=code))


@transaction.atomic
def sector_save(*, form, author) -> Sector:
    creating = form.instance.pk is None
    sector = form.save()
    for organisation, user in form.assignees():
        if user is None:
            SectorAssignee.objects.filter(sector=sector, organisation=organisation).delete()
        else:
            SectorAssignee.objects.update_or_create(sector=sector, organisation=organisation, defaults={"user": user})
    AuditEntry.log(
        actor=author,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=sector,
        details={"name": sector.name, "communes": sector.communes.count()},
    )
    return sector
