import csv
from pathlib import Path

from django.db import transaction

from prevex.core.text import normalize
from prevex.territories.models import Commune

COMMUNES_CSV = Path(__file__).parent / "data" / "communes.csv"


def _read_communes(departement: str):
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if row["departement"] == departement:
                yield row


@transaction.atomic
def communes_load(*, departement: str) -> int:
    """Load (or refresh) the communes of one département from the shipped INSEE list; returns their number."""
    communes = [
        Commune(
            insee_code=row["code_insee"],
            name=row["nom"],
            search_name=normalize(row["nom"]),
            departement=row["departement"],
            arrondissement=row["arrondissement"],
            arrondissement_name=row["arrondissement_nom"],
            epci_siren=row["epci_siren"],
            epci_name=row["epci_nom"],
            postal_codes=row["codes_postaux"],
            population=int(row["population"]) if row["population"] else None,
        )
        for row in _read_communes(departement)
    ]
    Commune.objects.bulk_create(
        communes,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=[
            "name",
            "search_name",
            "departement",
            "arrondissement",
            "arrondissement_name",
            "epci_siren",
            "epci_name",
            "postal_codes",
            "population",
        ],
    )
    return len(communes)
