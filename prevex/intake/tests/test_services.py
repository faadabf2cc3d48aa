"""The préfecture-list use cases on the two sample files, their traps and a second list a month later."""

import datetime as dt

import pytest

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports import services as import_services
from prevex.imports.models import ImportStatus
from prevex.imports.pipeline import Decision, PreviewOutdated
from prevex.imports.reading import ImportFileError
from prevex.intake.models import EligibilityRules, SocialLandlord
from prevex.intake.prefecture import services
from prevex.intake.prefecture.decisions import DECISIONS
from prevex.intake.tests.conftest import APRIL, MARCH, csv_list
from prevex.organisations.models import SectorAssignee
from prevex.organisations.services import team_setup
from prevex.situations.enums import EventKind, SocialServicesCheck
from prevex.situations.models import Event, Situation

MARCH_RECEIVED = dt.date(2024, 3, 18)
APRIL_RECEIVED = dt.date(2024, 4, 19)


def upload(team, user, path=MARCH, received_on=MARCH_RECEIVED, data=None):
    filename = "liste.csv" if data else path.name
    return services.batch_upload(
        team=team, data=data or path.read_bytes(), filename=filename, user=user, received_on=received_on
    )


def import_list(team, user, path=MARCH, received_on=MARCH_RECEIVED):
    batch = upload(team, user, path, received_on)
    services.batch_commit(batch=batch, user=user)
    batch.refresh_from_db()
    return batch


def by_line(batch) -> dict:
    return {row["line"]: row for row in batch.summary["details"]}


def test_the_march_list_is_read_below_its_title_block_with_each_row_decided(essonne, coordinator):
    batch = upload(essonne, coordinator)
    summary = batch.summary
    assert summary["header_line"] == 5
    assert {k: summary[k] for k in ("rows", *DECISIONS)} == {
        "rows": 120,
        "new": 103,
        "update": 0,
        "duplicate": 1,
        "conflict": 0,
        "not_eligible": 13,
        "error": 3,
    }
    rows = by_line(batch)
    assert rows[16]["errors"] == [{"column": "Date d'audience", "message": "la date d'audience est obligatoire"}]
    assert rows[26]["errors"][0]["column"] == "Code postal" and "75011" in rows[26]["errors"][0]["message"]
    assert "ne peut pas précéder l'assignation" in rows[46]["errors"][0]["message"]
    assert rows[35]["decision"] == "not_eligible" and "Grand Paris Habitat" in rows[35]["reason"]
    assert rows[36]["decision"] == "duplicate" and "ligne 35" in rows[36]["reason"]
    assert Situation.objects.count() == 0  # a preview writes nothing


def test_confirming_writes_the_new_situations_routed_and_linked_to_their_batch_and_row(
    essonne, coordinator, juriste, adil
):
    team_setup(slug=essonne.slug, name=essonne.name, departement="91")
    sector = essonne.sectors.get(communes__name="Arpajon")
    SectorAssignee.objects.create(sector=sector, organisation=adil, user=juriste)
    batch = import_list(essonne, coordinator)
    assert batch.status == ImportStatus.COMMITTED and batch.summary["written"]["created"] == 103
    situation = Situation.objects.get(reference="EXP-91-2024-00082")  # Arpajon, line 87 of the file
    assert situation.import_batch == batch and situation.import_row == 87
    assert situation.received_on == MARCH_RECEIVED and situation.hearing_date == dt.date(2024, 6, 18)
    assert str(situation.debt_amount) == "11823.11" and situation.commune.name == "Arpajon"
    assert situation.sector == sector
    assert list(situation.referents.values_list("user", flat=True)) == [juriste.pk]
    assert situation.stage == "to_contact" and situation.social_services == SocialServicesCheck.UNCHECKED
    assert batch.file.read().startswith(b"PK")  # the original file is kept with the batch
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, target_id=str(batch.public_id)).exists()
    creation = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(situation.public_id))
    assert (creation.actor, creation.organisation, creation.details["row"]) == (coordinator, adil, 87)


def test_the_same_file_again_changes_nothing(essonne, coordinator):
    import_list(essonne, coordinator)
    before = list(Situation.objects.order_by("pk").values())
    again = upload(essonne, coordinator)
    assert again.summary["new"] == 0 and again.summary["update"] == 0
    assert again.summary["duplicate"] == 104 and again.summary["already_committed"]
    services.batch_commit(batch=again, user=coordinator)
    assert list(Situation.objects.order_by("pk").values()) == before


