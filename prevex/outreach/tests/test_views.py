"""Aujourd'hui's worklist, a household's pause, a task done by hand and the team's sequence, through the pages
(the clock stopped on 2 May 2024)."""

import datetime as dt

import pytest
from django.urls import reverse

from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Pause, SequenceStep, Task
from prevex.outreach.services import task_add
from prevex.situations import services
from prevex.situations.enums import EventKind, Recipient, VisitOutcome
from prevex.situations.models import Event, SituationReferent
from prevex.situations.tests.factories import SituationFactory
from prevex.territories.tests.factories import CommuneFactory

D = dt.date
TODAY = D(2024, 5, 2)
HEARING = D(2024, 6, 20)
pytestmark = pytest.mark.usefixtures("frozen_today")


def received(team, reference, on=TODAY, hearing=HEARING, **fields):
    """A situation typed in through the writer: its first tasks come with it."""
    situation = SituationFactory.build(
        team=team, reference=reference, received_on=on, hearing_date=hearing, commune=CommuneFactory(), **fields
    )
    return services.situation_create(situation=situation, author=None)


def record(situation, kind, day, author=None, **fields):
    return services.event_record(event=Event(situation=situation, kind=kind, occurred_on=day, **fields), author=author)


def worklist(response) -> dict:
    """{period: {work: [(reference, step)]}} as Aujourd'hui shows them."""
    periods = response.context["worklist"].periods
    return {
        str(period): {str(group.work): [(t.situation.reference, t.step) for t in group.tasks] for group in groups}
        for period, groups in periods.items()
        if groups
    }


def test_the_worklist_groups_the_tasks_by_period_and_kind_of_work(client, team, coordinator):
    fresh = received(team, "EM-1")  # its two letters are due today
    old = received(team, "EM-2", on=D(2024, 4, 1))
    record(old, EventKind.LETTER, D(2024, 4, 3), recipient=Recipient.TENANT)
    record(old, EventKind.LETTER, D(2024, 4, 3), recipient=Recipient.LANDLORD)  # visite_1 due 13/04: overdue
    soon = received(team, "EM-3", on=D(2024, 4, 25))
    record(soon, EventKind.LETTER, D(2024, 4, 25), recipient=Recipient.TENANT)
    record(soon, EventKind.LETTER, D(2024, 4, 25), recipient=Recipient.LANDLORD)  # visite_1 due 05/05: this week
    task_add(fresh, AdHocTask.CALL_BACK)
    client.force_login(coordinator)
    shown = worklist(client.get(reverse("outreach:today")))
    assert shown == {
        "overdue": {"visits": [("EM-2", "visite_1")]},
        "today": {
            "letters": [("EM-1", "premier_courrier"), ("EM-1", "courrier_bailleur")],
            "calls": [("EM-1", "rappeler")],
        },
        "week": {"visits": [("EM-3", "visite_1")]},
    }


def test_a_social_worker_sees_the_tasks_of_the_situations_she_follows_unless_she_asks_for_her_organisation(
    client, team, social_worker, tout_azimut
):
    mine = received(team, "EM-1")
    received(team, "EM-2")
    SituationReferent.objects.create(situation=mine, organisation=tout_azimut, user=social_worker)
    client.force_login(social_worker)
    assert worklist(client.get(reverse("outreach:today"))) == {
        "today": {"letters": [("EM-1", "premier_courrier"), ("EM-1", "courrier_bailleur")]}
    }
    team_wide = worklist(client.get(reverse("outreach:today"), {"scope": "team"}))  # not hers to see: her own
    assert team_wide == worklist(client.get(reverse("outreach:today")))
    # Her organisation's work: the letters to the tenants (social), not those to the landlords (legal).
    by_organisation = worklist(client.get(reverse("outreach:today"), {"scope": "organisation"}))
    assert by_organisation == {"today": {"letters": [("EM-1", "premier_courrier"), ("EM-2", "premier_courrier")]}}


