import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.situations.enums import ClosureReason, EventKind
from prevex.situations.tests.factories import EventFactory, SituationFactory
from prevex.territories.tests.factories import CommuneFactory


@pytest.fixture
def logged_in(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


def names(response):
    return [situation.tenant_last_name for situation in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query", ["lefevre", "LEFÈVRE", "  lefèvre ", "anais lefevre", "EM91-00001", "rue des lilas massy"]
)
def test_search_ignores_accents_case_and_word_order(logged_in, situation, query):
    SituationFactory(team=situation.team, tenant_last_name="Durand", address="1 place de la Gare")
    assert names(logged_in.get("/situations/", {"q": query})) == ["Lefèvre"]


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
    response = logged_in.get("/situations/", {"q": "lef"}, HTTP_HX_REQUEST="true")
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
    SituationFactory(team=situation.team, tenant_last_name="Durand")
    response = logged_in.post("/situations/", {"q": "Lefèvre", "status": "open"})
    assert response.status_code == 302 and "Lef" not in response.url and "?f=" in response.url
    assert names(logged_in.get(response.url)) == ["Lefèvre"]
    htmx = logged_in.post("/situations/", {"q": "Durand"}, headers={"HX-Request": "true"})
    assert names(htmx) == ["Durand"] and "?f=" in htmx["HX-Push-Url"] and "Durand" not in htmx["HX-Push-Url"]
    assert names(logged_in.get(htmx["HX-Push-Url"])) == ["Durand"]


def test_an_unknown_search_key_shows_the_whole_list(logged_in, situation):
    assert names(logged_in.get("/situations/", {"f": "inconnue"})) == ["Lefèvre"]
