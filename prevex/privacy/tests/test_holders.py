"""The holders of the privacy registry one by one: the journal's personal values, the sessions, the purge of
import batches after their delays, the nightly clearsessions."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prevex.audit.models import PERSONAL_KEYS, AppendOnlyError, AuditAction, AuditEntry, AuditValue
from prevex.imports.models import ImportBatch, ImportKind, ImportStatus
from prevex.intake.mds.services import answer_commit, answer_upload
from prevex.intake.prefecture import services as intake
from prevex.privacy import registry, services
from prevex.situations.enums import EventKind
from prevex.situations.models import Event
from prevex.situations.privacy import IDENTIFYING_FIELDS
from prevex.situations.services import event_record, situation_update
from prevex.situations.services.anonymise import DECISION_AMOUNTS
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.services import communes_load

NOW = dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC)
LIST = "REF;NOM;PRENOM;ADRESSE;CP;VILLE;DATE AUD.\nPR-1;MARTIN;Léa;1 rue A;91300;Massy;20/05/2024\n".encode()


def test_every_field_anonymisation_empties_stays_out_of_the_journal_entries():
    assert {"tenant_last_name", *IDENTIFYING_FIELDS, *Event.DATA_FIELDS} & PERSONAL_KEYS == {
        "tenant_last_name",
        *IDENTIFYING_FIELDS,
        "note",
        *DECISION_AMOUNTS,
    }


# The apps whose models hold nothing about a household (staff accounts, communes, teams, settings).
NO_HOUSEHOLD_DATA = {"accounts", "core", "territories", "organisations", "reports", "privacy"}


def test_every_app_with_models_is_a_holder_of_the_registry_or_holds_no_household_data():
    from django.apps import apps

    holders = {apps.get_containing_app_config(name).label for name in registry.HOLDERS}
    with_models = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("prevex.") and list(config.get_models())
    }
    assert with_models - holders - NO_HOUSEHOLD_DATA == set(), "add the app's privacy module to registry.HOLDERS"
    assert all(
        hasattr(holder, "anonymise") and hasattr(holder, "personal_data")
        for holder in registry.holders()
        if holder.__name__ != "prevex.privacy.sessions"
    )


def test_the_journal_keeps_field_names_and_the_values_apart_until_anonymised(team, coordinator, client):
    situation = SituationFactory(team=team, tenant_last_name="Dupré", phone="+33612345678")
    situation.phone = "+33698765432"
    situation_update(
        situation=situation,
        author=coordinator,
        version=situation.version,
        changed={"phone": "+33612345678", "court": ""},
    )
    event = event_record(
        event=Event(situation=situation, kind=EventKind.NOTE, occurred_on=dt.date(2024, 4, 2), note="vu Mme Dupré"),
        author=coordinator,
    )
    edit = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(situation.public_id))
    assert edit.details == {"before": {"court": ""}, "after": {"court": ""}, "personal_fields": ["phone"]}
    assert edit.full_details()["before"] == {"court": "", "phone": "+33612345678"}
    note = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(event.pk))
    assert "note" not in note.details and note.full_details()["note"] == "vu Mme Dupré"
    client.force_login(coordinator)
    history = client.get(reverse("journal:my_history")).content.decode("utf-8-sig")
    assert "Dupré" not in history and "98765432" not in history and "personal_fields" in history
    with pytest.raises(AppendOnlyError):
        edit.save()

    services.anonymise(situation, actor=coordinator, reason="erasure_request")
    assert not AuditValue.objects.exists()
    edit = AuditEntry.objects.get(pk=edit.pk)
    assert edit.full_details() == edit.details and edit.details["personal_fields"] == ["phone"]


def test_the_journal_purge_takes_the_values_along(team, coordinator):
    situation = SituationFactory(team=team)
    AuditEntry.log(
        actor=coordinator,
        action=AuditAction.UPDATE,
        target=situation,
        details={"before": {"email": "a@example.org"}, "after": {"email": ""}},
    )
    assert AuditEntry.purge_older_than(timezone.now() + dt.timedelta(seconds=1)) == 1  # the entry, with its values
    assert not AuditValue.objects.exists()


def test_the_migration_moves_the_values_out_of_past_entries(team, coordinator):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state(("audit", "0004_personal_values_apart")).apps
    migration = import_module("prevex.audit.migrations.0004_personal_values_apart")
    kept, gone = SituationFactory(team=team), SituationFactory(team=team, anonymised_on=dt.date(2024, 1, 1))
    for situation in (kept, gone):
        AuditEntry.objects.create(
            action=AuditAction.UPDATE,
            target_type="situations.situation",
            target_id=str(situation.public_id),
            details={"before": {"address": "1 rue A", "court": "TJ"}},
        )
    migration.move_personal_values(apps, None)
    entries = AuditEntry.objects.order_by("pk")
    assert [entry.details for entry in entries] == [{"before": {"court": "TJ"}, "personal_fields": ["address"]}] * 2
    assert [(v.situation, v.values) for v in AuditValue.objects.all()] == [
        (str(kept.public_id), {"before": {"address": "1 rue A"}})
    ]


def session_with(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_an_erasure_drops_what_a_session_says_of_the_household_and_keeps_the_login(team, coordinator):
    situation = SituationFactory(team=team, tenant_last_name="Zébulon", tenant_first_name="Ana")
    key = session_with(
        {
            "_auth_user_id": str(coordinator.pk),
            "filters": {"a1": {"q": "zebulon"}, "b2": {"q": "x"}},
            "last": "Ana Zébulon",
            "other": "rien",
        }
    )
    services.anonymise(situation, actor=coordinator, reason="erasure_request")
    assert SessionStore(session_key=key).load() == {
        "_auth_user_id": str(coordinator.pk),
        "filters": {"b2": {"q": "x"}},
        "other": "rien",
    }


def test_the_nightly_command_clears_expired_sessions(db):
    with time_machine.travel(NOW - dt.timedelta(days=2), tick=False):
        session_with({"old": 1})
    live = session_with({"new": 1})
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "sessions expirées : 1" in out.getvalue() and Session.objects.count() == 2  # dry run: nothing deleted
    call_command("apply_retention", "--wet-run", stdout=out)
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    communes_load(departement="91")
    return tmp_path


def purge(at: dt.datetime, *, wet: bool = True, capture) -> int:
    with time_machine.travel(at, tick=False), capture(execute=True):
        return registry.purge(now=timezone.now(), wet=wet)["imports"]


def test_pending_and_cancelled_uploads_go_after_the_short_delay(
    team, coordinator, media, settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        pending = intake.batch_upload(
            team=team, data=LIST, filename="liste Martin.csv", user=coordinator, received_on=dt.date(2024, 5, 1)
        )
    stored = media / pending.file.name
    assert stored.exists() and settings.PREVEX_IMPORT_PENDING_DAYS == 2
    assert purge(NOW + dt.timedelta(days=1), capture=django_capture_on_commit_callbacks) == 0
    assert purge(NOW + dt.timedelta(days=3), wet=False, capture=django_capture_on_commit_callbacks) == 1
    assert purge(NOW + dt.timedelta(days=3), capture=django_capture_on_commit_callbacks) == 1
    pending.refresh_from_db()
    assert (pending.status, pending.filename) == (ImportStatus.CANCELLED, "prefecture-2024-05-02.csv")
    assert not pending.file
    assert pending.summary == {
        "rows": 1,
        "new": 1,
        "update": 0,
        "duplicate": 0,
        "conflict": 0,
        "not_eligible": 0,
        "error": 0,
        "header_line": 1,
        "profile": "",
    }
    assert not stored.exists() and pending.purged_at
    entry = AuditEntry.objects.get(action=AuditAction.PURGE)
    assert (entry.team, entry.details) == (team, {"imports": 1})


def test_imported_lists_keep_their_detail_a_month_and_answers_two_days(
    team, coordinator, media, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        listed = intake.batch_upload(
            team=team, data=LIST, filename="liste.csv", user=coordinator, received_on=dt.date(2024, 5, 1)
        )
        intake.batch_commit(batch=listed, user=coordinator)
        answer = answer_upload(
            team=team, data="N° procédure;Connu MDS\nPR-1;OUI\n".encode(), filename="r.csv", user=coordinator
        )
        answer_commit(batch=answer, user=coordinator)
    assert purge(NOW + dt.timedelta(days=3), capture=django_capture_on_commit_callbacks) == 1
    answer.refresh_from_db()
    assert answer.purged_at and "details" not in answer.summary and answer.summary["known"] == 1
    listed.refresh_from_db()
    assert listed.file and listed.summary["details"][0]["name"] == "MARTIN Léa"
    assert "ne peut plus être défait" not in intake.undo_blocker(listed)
    assert purge(NOW + dt.timedelta(days=31), capture=django_capture_on_commit_callbacks) == 1
    listed.refresh_from_db()
    assert not listed.file and "details" not in listed.summary
    assert listed.summary["written"] == {"created": 1, "updated": 0}
    assert "ne peut plus être défait" in intake.undo_blocker(listed)


def test_an_erasure_deletes_the_file_at_once_and_blocks_the_undo(
    team, coordinator, media, django_capture_on_commit_callbacks
):
    data = LIST + b"PR-2;DURAND;Paul;2 rue B;91300;Massy;21/05/2024\n"
    listed = intake.batch_upload(
        team=team, data=data, filename="liste.csv", user=coordinator, received_on=dt.date(2024, 5, 1)
    )
    intake.batch_commit(batch=listed, user=coordinator)
    stored = media / listed.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_on_request(listed.situations.get(reference="PR-1"), actor=coordinator)
    listed.refresh_from_db()
    assert not stored.exists() and not listed.file
    rows = {row["reference"]: row for row in listed.summary["details"]}
    assert rows["PR-1"]["name"] == "" and rows["PR-1"]["erased"] and rows["PR-2"]["name"] == "DURAND Paul"
    assert "ne peut plus être défait" in intake.undo_blocker(listed)
    assert ImportBatch.objects.filter(kind=ImportKind.PREFECTURE).count() == 1