def test_april_shows_postponed_hearings_as_updates_and_finds_a_household_whose_names_are_swapped(essonne, coordinator):
    import_list(essonne, coordinator)
    batch = upload(essonne, coordinator, APRIL, APRIL_RECEIVED)
    summary = batch.summary
    assert {k: summary[k] for k in ("rows", *DECISIONS)} == {
        "rows": 95,
        "new": 77,
        "update": 3,
        "duplicate": 2,
        "conflict": 0,
        "not_eligible": 11,
        "error": 2,
    }
    rows = by_line(batch)
    assert rows[64]["decision"] == "duplicate" and "EXP-91-2024-00013" in rows[64]["reason"]  # « JOËL Richard »
    assert rows[66]["changes"] == [{"field": "date d'audience", "before": "28/04/2024", "after": "14/06/2024"}]
    assert rows[31]["errors"] == [{"column": "DATE AUD.", "message": "« 31/02/2024 » est une date qui n'existe pas."}]
    assert rows[45]["errors"][0]["column"] == "DETTE"

    services.batch_commit(batch=batch, user=coordinator)
    postponed = Situation.objects.get(reference="EXP-91-2024-00008")
    assert postponed.hearing_date == dt.date(2024, 6, 14) and postponed.version == 2
    note = postponed.events.get(kind=EventKind.NOTE)
    assert note.occurred_on == APRIL_RECEIVED and "28/04/2024 → 14/06/2024" in note.note
    assert Situation.objects.count() == 103 + 77


def test_a_list_without_references_is_deduplicated_by_name_address_and_hearing(essonne, coordinator):
    first = csv_list(
        ";DUPONT;Marie-Hélène;25 bis avenue de la Gare, bât. A;91100;Corbeil-Essonnes;01/03/24;20/05/24;1 234,56 €"
    )
    batch = upload(essonne, coordinator, data=first)
    services.batch_commit(batch=batch, user=coordinator)
    assert Situation.objects.get().reference == "ESSONNE-00001"
    same = csv_list(
        ";Marie Helene;DUPONT;25B av. de la gare;91100;CORBEIL ESSONNES;01/03/24;20/05/24;1234,56",
        ";DUPONT;Marie;25 ter avenue de la Gare;91100;Corbeil-Essonnes;01/03/24;20/05/24;",
    )
    again = upload(essonne, coordinator, data=same)
    assert [row["decision"] for row in again.summary["details"]] == ["duplicate", "new"]


def test_social_landlords_of_the_team_list_and_other_stages_are_not_eligible(essonne, coordinator):
    SocialLandlord.objects.create(team=essonne, name="Nexity Lamy")  # not a social landlord: a team's choice
    batch = upload(essonne, coordinator)
    assert batch.summary["not_eligible"] == 13 + 15  # the 15 eligible rows of « Nexity Lamy »
    EligibilityRules.objects.create(team=essonne, private_landlords_only=False)
    assert upload(essonne, coordinator).summary["not_eligible"] == 0
    staged = csv_list(
        ";A;B;1 rue Pasteur;91100;Corbeil-Essonnes;01/03/24;20/05/24;jugement",
        header="REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;ETAPE",
    )
    row = upload(essonne, coordinator, data=staged).summary["details"][0]
    assert row["decision"] == "not_eligible" and "jugement" in row["reason"]


def test_new_situations_wait_for_the_social_services_check_when_the_team_wants_it(essonne, coordinator):
    EligibilityRules.objects.create(team=essonne, wait_for_social_services_check=True)
    import_list(essonne, coordinator)
    assert set(Situation.objects.values_list("social_services", flat=True)) == {SocialServicesCheck.TO_CHECK}


def test_confirming_an_outdated_preview_is_refused_and_the_preview_refreshed(essonne, coordinator):
    stale = upload(essonne, coordinator)
    import_list(essonne, coordinator)  # someone else imported the same list meanwhile
    with pytest.raises(PreviewOutdated) as refused:
        services.batch_commit(batch=stale, user=coordinator)
    refused.value.keep()
    stale.refresh_from_db()
    assert stale.status == ImportStatus.PREVIEWED and stale.summary["new"] == 0 and stale.summary["duplicate"] == 104
    assert Situation.objects.count() == 103


def test_an_import_is_undone_while_nobody_touched_its_situations(essonne, coordinator):
    import_list(essonne, coordinator)
    april = import_list(essonne, coordinator, APRIL, APRIL_RECEIVED)
    services.batch_undo(batch=april, user=coordinator)
    april.refresh_from_db()
    assert april.status == ImportStatus.UNDONE and Situation.objects.count() == 103
    postponed = Situation.objects.get(reference="EXP-91-2024-00008")
    assert postponed.hearing_date == dt.date(2024, 4, 28) and not postponed.events.exists()
    assert AuditEntry.objects.filter(action=AuditAction.UNDO).count() == 1


