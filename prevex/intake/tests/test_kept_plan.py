"""Confirming a préfecture list writes what its preview decided, without deciding again, only while nothing was
written for the team since the preview, on the same day; otherwise it decides again as before."""

import datetime as dt

import pytest
import time_machine

from prevex.imports import services as import_services
from prevex.imports.columns import IGNORED
from prevex.imports.models import ImportBatch, ImportStatus
from prevex.imports.pipeline import PreviewOutdated
from prevex.intake.defaults import load_default_social_landlords
from prevex.intake.prefecture import plan as kept_plan
from prevex.intake.prefecture import services
from prevex.intake.tests.test_services import APRIL, APRIL_RECEIVED, import_list, upload
from prevex.organisations.models import Team
from prevex.organisations.services import team_setup
from prevex.situations import services as writer
from prevex.situations.models import Situation
from prevex.territories.models import Commune

POSTPONED = "EXP-91-2024-00008"  # its hearing moves from 28/04 to 14/06 in the April list
STORED = ["reference", "tenant_last_name", "tenant_first_name", "address", "commune_id", "phone"]
STORED += ["hearing_date", "assignation_date", "debt_amount", "landlord_name", "landlord_kind", "court"]


def no_deciding(monkeypatch):
    def refused(**_kwargs):
        raise AssertionError("the list was decided again")

    monkeypatch.setattr(services, "decide", refused)


def written(team) -> list[tuple]:
    return sorted(Situation.objects.for_team(team).values_list(*STORED))


def test_a_list_confirmed_with_nothing_written_since_is_written_as_previewed(essonne, coordinator, monkeypatch):
    other, _ = team_setup(slug="essonne-bis", name="Essonne bis", departement="91")
    decided_again = upload(other, coordinator)
    decided_again.summary.pop("plan")  # an older batch, or a plan left behind: the list is decided again
    services.batch_commit(batch=decided_again, user=coordinator)
    batch = upload(essonne, coordinator)
    import_services.journal_view(batch, coordinator, view="preview")  # reading is not writing
    no_deciding(monkeypatch)
    assert services.batch_commit(batch=batch, user=coordinator)["created"] == 103
    assert written(essonne) == written(other)  # the same values, typed the same (dates, amounts, communes)
    batch.refresh_from_db()
    assert "plan" not in batch.summary


def test_updates_kept_from_the_preview_carry_their_note(essonne, coordinator, monkeypatch):
    import_list(essonne, coordinator)
    batch = upload(essonne, coordinator, APRIL, APRIL_RECEIVED)
    no_deciding(monkeypatch)
    services.batch_commit(batch=batch, user=coordinator)
    situation = Situation.objects.get(reference=POSTPONED)
    assert situation.hearing_date == dt.date(2024, 6, 14)
    assert "28/04/2024 → 14/06/2024" in situation.events.get(note__startswith="Liste de la préfecture").note


def test_a_person_writing_on_a_listed_household_since_the_preview_makes_it_decided_again(essonne, coordinator):
    import_list(essonne, coordinator)
    batch = upload(essonne, coordinator, APRIL, APRIL_RECEIVED)
    situation = Situation.objects.get(reference=POSTPONED)
    before, situation.hearing_date = situation.hearing_date, dt.date(2024, 7, 1)
    writer.situation_update(
        situation=situation, author=coordinator, changed={"hearing_date": before}, version=situation.version
    )
    with pytest.raises(PreviewOutdated):  # the plan would have put 14/06 over what the person typed
        services.batch_commit(batch=batch, user=coordinator)
    assert Situation.objects.get(reference=POSTPONED).hearing_date == dt.date(2024, 7, 1)


def test_social_landlords_added_since_the_preview_make_it_decided_again(essonne, coordinator, monkeypatch):
    batch = upload(essonne, coordinator)
    load_default_social_landlords(essonne)  # the page's button: it journals nothing
    no_deciding(monkeypatch)
    with pytest.raises(AssertionError, match="decided again"):
        services.batch_commit(batch=batch, user=coordinator)


