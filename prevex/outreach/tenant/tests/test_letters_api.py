"""What the letters print: the absolute address of the household's page and its QR code."""

import re

import pytest
from django.test import RequestFactory

from prevex.outreach.tenant.services import (
    LinkStatus,
    clear_token,
    link_for,
    personal_url,
    personal_urls,
    qr_data_uri,
    qr_svg,
    resolve,
)
from prevex.situations.tests.factories import SituationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_personal_url_is_absolute_from_the_public_url_setting(situation, settings):
    settings.PREVEX_PUBLIC_URL = "https://prevex.essonne.example/"
    url = personal_url(situation)
    token = clear_token(link_for(situation))
    assert url == f"https://prevex.essonne.example/aller-vers/locataire/{token}/"
    assert personal_url(situation) == url  # the same link every time
    assert resolve(url.rstrip("/").rsplit("/", 1)[1]).status == LinkStatus.VALID


def test_the_personal_url_defaults_to_the_development_server(situation, settings):
    del settings.PREVEX_PUBLIC_URL
    assert personal_url(situation).startswith("http://localhost:8000/aller-vers/locataire/")


def test_the_personal_url_follows_the_request_when_there_is_one(situation):
    request = RequestFactory().get("/", secure=True, HTTP_HOST="testserver")
    assert personal_url(situation, request).startswith("https://testserver/aller-vers/locataire/")


def test_the_url_names_nothing_of_the_household(situation):
    url = personal_url(situation)
    assert str(situation.public_id) not in url and situation.reference not in url
    assert re.fullmatch(r"http://localhost:8000/aller-vers/locataire/[A-Za-z0-9_-]{43}/", url)


def test_the_qr_code_is_inline_svg_without_style_or_script(situation):
    url = personal_url(situation)
    svg = qr_svg(url)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg and "style=" not in svg and "Code QR" in svg
    assert qr_data_uri(url).startswith("data:image/svg+xml")


def test_each_address_gets_its_own_qr_code(situation):
    url = personal_url(situation)
    assert qr_svg(url) == qr_svg(url) and qr_svg(url) != qr_svg(url + "x")


def test_a_batch_of_letters_gets_every_url_in_a_few_queries(team, situation, django_assert_max_num_queries):
    others = [SituationFactory(team=team) for _ in range(5)]
    already = personal_url(situation)
    with django_assert_max_num_queries(4):
        urls = personal_urls([situation, *others])
    assert urls[situation.pk] == already  # the existing link is kept
    assert len(set(urls.values())) == 6
    assert urls == {item.pk: personal_url(item) for item in [situation, *others]}
    for url in urls.values():
        assert resolve(url.rstrip("/").rsplit("/", 1)[1]).status == LinkStatus.VALID
