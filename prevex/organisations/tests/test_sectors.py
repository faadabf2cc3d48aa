import pytest

from prevex.organisations.models import SectorAssignee
from prevex.organisations.tests.factories import SectorFactory
from prevex.territories.tests.factories import CommuneFactory


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_coordinator_creates_a_sector_with_communes_and_default_referents(
    logged_in, team, social_worker, juriste, tout_azimut, adil
):
    massy, evry = CommuneFactory(), CommuneFactory(evry=True)
    data = {
        "name": "Nord",
        "communes": [massy.pk, evry.pk],
        f"assignee_{tout_azimut.pk}": social_worker.pk,
        f"assignee_{adil.pk}": juriste.pk,
    }
    response = logged_in.post("/equipe/secteurs/nouveau/", data)
    assert response.status_code == 302
    sector = team.sectors.get(name="Nord")
    assert set(sector.communes.all()) == {massy, evry}
    assert {(a.organisation, a.user) for a in SectorAssignee.objects.filter(sector=sector)} == {
        (tout_azimut, social_worker),
        (adil, juriste),
    }
    assert "Nord" in logged_in.get("/equipe/secteurs/").content.decode()


def test_a_commune_belongs_to_one_sector_only(logged_in, team):
    massy = CommuneFactory()
    SectorFactory(team=team, name="Ouest").communes.add(massy)
    response = logged_in.post("/equipe/secteurs/nouveau/", {"name": "Doublon", "communes": [massy.pk]})
    assert "Ces communes appartiennent déjà à un autre secteur : Massy." in response.content.decode()
    assert not team.sectors.filter(name="Doublon").exists()


def test_a_referent_must_belong_to_the_organisation(logged_in, team, juriste, tout_azimut):
    response = logged_in.post("/equipe/secteurs/nouveau/", {"name": "Sud", f"assignee_{tout_azimut.pk}": juriste.pk})
    assert response.status_code == 200
    assert not team.sectors.filter(name="Sud").exists()


def test_another_teams_sector_is_not_found(logged_in, other_team_member):
    foreign = SectorFactory(team=other_team_member.membership.team)
    assert logged_in.get(f"/equipe/secteurs/{foreign.pk}/").status_code == 404


def test_social_workers_cannot_configure_sectors(client, social_worker):
    client.force_login(social_worker)
    assert client.get("/equipe/secteurs/").status_code == 403
