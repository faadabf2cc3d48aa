"""A list never merges two households on a reference alone, and never rolls back what is more recent than it."""

import datetime as dt

from django.urls import reverse

from prevex.intake.prefecture import services
from prevex.intake.tests.conftest import csv_list
from prevex.intake.tests.test_services import APRIL, APRIL_RECEIVED, MARCH_RECEIVED, import_list, upload
from prevex.situations import services as writer
from prevex.situations.enums import EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.models import Commune

POSTPONED = "EXP-91-2024-00008"  # its hearing moves 28/04 → 14/06 in the April list


def test_a_reference_of_another_household_is_a_conflict_and_nothing_is_written(essonne, coordinator):
    massy = Commune.objects.get(name="Massy")
    known = SituationFactory(
        team=essonne, reference="P-1", tenant_last_name="Durand", tenant_first_name="Paul", address="9 rue Haute"
    )
    known.commune, known.postal_code = massy, "91300"
    known.save()
    row = "P-1;MARTIN;Léa;1 rue Pasteur;91300;Massy;01/03/24;20/05/24;1200"
    batch = upload(essonne, coordinator, data=csv_list(row), received_on=MARCH_RECEIVED)
    [line] = batch.summary["details"]
    assert line["decision"] == "conflict" and line["existing"] == str(known.public_id)
    assert "P-1" in line["reason"] and "le nom et l'adresse diffèrent" in line["reason"]
    assert services.batch_commit(batch=batch, user=coordinator)["updated"] == 0
    known.refresh_from_db()
    assert (known.tenant_last_name, known.hearing_date) == ("Durand", known.hearing_date)
    assert Situation.objects.count() == 1


def test_the_same_reference_with_a_typo_in_the_address_is_the_same_household(essonne, coordinator):
    SituationFactory(
        team=essonne,
        reference="P-1",
        tenant_last_name="Martin",
        tenant_first_name="Léa",
        address="1 rue Pasteur",
        commune=Commune.objects.get(name="Massy"),
        postal_code="91300",
        hearing_date=dt.date(2024, 5, 20),
    )
    row = "P-1;MARTIN;Léa;1 r. Pastuer;91300;Massy;01/03/24;27/05/24;1200"
    batch = upload(essonne, coordinator, data=csv_list(row), received_on=MARCH_RECEIVED)
    assert batch.summary["details"][0]["decision"] == "update"


def test_an_older_list_does_not_move_a_hearing_back(essonne, coordinator):
    import_list(essonne, coordinator)
    import_list(essonne, coordinator, APRIL, APRIL_RECEIVED)
    situation = Situation.objects.get(reference=POSTPONED)
    assert situation.hearing_date == dt.date(2024, 6, 14)

    again = upload(essonne, coordinator, APRIL, MARCH_RECEIVED)  # the same rows, said received in March
    [row] = [row for row in again.summary["details"] if row["reference"] == POSTPONED]
    assert row["decision"] == "duplicate"  # nothing differs: nothing to say
    march = upload(essonne, coordinator, received_on=dt.date(2024, 3, 20))  # the March list, uploaded again
    rows = [row for row in march.summary["details"] if row["reference"] == POSTPONED]
    assert [row["decision"] for row in rows] == ["conflict"]
    assert rows[0]["conflicts"] == [
        {"field": "date d'audience", "before": "14/06/2024", "after": "28/04/2024", "since": "liste du 19/04/2024"}
    ]
    assert rows[0]["changes"] == []
    services.batch_commit(batch=march, user=coordinator)
    situation.refresh_from_db()
    assert situation.hearing_date == dt.date(2024, 6, 14)


def test_a_list_does_not_overwrite_what_a_person_typed_after_it_was_received(essonne, coordinator, client):
    import_list(essonne, coordinator)
    situation = Situation.objects.get(reference=POSTPONED)
    before, situation.hearing_date = situation.hearing_date, dt.date(2024, 7, 1)
    writer.situation_update(
        situation=situation, author=coordinator, changed={"hearing_date": before}, version=situation.version
    )
    batch = upload(essonne, coordinator, APRIL, APRIL_RECEIVED)
    [row] = [row for row in batch.summary["details"] if row["reference"] == POSTPONED]
    assert row["decision"] == "conflict" and row["conflicts"][0]["after"] == "14/06/2024"
    assert row["conflicts"][0]["since"].startswith("saisie du ")
    client.force_login(coordinator)
    page = client.get(reverse("intake:preview", args=[batch.public_id]) + "?decision=conflict")
    assert "Non appliqué (Prevex a plus récent)" in page.text and "01/07/2024" in page.text


