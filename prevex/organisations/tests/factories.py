import factory

from prevex.accounts.models import User
from prevex.organisations.enums import OrganisationKind, Role
from prevex.organisations.models import Membership, Organisation, Sector, Team

TEST_PASSWORD = "Mot-de-passe-de-test-91"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"equipe-{n}")
    name = factory.LazyAttribute(lambda team: f"Équipe {team.slug}")
    departement = "91"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["team", "name"]

    team = factory.SubFactory(TeamFactory)
    name = "ADIL"
    kind = OrganisationKind.LEGAL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    organisation = factory.SubFactory(OrganisationFactory, team=factory.SelfAttribute("..team"))
    role = Role.SOCIAL_WORKER

    class Params:
        funder = factory.Trait(role=Role.FUNDER, organisation=None)


def member(team, role: str, organisation=None, **user_fields) -> User:
    """A user of `team` with `role`, in `organisation` (funders in none)."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, team=team, organisation=organisation, role=role)
    return user


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Secteur {n}")
