"""The tenant's page: valid, expired, revoked and forged tokens, what it shows (and never shows), the two
requests, CSRF, the rate limits and the journal."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry, AuditValue
from prevex.outreach.enums import AdHocTask, EndReason
from prevex.outreach.models import Task
from prevex.outreach.services import tasks_sync
from prevex.outreach.tenant import services
from prevex.outreach.tenant.models import TenantLink
from prevex.outreach.tenant.services import clear_token, link_for, links_revoke
from prevex.outreach.tenant.tests.conftest import TEAM_PHONE
from prevex.situations.enums import Channel, ClosureReason, EventKind
from prevex.situations.models import Event, Situation
from tests.test_every_url import inline_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "team_contact")]

# Everything of the household but the hearing's date and court, as the page could print it.
PERSONAL = (
    "Zéphyrine",
    "Zephyrine",
    "Philomène",
    "impasse du Secret",
    "secret.example",
    "Bailleur-Secret",
    "EM91-SECRET",
    "4321",
    "4 321",
    "06 12 34 56 78",
    "612345678",
)
TEAM_PHONE_SHOWN = "01 69 00 00 00"


def url(situation_or_token) -> str:
    token = situation_or_token if isinstance(situation_or_token, str) else clear_token(link_for(situation_or_token))
    return reverse("tenant_page:page", kwargs={"link_token": token})


def text(response) -> str:
    return response.content.decode()


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "same-origin"  # the token is never sent to another site
    assert response.get("Set-Cookie") is None or "sessionid" not in str(response.cookies)


def callback(client, page_url, phone="06 98 76 54 32", slot="morning", **extra):
    return client.post(page_url, {"rappel-action": "callback", "rappel-phone": phone, "rappel-slot": slot}, **extra)


def left(client, page_url, confirm=True):
    data = {"depart-action": "left"} | ({"depart-confirm": "on"} if confirm else {})
    return client.post(page_url, data)


# --- what the page shows ------------------------------------------------------------------------------------------


def test_a_valid_link_shows_the_hearing_the_team_and_the_two_requests(client, situation):
    response = client.get(url(situation))
    assert response.status_code == 200
    page = text(response)
    assert "mardi 14 mai 2024" in page and "Tribunal de proximité de Palaiseau" in page
    assert TEAM_PHONE_SHOWN in page and f'href="tel:{TEAM_PHONE}"' in page
    assert "gratuit" in page and "ne travaille pas pour votre propriétaire" in page
    assert "Rappelez-moi" in page and "J'ai quitté ce logement" in page
    assert page.count('name="csrfmiddlewaretoken"') == 2
    assert "<script" not in page  # works without JavaScript
    # Nothing leads to another site (the Referer would carry the token there).
    assert [href for href in re.findall(r'href="([^"]+)"', page) if not href.startswith(("/", "#", "tel:"))] == []
    assert_private(response)
    assert inline_code(response) == []


def test_the_page_of_a_valid_link_leaks_nothing_of_the_household(client, situation):
    page = text(client.get(url(situation)))
    assert [value for value in PERSONAL if value.casefold() in page.casefold()] == []
    assert str(situation.public_id) not in page


def test_the_pages_after_a_request_and_with_form_errors_leak_nothing_either(client, situation):
    page_url = url(situation)
    pages = [
        text(callback(client, page_url, phone="06 12")),  # refused: the error names the value typed only
        text(left(client, page_url, confirm=False)),
        text(client.get(callback(client, page_url)["Location"])),
        text(client.get(f"{page_url}?fait=depart")),
    ]
    for page in pages:
        assert [value for value in PERSONAL if value.casefold() in page.casefold()] == []


def test_an_expired_link_gets_a_friendly_page_with_the_team_phone_only(client, situation):
    page_url = url(situation)
    with time_machine.travel(dt.datetime(2024, 6, 14, 10, 0, tzinfo=dt.UTC), tick=False):  # hearing + 31 days
        response = client.get(page_url)
        assert callback(client, page_url).status_code == 410
    assert response.status_code == 410
    page = text(response)
    assert "Ce lien ne fonctionne plus" in page and TEAM_PHONE_SHOWN in page
    assert "14 mai 2024" not in page and "Palaiseau" not in page and "Rappelez-moi" not in page
    assert [value for value in PERSONAL if value.casefold() in page.casefold()] == []
    assert_private(response)
    assert not Event.objects.filter(kind=EventKind.TENANT_CONTACT).exists()


def test_a_revoked_link_gets_the_friendly_page_with_the_team_phone(client, situation, coordinator):
    page_url = url(situation)
    links_revoke(situation, coordinator)
    response = client.get(page_url)
    assert response.status_code == 410 and TEAM_PHONE_SHOWN in text(response)
    assert "Palaiseau" not in text(response)


@pytest.mark.parametrize("token", ["A" * 43, "not-a-valid-token", "x" * 200])
def test_a_forged_token_gets_a_generic_page_naming_no_team(client, situation, team, token):
    link_for(situation)
    response = client.get(url(token))
    assert response.status_code == 404
    page = text(response)
    assert "Ce lien n'est pas reconnu" in page
    assert TEAM_PHONE_SHOWN not in page and team.name not in page and "Palaiseau" not in page
    assert_private(response)


def test_an_erased_household_s_token_opens_the_generic_page(client, situation):
    page_url = url(situation)
    services_privacy_anonymise(situation)
    response = client.get(page_url)
    assert response.status_code == 404 and TEAM_PHONE_SHOWN not in text(response)


def services_privacy_anonymise(situation):
    from prevex.outreach.tenant import privacy

    privacy.anonymise(situation)


# --- the requests -------------------------------------------------------------------------------------------------


def test_call_me_back_records_a_contact_by_link_and_a_callback_task_and_ends_the_sequence(client, situation):
    tasks_sync([situation.pk])
    first_letter = Task.objects.get(situation=situation, step="premier_courrier")
    assert first_letter.is_open
    page_url = url(situation)

    response = callback(client, page_url, phone="06 98 76 54 32", slot="afternoon")

    assert response.status_code == 302 and response["Location"] == f"{page_url}?fait=rappel"
    event = Event.objects.get(situation=situation, kind=EventKind.TENANT_CONTACT)
    assert event.channel == Channel.LINK and event.author is None and event.occurred_on == dt.date(2024, 5, 2)
    assert "06 98 76 54 32" in event.note and "après-midi" in event.note
    task = Task.objects.get(situation=situation, step=AdHocTask.CALL_BACK)
    assert task.is_open and not task.planned and task.due_on == dt.date(2024, 5, 2)
    assert "06 98 76 54 32" in task.label and "après-midi" in task.label
    first_letter.refresh_from_db()
    assert first_letter.cancelled_reason == EndReason.TENANT_CONTACT and first_letter.cancelled_event_id == event.pk
    assert not Task.objects.filter(situation=situation, planned=True, step__in=["visite_1", "premier_courrier"]).open()
    assert Situation.objects.get(pk=situation.pk).phone == "+33612345678"  # a person decides: not overwritten
    confirmation = text(client.get(response["Location"]))
    assert "Votre demande est bien envoyée" in confirmation


def test_a_phone_number_that_is_not_one_is_refused_and_nothing_is_recorded(client, situation):
    response = callback(client, url(situation), phone="06 12 34")
    assert response.status_code == 200
    assert "Numéro de téléphone invalide" in text(response)
    assert not Event.objects.filter(kind=EventKind.TENANT_CONTACT).exists()
    assert not Task.objects.filter(step=AdHocTask.CALL_BACK).exists()


def test_a_time_slot_is_required(client, situation):
    response = callback(client, url(situation), slot="")
    assert response.status_code == 200 and not Task.objects.filter(step=AdHocTask.CALL_BACK).exists()


def test_i_have_left_records_a_contact_and_a_task_proposing_the_closure_depart_volontaire(client, situation):
    tasks_sync([situation.pk])
    page_url = url(situation)
    response = left(client, page_url)
    assert response.status_code == 302 and response["Location"] == f"{page_url}?fait=depart"
    event = Event.objects.get(situation=situation, kind=EventKind.TENANT_CONTACT)
    assert event.channel == Channel.LINK and "quitté le logement" in event.note
    task = Task.objects.get(situation=situation, step=AdHocTask.CHECK_ADDRESS)
    assert task.is_open and task.proposed_closure == ClosureReason.DEPART_VOLONTAIRE
    assert "Départ volontaire" in task.label
    assert Situation.objects.get(pk=situation.pk).closed_on is None  # proposed, not closed
    assert Task.objects.get(situation=situation, step="premier_courrier").cancelled_reason == EndReason.TENANT_CONTACT


def test_i_have_left_needs_the_box_ticked(client, situation):
    response = left(client, url(situation), confirm=False)
    assert response.status_code == 200 and "Cochez la case" in text(response)
    assert not Event.objects.filter(kind=EventKind.TENANT_CONTACT).exists()


def test_a_request_the_timeline_refuses_tells_the_tenant_to_call(client, situation, monkeypatch):
    def refuse(**kwargs):
        raise services.ValidationError("refusé")

    monkeypatch.setattr(services, "event_record", refuse)
    response = callback(client, url(situation))
    assert response.status_code == 200 and "Appelez l'équipe" in text(response)
    assert TEAM_PHONE_SHOWN in text(response)
    assert not Task.objects.filter(step=AdHocTask.CALL_BACK).exists()


def test_the_forms_need_their_csrf_token(situation):
    client = Client(enforce_csrf_checks=True)
    page_url = url(situation)
    assert callback(client, page_url).status_code == 403
    assert left(client, page_url).status_code == 403
    assert not Event.objects.filter(kind=EventKind.TENANT_CONTACT).exists()
    page = text(client.get(page_url))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        page_url,
        {"csrfmiddlewaretoken": token, "rappel-action": "callback", "rappel-phone": "0698765432", "rappel-slot": "any"},
    )
    assert response.status_code == 302 and Task.objects.filter(step=AdHocTask.CALL_BACK).exists()


def test_the_page_reads_a_constant_few_rows(client, situation, django_assert_max_num_queries):
    page_url = url(situation)
    with django_assert_max_num_queries(10):  # limit counter, link, journal entry, team contact (+ savepoints)
        assert client.get(page_url).status_code == 200


def test_other_methods_are_refused(client, situation):
    assert client.put(url(situation)).status_code == 405


# --- rate limits ------------------------------------------------------------------------------------------------------


def test_twenty_requests_per_address_in_ten_minutes_then_a_pause(client, situation):
    page_url = url(situation)
    start = dt.datetime(2024, 5, 2, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert [client.get(page_url).status_code for _ in range(20)] == [200] * 20
        limited = client.get(page_url)
        assert limited.status_code == 429 and "Trop de demandes" in text(limited)
        assert "Palaiseau" not in text(limited)
        # Another address is not held back by this one.
        assert client.get(page_url, REMOTE_ADDR="192.0.2.7").status_code == 200
        # A forged token counts the same (one cannot sweep tokens faster).
        assert client.get(url("B" * 43)).status_code == 429
        clock.move_to(start + dt.timedelta(minutes=10))
        assert client.get(page_url).status_code == 200


def test_five_requests_per_link_and_day_whatever_the_address(client, situation):
    page_url = url(situation)
    start = dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        statuses = [callback(client, page_url, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(5)]
        assert statuses == [302] * 5
        sixth = callback(client, page_url, REMOTE_ADDR="198.51.100.1")
        assert sixth.status_code == 429 and "plusieurs demandes" in text(sixth)
        assert Event.objects.filter(situation=situation, kind=EventKind.TENANT_CONTACT).count() == 5
        assert client.get(page_url, REMOTE_ADDR="198.51.100.1").status_code == 200  # the page still shows
        clock.move_to(dt.datetime(2024, 5, 3, 0, 1, tzinfo=dt.UTC))  # the next day (UTC window)
        assert callback(client, page_url, REMOTE_ADDR="198.51.100.1").status_code == 302


# --- the journal ------------------------------------------------------------------------------------------------------


def test_every_visit_is_journaled_without_the_token_or_the_address(client, situation):
    page_url = url(situation)
    token = page_url.rstrip("/").rsplit("/", 1)[1]
    client.get(page_url, REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.get(details__tenant_page="page")
    assert entry.action == AuditAction.VIEW and entry.actor is None and entry.team == situation.team
    assert entry.target_type == "situations.situation" and entry.target_id == str(situation.public_id)
    assert entry.details["link"] == "valid" and entry.details["method"] == "GET"
    assert token not in str(entry.details) and "203.0.113.9" not in str(entry.details)


def test_a_forged_token_is_journaled_about_no_team(client, situation):
    client.get(url("C" * 43))
    entry = AuditEntry.objects.get(details__tenant_page="page")
    assert entry.team is None and entry.target_type == "tenant_page.tenantlink"
    assert entry.details["link"] == "unknown"


def test_an_expired_link_is_journaled_about_its_situation(client, situation):
    page_url = url(situation)
    with time_machine.travel(dt.datetime(2024, 7, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        client.get(page_url)
    entry = AuditEntry.objects.get(details__tenant_page="page")
    assert entry.details["link"] == "expired" and entry.target_id == str(situation.public_id)


def test_a_request_is_journaled_with_the_phone_kept_apart(client, situation):
    callback(client, url(situation), phone="06 98 76 54 32", slot="morning")
    entry = AuditEntry.objects.get(details__tenant_page="callback")
    assert entry.action == AuditAction.CREATE and entry.team == situation.team
    assert entry.details["slot"] == "morning" and entry.details["task"]
    assert "+33698765432" not in str(entry.details) and entry.details["personal_fields"] == ["phone"]
    assert AuditValue.objects.get(entry=entry).values == {"phone": "+33698765432"}


def test_refused_and_rate_limited_requests_are_journaled_too(client, situation, settings):
    settings.PREVEX_TENANT_PAGE_PER_IP = 2
    page_url = url(situation)
    callback(client, page_url, phone="06 12")
    client.get(page_url)
    client.get(page_url)
    kinds = list(AuditEntry.objects.order_by("pk").values_list("details__tenant_page", flat=True))
    assert kinds == ["callback_invalid", "page", "rate_limited"]
    assert "06 12" not in str(AuditEntry.objects.get(details__tenant_page="callback_invalid").details)


# --- the team's contact -----------------------------------------------------------------------------------------------


def test_the_coordinator_sets_the_team_phone_the_page_shows(client, coordinator, situation):
    client.force_login(coordinator)
    response = client.post(reverse("tenant_page:contact"), {"phone": "01 60 11 22 33", "hours": "Le matin"})
    assert response.status_code == 302
    client.logout()
    page = text(client.get(url(situation)))
    assert "01 60 11 22 33" in page and 'href="tel:+33160112233"' in page and "Le matin" in page


def test_the_team_phone_must_be_a_phone_number(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("tenant_page:contact"), {"phone": "appelez-nous", "hours": ""})
    assert response.status_code == 200 and "Numéro de téléphone invalide" in text(response)


def test_a_link_is_one_row_per_situation_until_revoked(situation):
    link_for(situation)
    link_for(situation)
    assert TenantLink.objects.filter(situation=situation).count() == 1


def test_a_case_worker_revokes_the_link_of_a_situation_of_the_team(client, social_worker, situation):
    page_url = url(situation)
    client.force_login(social_worker)
    response = client.post(reverse("tenant_page:revoke", kwargs={"public_id": situation.public_id}))
    assert response.status_code == 302 and response["Location"] == situation.get_absolute_url()
    assert TenantLink.objects.get(situation=situation).revoked_at is not None
    entry = AuditEntry.objects.get(details__tenant_page="revoke")
    assert entry.actor == social_worker and entry.target_id == str(situation.public_id)
    client.logout()
    assert client.get(page_url).status_code == 410


def test_another_team_cannot_revoke_the_link(client, other_team_member, situation):
    link_for(situation)
    client.force_login(other_team_member)
    response = client.post(reverse("tenant_page:revoke", kwargs={"public_id": situation.public_id}))
    assert response.status_code == 404 and TenantLink.objects.active().filter(situation=situation).exists()
