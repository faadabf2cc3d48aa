"""The token: ≥ 128 bits, derived (never stored), found by its hash, and expiring with the hearing."""

import datetime as dt
import hashlib
import math

import pytest
from django.utils import timezone

from prevex.outreach.tenant import tokens
from prevex.outreach.tenant.models import TenantLink
from prevex.outreach.tenant.services import LinkStatus, clear_token, link_for, links_revoke, resolve
from prevex.situations.tests.factories import SituationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_token_carries_at_least_128_bits_in_43_url_safe_characters(situation):
    token = clear_token(link_for(situation))
    assert len(token) == tokens.TOKEN_LENGTH == 43
    assert tokens.well_formed(token)
    bits = len(token) * math.log2(64)  # base64url: 6 bits a character
    assert bits >= 256 - 6 and tokens.TOKEN_BYTES * 8 >= 128


def test_only_the_hash_of_the_token_is_stored(situation):
    link = link_for(situation)
    token = clear_token(link)
    stored = TenantLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_the_token_is_derived_again_for_every_letter_and_needs_the_secret_key(situation, settings):
    link = link_for(situation)
    assert link_for(situation).pk == link.pk  # one active link per situation
    token = clear_token(link)
    assert clear_token(TenantLink.objects.get(pk=link.pk)) == token
    settings.SECRET_KEY = "another-secret-key-of-another-installation"
    assert clear_token(link) != token


def test_two_households_and_two_links_of_one_household_get_unrelated_tokens(team):
    first, second = SituationFactory(team=team), SituationFactory(team=team)
    token_first, token_second = clear_token(link_for(first)), clear_token(link_for(second))
    links_revoke(first)
    renewed = clear_token(link_for(first))
    assert len({token_first, token_second, renewed}) == 3


def test_a_changed_secret_key_replaces_the_link_rather_than_print_a_dead_token(situation, settings):
    old = link_for(situation)
    settings.SECRET_KEY = "another-secret-key-of-another-installation"
    new = link_for(situation)
    assert new.pk != old.pk
    assert TenantLink.objects.get(pk=old.pk).revoked_at is not None
    assert resolve(clear_token(new)).status == LinkStatus.VALID


@pytest.mark.parametrize(
    ("hearing_date", "today", "status"),
    [
        (dt.date(2024, 5, 14), dt.date(2024, 3, 10), LinkStatus.VALID),
        (dt.date(2024, 5, 14), dt.date(2024, 5, 14), LinkStatus.VALID),  # the hearing day
        (dt.date(2024, 5, 14), dt.date(2024, 6, 13), LinkStatus.VALID),  # hearing + 30 days: the last day
        (dt.date(2024, 5, 14), dt.date(2024, 6, 14), LinkStatus.EXPIRED),
        (None, dt.date(2024, 6, 8), LinkStatus.VALID),  # made 10/03/2024, no hearing: + 90 days = 08/06/2024
        (None, dt.date(2024, 6, 9), LinkStatus.EXPIRED),
    ],
)
def test_a_link_expires_30_days_after_the_hearing_or_90_days_after_it_was_made(team, hearing_date, today, status):
    situation = SituationFactory(team=team, hearing_date=hearing_date)
    made = timezone.make_aware(dt.datetime(2024, 3, 10, 9, 0))
    link = TenantLink.objects.create(situation=situation, team=team, salt="f" * 32, token_hash="-")
    TenantLink.objects.filter(pk=link.pk).update(
        created_at=made, token_hash=tokens.token_hash(tokens.clear_token(situation.public_id, "f" * 32))
    )
    assert resolve(tokens.clear_token(situation.public_id, "f" * 32), today=today).status == status


def test_a_postponed_hearing_moves_the_expiry(team):
    situation = SituationFactory(team=team, hearing_date=dt.date(2024, 5, 14))
    token = clear_token(link_for(situation))
    assert resolve(token, today=dt.date(2024, 7, 1)).status == LinkStatus.EXPIRED
    type(situation).objects.filter(pk=situation.pk).update(hearing_date=dt.date(2024, 6, 20))
    assert resolve(token, today=dt.date(2024, 7, 1)).status == LinkStatus.VALID


@pytest.mark.parametrize(
    "token",
    ["", "abc", "A" * 42, "A" * 44, "A" * 42 + "!", "../" + "A" * 40],
)
def test_a_malformed_token_is_unknown_without_a_query(token, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert resolve(token).status == LinkStatus.UNKNOWN


def test_a_well_formed_token_of_no_link_is_unknown(situation):
    link_for(situation)
    assert resolve("A" * 43).status == LinkStatus.UNKNOWN


def test_a_revoked_link_is_revoked_and_the_next_letter_gets_a_new_one(situation, coordinator):
    link = link_for(situation)
    token = clear_token(link)
    assert links_revoke(situation, coordinator) == 1
    found = resolve(token)
    assert found.status == LinkStatus.REVOKED and found.team == situation.team
    assert link_for(situation).pk != link.pk
