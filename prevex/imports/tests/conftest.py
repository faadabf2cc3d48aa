import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from prevex.territories.services import communes_load

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2024, 5, 2)  # the day `frozen_today` gives (prevex/core/testing.py)


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

# A row with every column of the format, for the rules that involve several columns.
FULL_ROW = {
    "reference": "EM-9",
    "date_reception": "01/02/2024",
    "nom": "N'Diaye",
    "prenom": "Awa",
    "adresse": "3 allée des Tilleuls",
    "code_postal": "91200",
    "commune": "Athis-Mons",
    "telephone": "06 47 70 19 30",
    "email": "awa@example.org",
    "bailleur": "SCI Les Tilleuls",
    "type_bailleur": "SCI",
    "date_assignation": "20/01/2024",
    "date_audience": "10/04/2024",
    "montant_dette": "2 500,00 €",
    "date_premier_courrier": "05/02/2024",
    "date_visite_1": "12/02/2024",
    "resultat_visite_1": "absent",
    "date_visite_2": "26/02/2024",
    "resultat_visite_2": "absent",
    "date_relance": "11/03/2024",
    "date_contact_locataire": "15/03/2024",
    "date_contact_bailleur": "16/03/2024",
    "date_adhesion": "20/03/2024",
    "dates_visites_communes": "25/03/2024;02/04/2024",
    "presence_audience": "avec_juriste",
    "date_cloture": "25/04/2024",
    "motif_cloture": "accompagnement_termine",
    "preconisations": "saisine_fsl; plan_apurement",
}


def full_sheet(*changes: dict) -> bytes:
    """A sheet with every column (header = FULL_ROW's keys): one row per dict of changes to FULL_ROW."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\n")
    writer.writerow(FULL_ROW)
    writer.writerows([{**FULL_ROW, **change}.values() for change in changes or [{}]])
    return output.getvalue().encode()


def workbook(*rows: list, merge: str = "") -> bytes:
    """An .xlsx of these rows, with one merged area (`"G2:G3"`) if given. Written by openpyxl, its formulas have
    no stored value, as in files written by many tools other than Excel."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if merge:
        book.active.merge_cells(merge)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def good_row_situation(team, **fields):
    """The situation of GOOD_ROW's household (EM-1, Élise Dupré, 4 rue Pasteur, Massy), as the team knows it."""
    from prevex.situations.tests.factories import SituationFactory
    from prevex.territories.models import Commune

    values = {
        "reference": "EM-1",
        "tenant_last_name": "Dupré",
        "tenant_first_name": "Élise",
        "address": "4 rue Pasteur",
        "commune": Commune.objects.get(insee_code="91377"),
    }
    return SituationFactory(team=team, **(values | fields))
