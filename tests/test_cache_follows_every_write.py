"""The cached state of every situation is the state rebuilt from its events (its search text, household key and
outreach tasks follow too), after each write path of the application: the writer's services one at a time and
in bulk, both imports and the undo, the social services' check (one, and a whole answer file), the
anonymisation. Each step goes through the public use case a page or a command calls, never through a factory
that refreshes the cache itself."""

import datetime as dt

import pytest
from django.db import transaction

from prevex.imports.suivi import services as tracking_sheet
from prevex.imports.tests.conftest import GOOD_ROW, sheet
from prevex.intake.mds import services as social_services_answer
from prevex.intake.prefecture import services as prefecture
from prevex.intake.tests.conftest import csv_list
from prevex.outreach.models import Task
from prevex.outreach.services import tasks_sync
from prevex.privacy import services as privacy
from prevex.situations import services
from prevex.situations.enums import ClosureReason, EventKind, VisitOutcome
from prevex.situations.households import stored_household_key
from prevex.situations.models import Event, Situation
from prevex.situations.services import search_text
from prevex.situations.state import derive_state, state_from_columns
from prevex.territories.models import Commune
from prevex.territories.services import communes_load

D = dt.date


def stale() -> list[str]:
    """The references of the situations whose cached columns differ from the state of their timeline, whose
    search text or household key differ from their fields', or whose outreach tasks are behind their timeline."""
    return [
        situation.reference
        for situation in Situation.objects.with_milestones().select_related("commune").order_by("reference")
        if state_from_columns(situation) != derive_state(situation)
        or situation.search_text != search_text(situation)
        or situation.household_key != stored_household_key(situation)
        or tasks_behind(situation)
    ]


def tasks_behind(situation) -> bool:
    """Whether syncing the situation's outreach tasks would change any (tried, then rolled back)."""
    with transaction.atomic():
        result = tasks_sync([situation.pk])
        transaction.set_rollback(True)
    return bool(result.created or result.updated)


@pytest.fixture
def essonne(team, frozen_today):
    communes_load(departement="91")
    return team


def test_the_check_sees_a_stale_cache(essonne):
    """The witness itself: a cache left behind by a write is found."""
    situation = Situation.objects.create(
        team=essonne,
        reference="X-1",
        received_on=D(2024, 3, 1),
        tenant_last_name="Roy",
        address="1 rue A",
        postal_code="91300",
        commune=Commune.objects.get(insee_code="91377"),
    )
    tasks_sync([situation.pk])  # created around the writer: its tasks too
    assert stale() == []
    Event.objects.create(situation=situation, kind=EventKind.ADHESION, occurred_on=D(2024, 3, 5))
    assert stale() == ["X-1"]


def test_the_check_sees_a_stale_search_text_or_household_key(essonne):
    situation = Situation.objects.create(
        team=essonne,
        reference="X-2",
        received_on=D(2024, 3, 1),
        tenant_last_name="Roy",
        address="1 rue A",
        postal_code="91300",
        commune=Commune.objects.get(insee_code="91377"),
    )
    tasks_sync([situation.pk])
    Situation.objects.filter(pk=situation.pk).update(search_text=search_text(situation).replace("roy", "rey"))
    assert stale() == ["X-2"]
    Situation.objects.filter(pk=situation.pk).update(search_text=search_text(situation))
    assert stale() == []
    Situation.objects.filter(pk=situation.pk).update(
        household_key=stored_household_key(situation).replace("roy", "rey")
    )
    assert stale() == ["X-2"]


def test_the_check_sees_outreach_tasks_behind_the_timeline(essonne, coordinator):
    situation = services.situation_create(
        situation=Situation(
            team=essonne,
            reference="X-3",
            received_on=D(2024, 3, 1),
            tenant_last_name="Roy",
            address="1 rue A",
            postal_code="91300",
            commune=Commune.objects.get(insee_code="91377"),
        ),
        author=coordinator,
    )
    assert Task.objects.filter(situation=situation).exists() and stale() == []
    Task.objects.filter(situation=situation).delete()
    assert stale() == ["X-3"]


