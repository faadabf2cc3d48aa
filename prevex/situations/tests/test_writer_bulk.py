"""The writer's bulk twins give what the single-object services give, on both databases."""

import datetime as dt

from prevex.audit.models import AuditAction, AuditEntry
from prevex.organisations.models import SectorAssignee
from prevex.situations import services
from prevex.situations.enums import EventKind, SocialServicesCheck, Stage
from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import SituationFactory

FIELDS = {
    "received_on": dt.date(2024, 3, 1),
    "tenant_last_name": "Lefèvre",
    "tenant_first_name": "Anaïs",
    "phone": "+33612345678",
    "address": "3 rue Pasteur",
    "postal_code": "91300",
}


def _row(situation: Situation) -> dict:
    return {
        "sector": situation.sector_id,
        "search_text": situation.search_text,
        "stage": situation.stage,
        "last_event_on": situation.last_event_on,
        "version": situation.version,
        "referents": sorted(situation.referents.values_list("organisation_id", "user_id")),
    }


def test_creating_many_gives_what_creating_one_gives(team, massy, sector, coordinator, social_worker, tout_azimut):
    SectorAssignee.objects.create(sector=sector, organisation=tout_azimut, user=social_worker)
    one = services.situation_create(
        situation=Situation(team=team, reference="A-1", commune=massy, **FIELDS), author=coordinator
    )
    services.event_record(
        event=Event(situation=one, kind=EventKind.ADHESION, occurred_on=dt.date(2024, 3, 5)), author=coordinator
    )
    [(pk, public_id)] = services.situations_create_many(
        team=team,
        author=coordinator,
        situations=[
            services.NewSituation(
                fields={"reference": "A-2", "commune": massy, **FIELDS},
                details={"row": 2},
                events=[{"kind": EventKind.ADHESION, "occurred_on": dt.date(2024, 3, 5)}],
            )
        ],
    )
    one.refresh_from_db()
    many = Situation.objects.get(pk=pk)
    assert _row(many) == _row(one) | {"search_text": one.search_text.replace("a 1", "a 2")}
    assert many.stage == Stage.ACCOMPANIED and "0612345678" in many.search_text
    entry = AuditEntry.objects.get(target_id=public_id)
    assert (entry.action, entry.actor, entry.team, entry.details) == (AuditAction.CREATE, coordinator, team, {"row": 2})
    assert many.events.get().author == coordinator


def test_recording_checks_in_bulk_gives_what_one_check_gives(team, coordinator):
    one, many, anonymised = SituationFactory.create_batch(3, team=team)
    anonymised.anonymised_on = dt.date(2024, 4, 1)
    anonymised.save()
    services.record_check(one, known=True, user=coordinator, service="MDS de Linas", source="réponse")
    answers = [(many.pk, True, "MDS de Linas"), (anonymised.pk, True, "")]
    applied = services.record_checks_many(team=team, answers=answers, user=coordinator, source="réponse")
    assert applied == [True, False]
    one.refresh_from_db(), many.refresh_from_db(), anonymised.refresh_from_db()
    assert (many.social_services, many.version, many.last_event_on) == (
        one.social_services,
        one.version,
        one.last_event_on,
    )
    assert many.social_services == SocialServicesCheck.KNOWN
    assert many.events.get().note == one.events.get().note
    assert anonymised.social_services != SocialServicesCheck.KNOWN and not anonymised.events.exists()
    details = [
        AuditEntry.objects.get(target_id=str(s.public_id), action=AuditAction.UPDATE).details for s in (one, many)
    ]
    assert details[0] == details[1]


def test_changing_with_a_note_then_reverting(team, coordinator):
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 5, 14), phone="")
    [applied] = services.situations_change_with_note(
        changes=[
            services.Change(
                situation.pk,
                {"hearing_date": dt.date(2024, 6, 14), "phone": "+33612345678"},
                note="Audience reportée",
                details={"row": 4},
            )
        ],
        author=coordinator,
        occurred_on=dt.date(2024, 3, 18),
    )
    situation.refresh_from_db()
    assert (situation.hearing_date, situation.version, situation.updated_by) == (dt.date(2024, 6, 14), 2, coordinator)
    assert "0612345678" in situation.search_text  # the search text follows the fields changed
    assert situation.events.get(pk=applied["note"]).note == "Audience reportée"
    services.situations_revert(applied=[applied], author=coordinator)
    situation.refresh_from_db()
    assert (situation.hearing_date, situation.phone, situation.version) == (dt.date(2024, 5, 14), "", 3)
    assert not situation.events.exists() and "0612345678" not in situation.search_text
