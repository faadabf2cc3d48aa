import datetime as dt

import factory

from prevex.organisations.tests.factories import TeamFactory
from prevex.situations.enums import EventKind, LandlordKind
from prevex.situations.models import Event, Situation
from prevex.territories.tests.factories import CommuneFactory


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    team = factory.SubFactory(TeamFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    received_on = dt.date(2024, 3, 1)
    tenant_last_name = "Dupont"
    tenant_first_name = "Hélène"
    address = "12 rue des Lilas"
    commune = factory.SubFactory(CommuneFactory)
    postal_code = factory.LazyAttribute(lambda situation: situation.commune.postal_code_list[0])
    landlord_name = "M. Bernard"
    landlord_kind = LandlordKind.PERSONNE_PHYSIQUE
    assignation_date = dt.date(2024, 2, 15)
    hearing_date = dt.date(2024, 5, 14)
    debt_amount = "3250.40"


class EventFactory(factory.django.DjangoModelFactory):
    """An event, with the situation's cached state refreshed as the services do."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    situation = factory.SubFactory(SituationFactory)
    kind = EventKind.NOTE
    occurred_on = dt.date(2024, 3, 5)
    note = ""

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            obj.situation.refresh_state()
