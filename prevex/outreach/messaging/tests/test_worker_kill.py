"""Never twice, never lost: a real `db_worker` is SIGKILLed while the fake provider holds its request. The
message, committed in `sending` before the call, is then found by `messages_dispatch` and shown « à vérifier »
(Brevo takes no idempotency key): it is not sent a second time, and not lost."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prevex.outreach.messaging.tests.fake_provider import Answer, FakeProvider

ROOT = Path(__file__).resolve().parents[4]
SEED = """
from django.utils import timezone
from prevex.organisations.tests.factories import TeamFactory
from prevex.outreach.messaging.models import Message
from prevex.outreach.messaging.tasks import send_message
message = Message.objects.create(team=TeamFactory(), channel="sms", recipient="+33612345678", body="Bonjour",
                                 sender="PREVEX", next_attempt_at=timezone.now())
send_message.enqueue(message.pk)
"""
STATE = "from prevex.outreach.messaging.models import Message; m = Message.objects.get(); print(m.state, m.attempts)"


def manage(env, *args, timeout=120) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def state(env) -> list[str]:
    return manage(env, "shell", "--no-imports", "-c", STATE).strip().splitlines()[-1].split()


@pytest.fixture
def provider():
    with FakeProvider(Answer(200, {"messageId": 7}, delay=60)) as fake:
        yield fake


def test_a_worker_killed_mid_send_leaves_the_message_to_check(tmp_path, provider):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "PREVEX_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PREVEX_SMS_BACKEND": "prevex.outreach.sms.brevo.BrevoBackend",
        "PREVEX_SMS_BREVO_API_URL": provider.url + "/v3",
        "PREVEX_SMS_TIMEOUT": "120",
        "PREVEX_MESSAGES_SENDING_TIMEOUT": "0",
        "PREVEX_MESSAGES_HOURS": "00:00-23:59",
        "PREVEX_MESSAGES_DAYS": "0,1,2,3,4,5,6",
    }
    manage(env, "migrate", "-v0")
    manage(env, "shell", "-c", SEED)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not provider.received and time.monotonic() < deadline:
            time.sleep(0.05)
        assert provider.received, "the worker never called the provider"
        assert state(env) == ["sending", "1"]  # committed before the call
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert "to_check=1" in manage(env, "messages_dispatch")
    assert state(env) == ["unknown", "1"]
    assert "to_check=0" in manage(env, "messages_dispatch")  # nothing more: never sent twice
    assert len(provider.received) == 1
