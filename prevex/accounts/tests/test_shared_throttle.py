from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.urls import reverse


def test_the_reset_throttle_counts_in_the_database_shared_by_every_worker(client, coordinator):
    """An in-process cache would give each worker (and each restart) its own three e-mails an hour."""
    assert "db.DatabaseCache" in settings.CACHES["default"]["BACKEND"]
    for _ in range(settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + 1):
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    another_worker = caches.create_connection("default")  # a new backend object, as in another process
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM prevex_cache")
        assert cursor.fetchone()[0] >= 2  # the address's counter and the client address's
    counters = [key for key in ("prevex:reset:ip:127.0.0.1",) if another_worker.get(key) is not None]
    assert counters and another_worker.get(counters[0]) == settings.PREVEX_PASSWORD_RESET_PER_ADDRESS + 1
