"""The test suite's shared fixtures (a pytest plugin, registered by the root conftest.py): the frozen clock, the
uploaded files' folder, and what keeps one test's leftovers from the next, whatever order the tests run in.

Django and the project are imported inside the fixtures: the plugin loads before Django is set up.
"""

import datetime as dt

import pytest
import time_machine

FROZEN_AT = dt.datetime(2024, 5, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_at():
    """The moment `frozen_today` stops the clock at: 2 May 2024, 10:00 UTC. A test package that needs another day
    overrides this fixture in its conftest.py (e.g. prevex/reports/tests: 15 July 2024)."""
    return FROZEN_AT


@pytest.fixture
def frozen_today(frozen_at):
    """The clock stopped at `frozen_at` for the whole test (no tick); the value is that day, in Paris."""
    from django.utils import timezone

    with time_machine.travel(frozen_at, tick=False):
        yield timezone.localdate(frozen_at)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a folder of this test alone: not to var/private, and never seen by another test."""
    settings.MEDIA_ROOT = tmp_path / "private"


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    fixtures = {"transactional_db", "live_server"} & set(request.fixturenames)
    return bool(fixtures or (marker and marker.kwargs.get("transaction")))


@pytest.fixture(autouse=True)
def empty_cache_after_transactional_tests(request, django_db_blocker):
    """The cache is a table of the database (settings.CACHES) that no model owns: the flush that ends a
    transactional test leaves its rows (the password-reset counters…) to the tests after it. They are deleted
    here; any other test's rows go with its rolled-back transaction."""
    yield
    if _transactional(request):
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()
