from pathlib import Path

import pytest

from prevex.territories.services import communes_load

DATA = Path(__file__).parent / "data"


@pytest.fixture
def essonne_communes(db):
    communes_load(departement="91")


HEADER = (
    "reference;date_reception;nom;prenom;adresse;code_postal;commune;date_premier_courrier;date_visite_1;"
    "resultat_visite_1;date_cloture;motif_cloture;montant_dette;telephone\n"
)


def sheet(*rows: str, header: str = HEADER) -> bytes:
    """A small tracking sheet in CSV (UTF-8, `;`)."""
    return (header + "\n".join(rows) + "\n").encode()


GOOD_ROW = (
    "EM-1;01/03/2024;Dupré;Élise;4 rue Pasteur;91300;Massy;04/03/2024;10/03/2024;absent;;;1 234,56;06 12 34 56 78"
)
