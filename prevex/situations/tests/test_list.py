import datetime as dt
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.core.text import normalize
from prevex.situations.enums import ClosureReason, EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.territories.tests.factories import CommuneFactory


@pytest.fixture
def logged_in(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


def names(response):
    return [situation.tenant_last_name for situation in response.context["page"].object_list]


def urls_in(response) -> list[str]:
    """Every address a page gives: its links, form targets and htmx requests."""
    return re.findall(r'(?:href|action|src|hx-get|hx-post|hx-push-url)="([^"]*)"', response.content.decode())


@pytest.mark.parametrize(
    "query", ["lefevre", "LEFÈVRE", "  lefèvre ", "anais lefevre", "EM91-00001", "rue des lilas massy"]
)
def test_search_ignores_accents_case_and_word_order(logged_in, situation, query):
    SituationFactory(team=situation.team, tenant_last_name="Durand", address="1 place de la Gare")
    assert names(logged_in.post("/situations/", {"q": query})) == ["Lefèvre"]


def test_the_list_shows_only_the_teams_situations(logged_in, situation, other_team_member):
    SituationFactory(team=other_team_member.membership.team, tenant_last_name="Étranger")
    assert names(logged_in.get("/situations/")) == ["Lefèvre"]


def test_filters_combine(logged_in, team, situation, sector):
    evry = CommuneFactory(evry=True)
    SituationFactory(team=team, tenant_last_name="Évry", commune=evry, hearing_date=dt.date(2024, 6, 30))
    closed = SituationFactory(team=team, tenant_last_name="Clos")
    EventFactory(situation=closed, kind=EventKind.CLOSURE, closure_reason=ClosureReason.SANS_CONTACT)
    accompanied = SituationFactory(team=team, tenant_last_name="Suivi")
    EventFactory(situation=accompanied, kind=EventKind.ADHESION)

    assert sorted(names(logged_in.get("/situations/"))) == ["Lefèvre", "Suivi", "Évry"]
    assert names(logged_in.get("/situations/", {"status": "closed"})) == ["Clos"]
    assert sorted(names(logged_in.get("/situations/", {"status": "all"}))) == ["Clos", "Lefèvre", "Suivi", "Évry"]
    assert names(logged_in.get("/situations/", {"commune": "evry"})) == ["Évry"]
    assert names(logged_in.get("/situations/", {"sector": sector.pk})) == ["Lefèvre"]
    assert names(logged_in.get("/situations/", {"stage": "accompanied"})) == ["Suivi"]
    assert names(logged_in.get("/situations/", {"accompanied": "yes"})) == ["Suivi"]
    assert names(logged_in.get("/situations/", {"hearing_from": "2024-06-01", "hearing_to": "2024-07-31"})) == ["Évry"]


def test_the_htmx_request_gets_only_the_results(logged_in, situation):
    response = logged_in.post("/situations/", {"q": "lef"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and "LEFÈVRE" in body


def test_the_list_is_paginated_with_a_constant_number_of_queries(logged_in, team):
    SituationFactory.create_batch(60, team=team)
    with CaptureQueriesContext(connection) as few:
        first = logged_in.get("/situations/")
    SituationFactory.create_batch(60, team=team)
    with CaptureQueriesContext(connection) as many:
        logged_in.get("/situations/", {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(few) == len(many)


def test_a_search_keeps_the_name_out_of_the_address(logged_in, situation):
    # Adapted: the search was remembered in the session under a key put in the address (302 to `?f=…`, and
    # `HX-Push-Url`); it is now answered at once, and no address is given at all.
    SituationFactory(team=situation.team, tenant_last_name="Durand")
    response = logged_in.post("/situations/", {"q": "Lefèvre", "status": "open"})
    assert response.status_code == 200 and names(response) == ["Lefèvre"]
    assert not any(name in response for name in ("Location", "HX-Push-Url", "HX-Replace-Url"))
    assert not [url for url in urls_in(response) if "lef" in normalize(url)]
    htmx = logged_in.post("/situations/", {"q": "Durand"}, headers={"HX-Request": "true"})
    assert names(htmx) == ["Durand"] and "HX-Push-Url" not in htmx and "HX-Replace-Url" not in htmx
    assert not [url for url in urls_in(htmx) if "durand" in normalize(url)]


def test_an_unknown_search_key_shows_the_whole_list(logged_in, situation):
    assert names(logged_in.get("/situations/", {"f": "inconnue"})) == ["Lefèvre"]


def test_a_search_in_the_address_does_not_filter_and_is_not_echoed(logged_in, situation):
    SituationFactory(team=situation.team, tenant_last_name="Durand")
    response = logged_in.get("/situations/", {"q": "Zorglub", "status": "all"})
    assert response.status_code == 302 and response.url == "/situations/?status=all"
    assert "zorglub" not in normalize(response.url)
    shown = logged_in.get("/situations/", {"q": "Zorglub"}, follow=True)
    assert sorted(names(shown)) == ["Durand", "Lefèvre"] and "zorglub" not in normalize(shown.content.decode())
    htmx = logged_in.get("/situations/", {"q": "Zorglub"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 302 and "zorglub" not in normalize(htmx.url)


def test_a_search_leaves_no_trace_in_the_session_store(logged_in, situation):
    session = logged_in.session
    session["prevex_situation_filters"] = {"k": {"q": "Lefèvre"}}  # remembered by an earlier version
    session.save()
    logged_in.post("/situations/", {"q": "Lefèvre", "commune": "massy"})
    logged_in.post("/situations/", {"q": "Anaïs", "page": "1"}, headers={"HX-Request": "true"})
    logged_in.get("/situations/")
    stored = [
        normalize(json.dumps(row.get_decoded(), default=str, ensure_ascii=False)) for row in Session.objects.all()
    ]
    assert stored and not [text for text in stored if "lefevre" in text or "anais" in text]


def test_the_pages_of_a_search_post_the_criteria_again(logged_in, team):
    SituationFactory.create_batch(60, team=team, tenant_last_name="Martin")
    SituationFactory.create_batch(3, team=team, tenant_last_name="Durand")
    first = logged_in.post("/situations/", {"q": "martin"})
    assert len(first.context["page"].object_list) == 50 and set(names(first)) == {"Martin"}
    body = first.content.decode()
    assert 'form="situation-filters" name="page" value="2"' in body and 'id="situation-filters"' in body
    assert not [url for url in urls_in(first) if "martin" in normalize(url) or "page=" in url]
    second = logged_in.post("/situations/", {"q": "martin", "page": "2"})
    assert len(second.context["page"].object_list) == 10 and set(names(second)) == {"Martin"}
    htmx = logged_in.post("/situations/", {"q": "martin", "page": "2"}, headers={"HX-Request": "true"})
    assert htmx.content.decode().lstrip().startswith('<div id="results"') and len(htmx.context["page"]) == 10
    assert 'name="page" value="1"' in htmx.content.decode() and "martin" not in normalize(" ".join(urls_in(htmx)))