def test_the_cache_follows_every_write_path(essonne, coordinator, social_worker):
    steps = []

    def step(name):
        steps.append((name, stale()))

    # The préfecture's list: new situations, then a later list that changes one (a postponed hearing).
    first = prefecture.batch_upload(
        team=essonne,
        data=csv_list(
            "EXP-1;MARTIN;Léa;1 rue A;91300;Massy;01/03/2024;20/05/2024;1 000",
            "EXP-2;ROY;Paul;2 rue B;91300;Massy;01/03/2024;22/05/2024;2 000",
        ),
        filename="liste.csv",
        user=coordinator,
        received_on=D(2024, 3, 18),
    )
    prefecture.batch_commit(batch=first, user=coordinator)
    step("préfecture: created")
    one = Situation.objects.get(reference="EXP-1")

    # One at a time: events recorded, corrected, deleted; a closure and a reopening; the referents; an edit.
    visit = services.event_record(
        event=Event(situation=one, kind=EventKind.VISIT, visit_outcome=VisitOutcome.ABSENT, occurred_on=D(2024, 3, 20)),
        author=social_worker,
    )
    step("event recorded")
    visit.visit_outcome = VisitOutcome.MET
    services.event_update(event=visit, author=social_worker, before={})
    step("event corrected")
    adhesion = services.event_record(
        event=Event(situation=one, kind=EventKind.ADHESION, occurred_on=D(2024, 3, 22)), author=social_worker
    )
    services.event_delete(event=adhesion, author=social_worker)
    step("event deleted")
    services.event_record(
        event=Event(
            situation=one,
            kind=EventKind.CLOSURE,
            closure_reason=ClosureReason.DETTE_SOLDEE,
            occurred_on=D(2024, 3, 25),
        ),
        author=social_worker,
    )
    step("closure")
    services.event_record(
        event=Event(situation=one, kind=EventKind.REOPENING, occurred_on=D(2024, 3, 28)), author=social_worker
    )
    step("reopening")
    services.referents_set(
        situation=one, chosen={social_worker.membership.organisation: social_worker}, author=coordinator
    )
    step("referents")
    one = Situation.objects.get(pk=one.pk)
    changed = {"hearing_date": one.hearing_date}
    one.hearing_date = D(2024, 6, 11)
    services.situation_update(situation=one, author=coordinator, changed=changed, version=one.version)
    step("situation edited: hearing postponed, noted")
    assert one.events.filter(note="Audience reportée du 20/05/2024 au 11/06/2024.").exists()

    # A situation typed by hand.
    created = services.situation_create(
        situation=Situation(
            team=essonne,
            received_on=D(2024, 4, 2),
            tenant_last_name="Diallo",
            address="3 rue C",
            postal_code="91300",
            commune=one.commune,
            hearing_date=D(2024, 6, 3),
        ),
        author=coordinator,
    )
    step("situation created")

    # The procedure: an act, and a hearing postponed (the hearing date moves, the earlier hearing is kept).
    heard = services.situation_create(
        situation=Situation(
            team=essonne,
            received_on=D(2024, 4, 2),
            tenant_last_name="Morel",
            address="4 rue D",
            postal_code="91300",
            commune=one.commune,
            hearing_date=D(2024, 4, 25),
        ),
        author=coordinator,
    )
    services.event_record(
        event=Event(situation=heard, kind=EventKind.PROCEDURE_ACT, act="dsf_sent", occurred_on=D(2024, 4, 18)),
        author=coordinator,
    )
    step("procedure act recorded")
    services.event_record(
        event=Event(
            situation=heard,
            kind=EventKind.HEARING,
            hearing_on=D(2024, 4, 25),
            occurred_on=D(2024, 4, 25),
            hearing_presence="alone",
            hearing_outcome="postponed",
            postponed_to=D(2024, 6, 20),
        ),
        author=coordinator,
    )
    step("hearing postponed")
    heard.refresh_from_db()
    assert (heard.hearing_date, heard.earlier_hearing_dates) == (D(2024, 6, 20), ["2024-04-25"])

    # The tracking sheet: a new situation with its timeline, then events added to it by a second sheet.
    tracking_sheet.import_sheet(team=essonne, data=sheet(GOOD_ROW), filename="suivi.csv", user=coordinator)
    step("tracking sheet: created")
    more = GOOD_ROW.replace(";;;1 234,56", ";25/04/2024;refus_de_poursuivre;1 234,56")
    tracking_sheet.import_sheet(team=essonne, data=sheet(more), filename="suivi-2.csv", user=coordinator)
    step("tracking sheet: events added")
    assert Situation.objects.get(reference="EM-1").closure_reason == ClosureReason.REFUS_DE_POURSUIVRE

    # The bulk twins directly (the demo uses them too).
    services.events_record_many(
        team=essonne,
        events={created.pk: [{"kind": EventKind.TENANT_CONTACT, "occurred_on": D(2024, 4, 10)}]},
        author=coordinator,
        details={created.pk: {}},
    )
    step("events recorded in bulk")

    # A later préfecture list, undone.
    later = prefecture.batch_upload(
        team=essonne,
        data=csv_list(
            "EXP-2;ROY;Paul;2 rue B;91300;Massy;01/03/2024;24/06/2024;2 000",
            "EXP-3;BLANC;Ana;4 rue D;91300;Massy;01/03/2024;27/06/2024;500",
        ),
        filename="liste-2.csv",
        user=coordinator,
        received_on=D(2024, 4, 19),
    )
    prefecture.batch_commit(batch=later, user=coordinator)
    step("préfecture: updated, with a note")
    assert Situation.objects.get(reference="EXP-2").events.filter(kind=EventKind.NOTE).exists()
    prefecture.batch_undo(batch=later, user=coordinator)
    step("préfecture: undone")

    # The social services' check: one by hand, then an answer file.
    services.record_check(Situation.objects.get(reference="EXP-2"), known=True, user=coordinator, service="MDS")
    step("social services: one check")
    answer = social_services_answer.answer_upload(
        team=essonne,
        data="N° procédure;Nom;Connu MDS;MDS de suivi\nEXP-1;MARTIN;OUI;MDS de Massy\n".encode(),
        filename="reponse.csv",
        user=coordinator,
    )
    social_services_answer.answer_commit(batch=answer, user=coordinator)
    step("social services: answer file")
    assert Situation.objects.get(reference="EXP-1").social_services == "known"

    # Anonymisation: an erasure closes the situation first.
    privacy.erase_on_request(created, actor=coordinator)
    step("erasure")
    created.refresh_from_db()
    assert created.anonymised_on and created.is_closed

    assert Situation.objects.count() == 5 and Event.objects.count() > 10
    assert [(name, references) for name, references in steps if references] == []