def test_a_plan_decided_the_day_before_is_decided_again(essonne, coordinator, monkeypatch):
    with time_machine.travel(dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC), tick=False):
        batch = upload(essonne, coordinator)
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False):
        no_deciding(monkeypatch)
        with pytest.raises(AssertionError, match="decided again"):
            services.batch_commit(batch=batch, user=coordinator)


def test_a_cancelled_list_keeps_no_plan(essonne, coordinator):
    batch = upload(essonne, coordinator)
    assert batch.summary["plan"]["new"]
    import_services.batch_cancel(batch=batch, user=coordinator)
    batch.refresh_from_db()
    assert "plan" not in batch.summary


def test_a_column_profile_saved_with_the_preview_keeps_its_plan(essonne, coordinator, monkeypatch):
    """A profile says how to read the team's next lists: no decision reads it, so saving it is not a write the
    plan was decided against."""
    batch = upload(essonne, coordinator)
    services.batch_remap(batch=batch, mapping=batch.mapping, save_as="Préfecture de l'Essonne", user=coordinator)
    batch.refresh_from_db()
    no_deciding(monkeypatch)
    assert services.batch_commit(batch=batch, user=coordinator)["created"] == 103


def test_communes_loaded_since_the_preview_make_it_decided_again(essonne, coordinator, monkeypatch):
    batch = upload(essonne, coordinator)
    renamed = Commune.objects.in_departement("91").first()
    # a refreshed INSEE list (loading the communes journals nothing)
    Commune.objects.filter(pk=renamed.pk).update(name=f"{renamed.name}-Nouveau")
    no_deciding(monkeypatch)
    with pytest.raises(AssertionError, match="decided again"):
        services.batch_commit(batch=batch, user=coordinator)


def test_an_outdated_preview_is_not_kept_on_a_list_cancelled_meanwhile(essonne, coordinator):
    batch = upload(essonne, coordinator)
    import_list(essonne, coordinator)  # someone else imported the same list meanwhile
    with pytest.raises(PreviewOutdated) as outdated:
        services.batch_commit(batch=batch, user=coordinator)
    import_services.batch_cancel(batch=batch, user=coordinator)
    outdated.value.keep()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    assert "plan" not in batch.summary


def test_an_outdated_preview_does_not_replace_the_preview_of_columns_chosen_meanwhile(essonne, coordinator):
    batch = upload(essonne, coordinator)
    import_list(essonne, coordinator)  # someone else imported the same list meanwhile
    with pytest.raises(PreviewOutdated) as outdated:
        services.batch_commit(batch=batch, user=coordinator)
    without_phone = [IGNORED if key == "phone" else key for key in batch.mapping]
    services.batch_remap(batch=batch, mapping=without_phone, user=coordinator)  # a colleague's new choice
    remapped = ImportBatch.objects.get(pk=batch.pk).summary
    outdated.value.keep()
    batch.refresh_from_db()
    assert batch.mapping == without_phone
    assert batch.summary == remapped


def test_a_team_renamed_in_the_admin_since_the_preview_makes_it_decided_again(essonne, coordinator, monkeypatch):
    """The slug is the prefix of the references Prevex generates, which decides whether a reference may match."""
    batch = upload(essonne, coordinator)
    Team.objects.filter(pk=essonne.pk).update(slug="essonne-nord")  # the admin journals nothing
    batch.refresh_from_db()
    no_deciding(monkeypatch)
    with pytest.raises(AssertionError, match="decided again"):
        services.batch_commit(batch=batch, user=coordinator)


def test_a_plan_kept_by_another_version_of_prevex_is_decided_again(essonne, coordinator, monkeypatch):
    batch = upload(essonne, coordinator)
    monkeypatch.setattr(kept_plan, "VERSION", kept_plan.VERSION + 1)  # an upgrade between preview and confirm
    no_deciding(monkeypatch)
    with pytest.raises(AssertionError, match="decided again"):
        services.batch_commit(batch=batch, user=coordinator)
