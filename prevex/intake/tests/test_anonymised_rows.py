"""A list or an answer file naming an anonymised situation never fills it again: its row is an error."""

import datetime as dt

from prevex.intake.mds import services as social_services
from prevex.intake.prefecture import services
from prevex.intake.tests.conftest import csv_list
from prevex.situations.enums import SocialServicesCheck
from prevex.situations.models import Situation
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.models import Commune

HEADER = "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;DETTE;TEL"
ROW = "EXP-91-2024-00777;DUPONT;Marie;25 avenue de la Gare;91100;Corbeil-Essonnes;01/03/24;20/06/24;1 500;0612345678"
MESSAGE = "la situation EXP-91-2024-00777 est anonymisée : elle ne peut plus être mise à jour"


def anonymised_situation(team) -> Situation:
    return SituationFactory(
        team=team,
        reference="EXP-91-2024-00777",
        tenant_last_name="ANONYMISÉ",
        tenant_first_name="",
        phone="",
        address="",
        hearing_date=dt.date(2024, 5, 20),
        anonymised_on=dt.date(2024, 4, 1),
        commune=Commune.objects.get(name="Corbeil-Essonnes"),
    )


def test_a_list_row_of_an_anonymised_situation_is_an_error_and_fills_nothing(essonne, coordinator):
    situation = anonymised_situation(essonne)
    batch = services.batch_upload(
        team=essonne,
        data=csv_list(ROW, header=HEADER),
        filename="liste.csv",
        user=coordinator,
        received_on=dt.date(2024, 4, 19),
    )
    [row] = batch.summary["details"]
    assert (row["decision"], row["changes"]) == ("error", [])
    assert row["errors"] == [{"column": "référence", "message": MESSAGE}]
    written = services.batch_commit(batch=batch, user=coordinator)
    assert (written["created"], written["updated"]) == (0, 0)
    situation.refresh_from_db()
    assert (situation.phone, situation.hearing_date, situation.version) == ("", dt.date(2024, 5, 20), 1)
    assert not situation.events.exists()


def test_an_answer_of_the_social_services_about_an_anonymised_situation_is_an_error(essonne, coordinator):
    situation = anonymised_situation(essonne)
    data = "N° procédure;Nom;Connu MDS;MDS de suivi\nEXP-91-2024-00777;DUPONT;OUI;MDS de Corbeil\n".encode()
    batch = social_services.answer_upload(team=essonne, data=data, filename="r.csv", user=coordinator)
    [answer] = batch.summary["details"]
    assert answer["errors"] == [{"column": "N° procédure", "message": MESSAGE}]
    assert social_services.answer_commit(batch=batch, user=coordinator) == {"known": 0, "not_known": 0}
    situation.refresh_from_db()
    assert situation.social_services == SocialServicesCheck.UNCHECKED
    assert not situation.events.exists()