def test_an_import_cannot_be_undone_once_one_of_its_situations_was_touched(essonne, coordinator):
    march = import_list(essonne, coordinator)
    situation = Situation.objects.filter(import_batch=march).first()
    Event.objects.create(situation=situation, kind=EventKind.NOTE, occurred_on=dt.date(2024, 3, 20), note="vu")
    assert "modifiée" in services.undo_blocker(march)
    with pytest.raises(ImportFileError):
        services.batch_undo(batch=march, user=coordinator)
    assert Situation.objects.count() == 103


def test_a_cancelled_upload_keeps_no_file(essonne, coordinator, django_capture_on_commit_callbacks):
    batch = upload(essonne, coordinator)
    name = batch.file.name
    with django_capture_on_commit_callbacks(execute=True):
        import_services.batch_cancel(batch=batch, user=coordinator)
    assert not batch.file.storage.exists(name)


def test_a_phone_number_missing_a_digit_is_reported_on_its_row_and_not_imported(essonne, coordinator, april_2024):
    data = csv_list(
        "EXP-1;MARTIN;Léa;1 rue A;91300;Massy;01/03/2024;20/05/2024;1 000;06 12 34 56 7",
        header="REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;DETTE;TEL",
    )
    batch = upload(essonne, coordinator, data=data)
    row = by_line(batch)[2]
    assert row["warnings"] == [
        {"column": "TEL", "message": "numéro de téléphone inutilisable (« 06 12 34 56 7 ») : non importé"}
    ]
    services.batch_commit(batch=batch, user=coordinator)
    assert Situation.objects.get().phone == ""


def test_a_past_hearing_is_shown_on_its_row_and_a_far_one_refused(essonne, coordinator, april_2024):
    data = csv_list(
        "EXP-1;MARTIN;Léa;1 rue A;91300;Massy;01/03/2024;10/04/2024;1 000",
        "EXP-2;ROY;Paul;2 rue B;91300;Massy;01/03/2024;12/05/2099;1 000",
        "EXP-3;DIALLO;Awa;3 rue C;91300;Massy;01/03/2024;20/04/2026;1 000",  # within 2 years
    )
    batch = upload(essonne, coordinator, data=data)
    rows = by_line(batch)
    assert rows[2]["decision"] == Decision.NEW
    assert rows[2]["warnings"] == [
        {
            "column": "DATE AUD.",
            "message": "l'audience du 10/04/2024 est passée : la "
            "situation sera créée « audience passée » (enregistrer l'audience ou clôturer)",
        }
    ]
    assert rows[3]["decision"] == Decision.ERROR
    assert rows[3]["errors"] == [
        {"column": "DATE AUD.", "message": "l'audience du 12/05/2099 est à plus de 2 ans : date à vérifier"}
    ]
    assert (rows[4]["decision"], rows[4]["warnings"], rows[4]["errors"]) == (Decision.NEW, [], [])
    services.batch_commit(batch=batch, user=coordinator)
    assert sorted(Situation.objects.values_list("reference", flat=True)) == ["EXP-1", "EXP-3"]


def test_a_list_filling_in_a_phone_journals_it_apart_from_the_entry(essonne, coordinator):
    """The journal of an update keeps the fields changed; a personal value (the phone filled in) goes to the
    values that anonymisation deletes, never into the append-only entry."""
    header = "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE ASSIGN.;DATE AUD.;DETTE;TEL"
    first = csv_list("EXP-1;ROY;Léa;1 rue Pasteur;91300;Massy;02/03/2024;20/05/2024;1200;", header=header)
    batch = upload(essonne, coordinator, data=first)
    services.batch_commit(batch=batch, user=coordinator)
    later = csv_list("EXP-1;ROY;Léa;1 rue Pasteur;91300;Massy;02/03/2024;14/06/2024;1200;06 12 34 56 78", header=header)
    batch = upload(essonne, coordinator, data=later, received_on=APRIL_RECEIVED)
    services.batch_commit(batch=batch, user=coordinator)
    situation = Situation.objects.get(reference="EXP-1")
    entry = AuditEntry.objects.about(situation).get(action=AuditAction.UPDATE)
    assert entry.details["before"] == {"hearing_date": "2024-05-20"}
    assert entry.details["after"] == {"hearing_date": "2024-06-14"}
    assert entry.details["personal_fields"] == ["phone"] and "612345678" not in str(entry.details)
    assert entry.full_details()["after"]["phone"] == "+33612345678"
    assert (entry.actor, entry.team, entry.organisation) == (coordinator, essonne, coordinator.membership.organisation)
