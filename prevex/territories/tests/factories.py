import factory

from prevex.territories.models import Commune


class CommuneFactory(factory.django.DjangoModelFactory):
    """Real Essonne communes by default (Massy), so postal-code checks behave as in production."""

    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = "91377"
    name = "Massy"
    departement = "91"
    arrondissement = "913"
    arrondissement_name = "Palaiseau"
    postal_codes = "91300"

    class Params:
        evry = factory.Trait(
            insee_code="91228",
            name="Évry-Courcouronnes",
            arrondissement="912",
            arrondissement_name="Évry",
            postal_codes="91000 91080",
        )
        athis = factory.Trait(insee_code="91027", name="Athis-Mons", postal_codes="91200")
