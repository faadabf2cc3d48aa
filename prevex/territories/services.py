import csv
from pathlib import Path

from django.db import transaction

from prevex.core.text import normalize
from prevex.territories.models import Commune, FormerCommuneName

COMMUNES_CSV = Path(__file__).parent / "data" / "communes.csv"
FORMER_COMMUNES_CSV = Path(__file__).parent / "data" / "communes-anciennes.csv"


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
    former_names_load(departement=departement)
    return len(communes)


def read_former_names(departement: str, path: Path = FORMER_COMMUNES_CSV):
    """(name, former INSEE code, current INSEE code) of the former communes of a département with a name of
    their own (the merged codes listed without a name are of no use to read an address)."""
    with path.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if (
                row["departement"] == departement
                and row["nom"]
                and normalize(row["nom"]) != normalize(row["nom_actuel"])
            ):
                yield row["nom"], row["code_insee"], row["code_insee_actuel"]


def former_names_load(*, departement: str, model=FormerCommuneName, communes=None) -> int:
    """Replace the former names of a département's communes with the shipped INSEE list's; returns their number.
    (`model` and `communes`: the historical ones, from a migration.)"""
    communes = communes if communes is not None else Commune.objects
    known = set(communes.filter(departement=departement).values_list("insee_code", flat=True))
    model.objects.filter(commune__departement=departement).delete()
    names, seen = [], set()
    for name, former_code, current_code in read_former_names(departement):
        key = (current_code, normalize(name))
        if current_code in known and key not in seen:
            seen.add(key)
            names.append(model(commune_id=current_code, name=name, search_name=key[1], insee_code=former_code))
    model.objects.bulk_create(names)
    return len(names)
