"""A situation is found by its phone number, typed in its national or international form (issue 9, §9)."""

import pytest

from prevex.situations import services
from prevex.situations.tests.factories import SituationFactory


@pytest.fixture
def logged_in(client, juriste, frozen_today):
    client.force_login(juriste)
    return client


def names(response):
    return [situation.tenant_last_name for situation in response.context["page"].object_list]


@pytest.mark.parametrize("query", ["06 12 34 56 78", "0612345678", "+33612345678", "+33 6 12 34 56 78"])
def test_the_list_finds_a_situation_by_its_phone(logged_in, team, query):
    SituationFactory(team=team, tenant_last_name="Lefèvre", phone="+33612345678")
    SituationFactory(team=team, tenant_last_name="Durand", phone="+33698765432")
    assert names(logged_in.post("/situations/", {"q": query})) == ["Lefèvre"]


def test_the_phone_is_in_the_search_text_once_in_each_form():
    assert services.phone_digits("+33612345678") == ["33612345678", "0612345678"]
    assert services.phone_digits("+32470123456") == ["32470123456"]  # a Belgian number: E.164 only
    assert services.phone_digits("") == []
