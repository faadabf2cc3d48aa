import datetime as dt

import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from prevex.accounts.throttle import PERIOD_SECONDS, password_reset_allowed
from prevex.core.ratelimit import window_key


def test_the_reset_throttle_counts_in_the_database_shared_by_every_worker(client, coordinator):
    """An in-process cache would give each worker (and each restart) its own three e-mails an hour."""
    assert "db.DatabaseCache" in settings.CACHES["default"]["BACKEND"]
    for _ in range(settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + 1):
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    another_worker = caches.create_connection("default")  # a new backend object, as in another process
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM prevex_cache")
        assert cursor.fetchone()[0] >= 2  # the address's counter and the client address's
    key = window_key("reset:ip", "127.0.0.1", PERIOD_SECONDS)
    counters = [key] if another_worker.get(key) is not None else []
    assert counters and another_worker.get(counters[0]) == settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + 1


def test_the_reset_window_does_not_slide_with_each_request(rf, db):
    """Requests a few minutes apart are counted in the same hour (the database cache's `incr` used to give the
    counter its default 5-minute timeout again at each request: three requests an hour became unlimited)."""
    request = rf.post("/")
    allowed = []
    with time_machine.travel(dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for _ in range(settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + 1):
            allowed.append(password_reset_allowed(request, "claire@example.org"))
            traveller.shift(dt.timedelta(minutes=6))
    assert allowed == [True] * settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + [False]
