"""The suite runs in random order (pytest-randomly): what one test leaves must never reach the next.

These run a small suite of their own, in a fixed order, with the project's shared fixtures
(prevex/core/testing.py): the first test leaves something behind, the second must not find it.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LEFTOVERS = """
import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.mark.django_db(transaction=True)
def test_1_a_transactional_test_fills_the_cache_and_the_media_folder():
    cache.set("prevex:reset:ip:127.0.0.1", 3)
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "upload.csv").write_text("x")


@pytest.mark.django_db(transaction=True)  # pytest-django runs the transactional tests last, together
def test_2_the_next_test_finds_neither():
    assert cache.get("prevex:reset:ip:127.0.0.1") is None
    assert not settings.MEDIA_ROOT.exists()


def test_3_the_clock_is_frozen_on_the_shared_day(frozen_today):
    import datetime as dt

    from django.utils import timezone

    assert frozen_today == timezone.localdate() == dt.date(2024, 5, 2)
"""


def test_a_test_leaves_nothing_to_the_next(tmp_path):
    (tmp_path / "test_leftovers.py").write_text(LEFTOVERS)
    # Its own in-memory database whatever DATABASE_URL says: the fixtures are under test, not the database.
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": "sqlite://:memory:"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "prevex.core.testing", "-p", "no:randomly"]
    command += ["-p", "no:cacheprovider", "--ds=config.settings_test", "--nomigrations", "test_leftovers.py"]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
