"""The pages of rounds: planning (propose, untick, save), the round on a phone (one tap records, the next card
follows, with and without htmx), the sheet, team isolation, and a constant number of queries."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from prevex.audit.models import AuditEntry
from prevex.outreach.models import Task
from prevex.outreach.rounds import services
from prevex.outreach.rounds.models import Round, RoundStop
from prevex.outreach.rounds.tests.factories import due_for_visit, round_of
from prevex.situations.enums import EventKind, VisitOutcome
from prevex.situations.models import Event
from prevex.situations.tests.factories import EventFactory
from prevex.territories.tests.factories import CommuneFactory

D = dt.date
TODAY = D(2024, 5, 2)
HTMX = {"HX-Request": "true"}
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def massy(db):
    return CommuneFactory()


@pytest.fixture
def worker_client(client, social_worker):
    client.force_login(social_worker)
    return client


def plan_data(commune, worker, **more):
    return {"day": "2024-05-02", "communes": [commune.pk], "workers": [worker.pk], **more}


def test_planning_proposes_all_ticked_then_saves_the_ticked_ones_in_walking_order(
    worker_client, team, social_worker, massy
):
    far = due_for_visit(
        team,
        social_worker,
        reference="R-FAR",
        commune=massy,
        address="9 rue Haute",
        tenant_last_name="Loin",
        hearing_date=D(2024, 6, 20),
    )
    near = due_for_visit(
        team,
        social_worker,
        reference="R-NEAR",
        commune=massy,
        address="1 rue Basse, 3e étage",
        tenant_last_name="Proche",
        hearing_date=D(2024, 5, 20),
    )
    dropped = due_for_visit(team, social_worker, reference="R-DROP", commune=massy, address="2 rue Basse")
    url = reverse("rounds:plan")
    assert worker_client.get(url).status_code == 200

    proposed = worker_client.post(url, plan_data(massy, social_worker, propose=""))
    html = proposed.content.decode()
    assert html.index("PROCHE") < html.index("LOIN")
    assert len(re.findall(r'name="situations" value="\d+" id="[^"]+" checked', html)) == 3
    assert "3e étage" in html and "en retard" in html

    saved = worker_client.post(url, plan_data(massy, social_worker, save="", situations=[str(far.pk), str(near.pk)]))
    visit_round = Round.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("rounds:detail", args=[visit_round.public_id])
    assert list(visit_round.stops.values_list("situation__reference", flat=True)) == ["R-NEAR", "R-FAR"]
    assert not RoundStop.objects.filter(situation=dropped).exists()
    assert AuditEntry.objects.filter(target_type="rounds.round", actor=social_worker).count() == 1


def test_planning_names_what_is_missing(worker_client, team, social_worker, juriste, massy):
    response = worker_client.post(reverse("rounds:plan"), {"day": "", "propose": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez un secteur ou au moins une commune." in html and "Ce champ est obligatoire." in html
    due_for_visit(team, social_worker, commune=massy)
    joint_alone = worker_client.post(reverse("rounds:plan"), plan_data(massy, social_worker, is_joint="on"))
    assert "une personne de chacun des deux partenaires" in joint_alone.content.decode()
    nobody = worker_client.post(reverse("rounds:plan"), plan_data(massy, social_worker, save=""))
    assert "Cochez au moins un ménage à visiter." in nobody.content.decode() and not Round.objects.exists()


def test_a_joint_round_of_both_partners_is_saved_joint(worker_client, team, social_worker, juriste, massy):
    situation = due_for_visit(team, social_worker, commune=massy)
    data = plan_data(massy, social_worker, save="", is_joint="on", situations=[situation.pk])
    data["workers"] = [social_worker.pk, juriste.pk]
    assert worker_client.post(reverse("rounds:plan"), data).status_code == 302
    assert Round.objects.get().is_joint


def test_the_day_can_be_preset_from_aujourdhui(worker_client):
    html = worker_client.get(reverse("rounds:plan"), {"day": "2024-05-06"}).content.decode()
    assert 'value="2024-05-06"' in html


@pytest.fixture
def visit_round(team, social_worker, juriste, massy):
    situations = [
        due_for_visit(
            team,
            social_worker,
            reference=f"R-{n}",
            commune=massy,
            address=f"{n} rue Pasteur, porte {n}",
            tenant_last_name=f"Menage{n}",
            hearing_date=D(2024, 6, 28),
        )
        for n in (1, 3)
    ]
    return round_of(team, situations, day=TODAY, workers=[social_worker, juriste])


def test_the_round_shows_one_card_with_the_tenant_the_door_and_the_hearing(worker_client, visit_round):
    html = worker_client.get(reverse("rounds:detail", args=[visit_round.public_id])).content.decode()
    card = html[html.index('class="card round-card"') : html.index("</article>")]
    assert "MENAGE1" in card and "porte 1" in card and "28/06/2024" in card and "MENAGE3" not in card
    assert card.count('name="outcome"') == 6 and "Absent — avis de passage déposé" in card
    assert "Ensuite" in html and "MENAGE3" in html


def test_one_tap_records_the_visit_and_the_next_card_follows_without_javascript(
    worker_client, visit_round, social_worker
):
    first, second = visit_round.stops.order_by("position")
    url = reverse("rounds:record", args=[visit_round.public_id, first.pk])
    response = worker_client.post(url, {"outcome": VisitOutcome.ABSENT, "note": "avis déposé"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "rounds:detail", args=[visit_round.public_id]
    )
    event = Event.objects.get(kind=EventKind.VISIT, situation=first.situation)
    assert (event.visit_outcome, event.note, event.author) == (VisitOutcome.ABSENT, "avis déposé", social_worker)
    assert Task.objects.get(situation=first.situation, step="visite_2").due_on == D(2024, 5, 12)
    page = worker_client.get(response["Location"]).content.decode()
    assert "Visite notée : Absent." in page
    card = page[page.index('class="card round-card"') : page.index("</article>")]
    assert "MENAGE3" in card
    edit = reverse("situations:event_edit", args=[first.situation.public_id, event.pk])
    assert edit in page  # its author corrects it on the event's page


def test_with_htmx_the_live_part_comes_back_with_the_next_card(worker_client, visit_round):
    first, second = visit_round.stops.order_by("position")
    url = reverse("rounds:record", args=[visit_round.public_id, first.pk])
    response = worker_client.post(url, {"outcome": VisitOutcome.MET}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="round-live">')
    assert "<html" not in html and "MENAGE3" in html[html.index("round-card") :]
    assert reverse("rounds:record", args=[visit_round.public_id, second.pk]) in html
    again = worker_client.post(url, {"outcome": VisitOutcome.ABSENT}, headers=HTMX)
    assert "Déjà noté : Rencontré." in again.content.decode()
    assert Event.objects.filter(kind=EventKind.VISIT).count() == 1


def test_a_tap_without_an_outcome_records_nothing_and_says_so(worker_client, visit_round):
    first = visit_round.stops.order_by("position").first()
    url = reverse("rounds:record", args=[visit_round.public_id, first.pk])
    response = worker_client.post(url, {"outcome": "perhaps"}, headers=HTMX)
    assert "Choisissez le résultat de la visite." in response.content.decode()
    assert not Event.objects.filter(kind=EventKind.VISIT).exists()


def test_a_card_can_be_chosen_and_a_colleagues_outcome_has_no_correction_link(
    client, visit_round, juriste, social_worker
):
    first, second = visit_round.stops.order_by("position")
    client.force_login(juriste)
    html = client.get(reverse("rounds:detail", args=[visit_round.public_id]), {"etape": second.pk}).content.decode()
    assert "MENAGE3" in html[html.index("round-card") : html.index("</article>")]
    client.force_login(social_worker)
    client.post(reverse("rounds:record", args=[visit_round.public_id, first.pk]), {"outcome": VisitOutcome.MET})
    client.force_login(juriste)
    html = client.get(reverse("rounds:detail", args=[visit_round.public_id])).content.decode()
    assert "Déjà notées" in html and "/corriger/" not in html


def test_the_sheet_lists_every_stop_with_the_outcomes_to_tick(worker_client, visit_round):
    html = worker_client.get(reverse("rounds:sheet", args=[visit_round.public_id])).content.decode()
    assert html.index("MENAGE1") < html.index("MENAGE3")
    assert html.count("☐ Absent — avis de passage déposé") == 2 and "data-print" in html
    assert "rounds/rounds.css" in html and "rounds/rounds.js" in html


def test_the_list_shows_the_teams_rounds_and_their_progress(worker_client, visit_round, social_worker):
    first = visit_round.stops.order_by("position").first()
    worker_client.post(reverse("rounds:record", args=[visit_round.public_id, first.pk]), {"outcome": "absent"})
    html = worker_client.get(reverse("rounds:list")).content.decode()
    assert "1 visite(s) notée(s) sur 2" in html and reverse("rounds:detail", args=[visit_round.public_id]) in html


def test_another_teams_round_and_stop_are_not_found(client, visit_round, other_team_member, funder):
    first = visit_round.stops.first()
    client.force_login(other_team_member)
    for name in ("rounds:detail", "rounds:sheet"):
        assert client.get(reverse(name, args=[visit_round.public_id])).status_code == 404
    record = reverse("rounds:record", args=[visit_round.public_id, first.pk])
    assert client.post(record, {"outcome": "met"}).status_code == 404
    assert "MENAGE" not in client.get(reverse("rounds:list")).content.decode()
    client.force_login(funder)
    assert client.get(reverse("rounds:detail", args=[visit_round.public_id])).status_code == 403
    assert not Event.objects.filter(kind=EventKind.VISIT).exists()


def test_a_stop_of_another_round_is_not_found_through_this_one(worker_client, team, social_worker, visit_round, massy):
    other = round_of(team, [due_for_visit(team, social_worker, commune=massy)], day=TODAY)
    url = reverse("rounds:record", args=[visit_round.public_id, other.stops.get().pk])
    assert worker_client.post(url, {"outcome": "met"}).status_code == 404


def a_round_of(count, team, author, commune):
    situations = [
        due_for_visit(team, author, reference=f"Q-{count}-{n}", commune=commune, address=f"{n} rue Q")
        for n in range(1, count + 1)
    ]
    visit_round = round_of(team, situations, day=TODAY, workers=[author])
    for stop in list(visit_round.stops.order_by("position"))[: count // 2]:
        event = EventFactory(
            situation=stop.situation, kind=EventKind.VISIT, visit_outcome="absent", occurred_on=TODAY, author=author
        )
        RoundStop.objects.filter(pk=stop.pk).update(event=event)
    return visit_round


def test_the_round_page_costs_the_same_queries_for_2_or_20_stops(
    worker_client, team, social_worker, massy, django_assert_num_queries
):
    small, large = a_round_of(2, team, social_worker, massy), a_round_of(20, team, social_worker, massy)
    worker_client.get(reverse("rounds:detail", args=[small.public_id]))  # warm the session and the caches
    with CaptureQueriesContext(connection) as small_queries:
        assert worker_client.get(reverse("rounds:detail", args=[small.public_id])).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert worker_client.get(reverse("rounds:detail", args=[large.public_id])).status_code == 200


def test_aujourdhui_can_list_the_rounds_of_the_day_one_goes_on(team, social_worker, juriste, visit_round, massy):
    round_of(team, [due_for_visit(team, social_worker, commune=massy)], day=TODAY, workers=[juriste])
    round_of(team, [due_for_visit(team, social_worker, commune=massy)], day=D(2024, 5, 3), workers=[social_worker])
    (mine,) = services.my_rounds_on(social_worker, TODAY)
    assert (mine, mine.stop_count, mine.recorded_count) == (visit_round, 2, 0)


def test_only_the_teams_case_workers_can_go_on_a_round(
    worker_client, team, social_worker, funder, other_team_member, massy
):
    due_for_visit(team, social_worker, commune=massy)
    for outsider in (funder, other_team_member):
        response = worker_client.post(reverse("rounds:plan"), plan_data(massy, outsider, propose=""))
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert "Proposer les visites" in response.content.decode() and "ménage proposé" not in response.content.decode()


def test_a_round_planned_by_mistake_is_cancelled_from_its_page(worker_client, visit_round):
    url = reverse("rounds:detail", args=[visit_round.public_id])
    assert reverse("rounds:cancel", args=[visit_round.public_id]) in worker_client.get(url).content.decode()
    response = worker_client.post(reverse("rounds:cancel", args=[visit_round.public_id]))
    assert response.status_code == 302 and response["Location"] == reverse("rounds:list")
    html = worker_client.get(url).content.decode()
    assert "Tournée annulée" in html and 'name="outcome"' not in html
    assert "Annulée" in worker_client.get(reverse("rounds:list")).content.decode()


def test_the_sheet_as_a_pdf_lists_the_stops_in_order_and_is_journaled(worker_client, visit_round, social_worker):
    response = worker_client.get(reverse("rounds:sheet_pdf", args=[visit_round.public_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="tournee-2024-05-02.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1 and "Page 1 / 1" in text
    assert text.index("MENAGE1") < text.index("MENAGE3") and "porte 3" in text and "28/06/2024" in text
    assert text.count("Absent — avis de passage déposé") == 2
    entry = AuditEntry.objects.get(target_type="rounds.round", action="export")
    assert entry.details == {"round": "sheet_pdf", "stops": 2} and entry.actor == social_worker