def test_a_call_back_is_done_in_one_click_and_leaves_the_worklist(client, team, coordinator):
    situation = received(team, "EM-1")
    task = task_add(situation, AdHocTask.CALL_BACK)
    client.force_login(coordinator)
    response = client.post(reverse("outreach:task_done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.done_on, task.done_by) == (TODAY, coordinator)
    assert "calls" not in worklist(client.get(reverse("outreach:today"))).get("today", {})


def test_a_step_of_the_sequence_is_not_marked_done_by_hand(client, team, coordinator):
    situation = received(team, "EM-1")
    step = Task.objects.get(situation=situation, step="premier_courrier")
    client.force_login(coordinator)
    assert client.post(reverse("outreach:task_done", args=[step.pk])).status_code == 404
    step.refresh_from_db()
    assert step.is_open


def test_a_coordinator_pauses_a_households_sequence_and_resumes_it(client, team, coordinator, social_worker):
    situation = received(team, "EM-1", on=D(2024, 4, 20))
    url = reverse("outreach:pause", args=[situation.public_id])
    client.force_login(social_worker)
    assert client.post(url, {"until": "2024-05-10", "reason": "Hospitalisation"}).status_code == 403
    client.force_login(coordinator)
    assert "Hospitalisation" not in client.get(situation.get_absolute_url()).content.decode()
    response = client.post(url, {"until": "2024-05-10", "reason": "Hospitalisation"})
    assert response.status_code == 302
    assert Task.objects.get(situation=situation, step="premier_courrier").due_on == D(2024, 5, 11)
    page = client.get(situation.get_absolute_url()).content.decode()
    assert "Séquence en pause jusqu&#x27;au 10/05/2024" in page or "Séquence en pause jusqu'au 10/05/2024" in page
    assert client.post(reverse("outreach:resume", args=[situation.public_id])).status_code == 302
    assert Pause.objects.get(situation=situation).resumed_on == TODAY
    # Resumed the day it began, the pause held no day: the letter is due when it was, overdue.
    assert Task.objects.get(situation=situation, step="premier_courrier").due_on == D(2024, 4, 20)


def test_a_pause_in_the_past_is_refused_with_a_message(client, team, coordinator):
    situation = received(team, "EM-1")
    client.force_login(coordinator)
    response = client.post(
        reverse("outreach:pause", args=[situation.public_id]), {"until": "2024-05-01", "reason": "x"}
    )
    assert response.status_code == 200
    assert "La pause se termine au plus tôt aujourd&#x27;hui." in response.content.decode()
    assert not Pause.objects.exists()


def test_the_situation_page_shows_the_sequence_done_due_and_cancelled(client, team, coordinator):
    situation = received(team, "EM-1", on=D(2024, 4, 1))
    record(situation, EventKind.LETTER, D(2024, 4, 3), recipient=Recipient.TENANT)
    record(situation, EventKind.VISIT, D(2024, 4, 13), visit_outcome=VisitOutcome.MET)
    client.force_login(coordinator)
    page = client.get(situation.get_absolute_url()).content.decode()
    assert "faite le 03/04/2024" in page  # the first letter
    assert "faite le 13/04/2024" in page  # the first visit: met
    assert "annulée le 13/04/2024" in page and "Locataire rencontré lors d&#x27;une visite" in page  # the second
    assert "à faire le 01/04/2024" in page  # the landlord's letter, still to send


def test_the_coordinator_adapts_the_teams_sequence_and_the_tasks_follow(client, team, coordinator, social_worker):
    situation = received(team, "EM-1", on=D(2024, 4, 20))
    record(situation, EventKind.LETTER, D(2024, 4, 22), recipient=Recipient.TENANT)
    assert Task.objects.get(situation=situation, step="visite_1").due_on == D(2024, 5, 2)
    url = reverse("outreach:sequence")
    client.force_login(social_worker)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.post(url, {"install": "1"}).status_code == 302
    steps = list(SequenceStep.objects.filter(team=team).order_by("position"))
    data = {"form-TOTAL_FORMS": len(steps), "form-INITIAL_FORMS": len(steps)}
    for index, step in enumerate(steps):
        data |= {
            f"form-{index}-id": step.pk,
            f"form-{index}-label": step.label,
            f"form-{index}-delay_days": 5 if step.code == "visite_1" else step.delay_days,
            f"form-{index}-organisation_kind": step.organisation_kind,
            f"form-{index}-role": step.role,
            f"form-{index}-is_active": "on",
        }
    assert client.post(url, data).status_code == 302
    assert Task.objects.get(situation=situation, step="visite_1").due_on == D(2024, 4, 27)


def test_a_long_group_shows_its_most_urgent_tasks_and_counts_the_others(client, team, coordinator, monkeypatch):
    monkeypatch.setattr("prevex.outreach.worklist.SHOWN_PER_GROUP", 2)
    for number in range(3):
        received(team, f"EM-{number}", on=D(2024, 4, 20 + number))
    client.force_login(coordinator)
    response = client.get(reverse("outreach:today"))
    (letters,) = response.context["worklist"].periods["overdue"]
    assert (letters.count, [task.situation.reference for task in letters.tasks]) == (6, ["EM-0", "EM-0"])
    assert "et 4 autres tâches, à traiter ensuite" in response.content.decode()


def test_a_callback_asked_after_the_closure_still_reaches_the_worklist(client, team, coordinator):
    situation = received(team, "EM-1", on=D(2024, 4, 1))
    record(situation, EventKind.CLOSURE, D(2024, 4, 20), closure_reason="sans_contact")
    task_add(situation, AdHocTask.CALL_BACK)
    client.force_login(coordinator)
    assert worklist(client.get(reverse("outreach:today"))) == {"today": {"calls": [("EM-1", "rappeler")]}}


def test_the_situation_page_offers_the_tenants_page_once_it_has_a_link(client, team, coordinator):
    from prevex.outreach.tenant.services import link_for

    situation = received(team, "EM-1")
    client.force_login(coordinator)
    assert "Révoquer le lien personnel" not in client.get(situation.get_absolute_url()).content.decode()
    link_for(situation)
    page = client.get(situation.get_absolute_url()).content.decode()
    assert "Révoquer le lien personnel" in page and "valable jusqu'au 20/07/2024" in page


def test_anonymising_a_household_takes_its_tasks_notes_back_to_their_kind(team, coordinator):
    from prevex.privacy import services as privacy

    situation = received(team, "EM-1")
    task = task_add(situation, AdHocTask.CHECK_NUMBER, note="Mme Dupont au 06 98 76 54 32")
    privacy.anonymise(situation, actor=coordinator, reason="test")
    task.refresh_from_db()
    assert task.label == "Numéro à vérifier"