def test_a_new_assignation_date_after_the_situations_events_is_an_error_on_its_row(essonne, coordinator):
    """The writer would refuse the whole list: the preview says which row, and the others are imported."""
    first = "P-1;MARTIN;Léa;1 rue Pasteur;91300;Massy;01/03/24;20/05/24;1200"
    batch = upload(essonne, coordinator, data=csv_list(first), received_on=MARCH_RECEIVED)
    services.batch_commit(batch=batch, user=coordinator)
    situation = Situation.objects.get()
    contact = Event(situation=situation, kind=EventKind.TENANT_CONTACT, occurred_on=dt.date(2024, 3, 25))
    writer.event_record(event=contact, author=coordinator)
    later = first.replace("01/03/24", "10/04/24")
    other = "P-2;DURAND;Paul;3 rue Haute;91300;Massy;01/03/24;21/05/24;800"
    batch = upload(essonne, coordinator, data=csv_list(later, other), received_on=APRIL_RECEIVED)
    broken, new = batch.summary["details"]
    assert (broken["decision"], new["decision"]) == ("error", "new")
    assert broken["errors"][0]["column"] == "date de l'assignation" and "25/03/2024" in broken["errors"][0]["message"]
    assert services.batch_commit(batch=batch, user=coordinator)["created"] == 1
    situation.refresh_from_db()
    assert situation.assignation_date == dt.date(2024, 3, 1)


def test_an_answer_of_the_social_services_with_another_householders_name_is_not_recorded(essonne, coordinator):
    from prevex.intake.mds import services as answers
    from prevex.situations.enums import SocialServicesCheck

    known = SituationFactory(team=essonne, reference="P-1", tenant_last_name="Durand", tenant_first_name="Paul")
    data = "N° procédure;Nom;Prénom;Connu MDS\nP-1;MARTIN;Léa;OUI\nP-1;DURAND;Paul;NON\n".encode()
    batch = answers.answer_upload(team=essonne, data=data, filename="r.csv", user=coordinator)
    wrong, right = batch.summary["details"]
    assert wrong["errors"][0]["column"] == "Nom" and "autre ménage" in wrong["errors"][0]["message"]
    assert (right["errors"], right["known"]) == ([], False)
    assert answers.answer_commit(batch=batch, user=coordinator) == {"known": 0, "not_known": 1}
    known.refresh_from_db()
    assert known.social_services == SocialServicesCheck.NOT_KNOWN


def test_an_answer_confirmed_after_its_situation_was_removed_records_the_others(essonne, coordinator):
    from prevex.intake.mds import services as answers

    first = "P-1;MARTIN;Léa;1 rue Pasteur;91300;Massy;01/03/24;20/05/24;1200"
    listed = upload(essonne, coordinator, data=csv_list(first), received_on=MARCH_RECEIVED)
    services.batch_commit(batch=listed, user=coordinator)
    SituationFactory(team=essonne, reference="P-2", tenant_last_name="Durand")
    data = "N° procédure;Connu MDS\nP-1;OUI\nP-2;NON\n".encode()
    batch = answers.answer_upload(team=essonne, data=data, filename="r.csv", user=coordinator)
    listed.refresh_from_db()
    services.batch_undo(batch=listed, user=coordinator)  # P-1 removed meanwhile
    assert answers.answer_commit(batch=batch, user=coordinator) == {"known": 0, "not_known": 1}


def test_a_situation_typed_in_after_the_list_was_received_is_not_overwritten(essonne, coordinator):
    from prevex.situations.services import situation_create

    situation = situation_create(
        situation=Situation(
            team=essonne,
            reference="P-1",
            tenant_last_name="Martin",
            tenant_first_name="Léa",
            address="1 rue Pasteur",
            commune=Commune.objects.get(name="Massy"),
            postal_code="91300",
            received_on=dt.date(2024, 3, 1),
            hearing_date=dt.date(2024, 6, 3),
        ),
        author=coordinator,
    )
    row = "P-1;MARTIN;Léa;1 rue Pasteur;91300;Massy;01/03/24;20/05/24;1200"
    batch = upload(essonne, coordinator, data=csv_list(row), received_on=MARCH_RECEIVED)
    [line] = batch.summary["details"]
    assert line["decision"] == "conflict" and line["conflicts"][0]["since"].startswith("saisie du ")
    situation.refresh_from_db()
    assert situation.hearing_date == dt.date(2024, 6, 3)
