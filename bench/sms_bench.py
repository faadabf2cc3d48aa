"""`bench/run.py --only sms`: the worker sends 10,000 queued SMS to the fake provider (issue 11: ≥ 50 messages/s).

- The fake Brevo (`prevex/outreach/messaging/tests/fake_provider.py`, a real HTTP server) listens on a free port
  of 127.0.0.1, in a thread of the bench's process.
- 10,000 SMS are queued through `services.queue_message` (the service the letters of the day call: rules, the
  journal, the worker's task enqueued on commit), one per household of the bench team that has a mobile.
- The real worker path sends them: `manage.py db_worker --no-reload --batch` in a subprocess, as in production
  (one worker; `--batch` only makes it exit once the queue is empty), with the shipped Brevo adapter pointed at
  the fake server. Timed from its launch (Django's start included) to its exit; then every message must be
  `sent`, every task successful, and the provider must have received each message once.
- The bare loop: the same 10,000 HTTP calls (requests.Session, as the adapter; the same URL, headers and body
  as the worker's first request) from another process, against the same server.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMS_MESSAGES = int(os.environ.get("PREVEX_BENCH_SMS", "10000"))  # fewer to try the bench quickly
TARGET_PER_SECOND = 50
LETTERS_OF_A_DAY = 500  # messages queued by one click (one transaction), handed to the worker together

BARE_LOOP = """
import json, sys, time
import requests
url, count = sys.argv[1], int(sys.argv[2])
request = json.load(sys.stdin)
headers, body = request["headers"], request["body"].encode()
session = requests.Session()
began = time.perf_counter()
for _ in range(count):
    response = session.post(url, data=body, headers=headers, timeout=10)
    response.raise_for_status()
    response.json()
print(time.perf_counter() - began)
"""


def worker_env(provider_url: str) -> dict[str, str]:
    """The worker's settings: Brevo pointed at the fake server; every hour and day allowed (the bench may run at
    night or on a Sunday); the daily cap kept (its count runs for each message) but above the 10,000."""
    return {
        **os.environ,
        "PREVEX_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PREVEX_SMS_BACKEND": "prevex.outreach.sms.brevo.BrevoBackend",
        "PREVEX_SMS_BREVO_API_URL": provider_url + "/v3",
        "PREVEX_SMS_BREVO_API_KEY": "bench-api-key",
        "PREVEX_MESSAGES_HOURS": "00:00-23:59",
        "PREVEX_MESSAGES_DAYS": "0,1,2,3,4,5,6",
        "PREVEX_MESSAGES_DAILY_CAP_SMS": str(2 * SMS_MESSAGES),
    }


def measure_sms(bench, team, coordinator) -> None:
    from django.utils import timezone

    from prevex.core.public_holidays import is_public_holiday
    from prevex.outreach.messaging.tests.fake_provider import Answer, FakeProvider

    if is_public_holiday(timezone.localdate()):
        bench.notes.append("SMS : jour férié, le worker n'envoie rien aujourd'hui : non mesuré")
        return
    queued_seconds, ids = queue_sms(team, coordinator)
    bench.notes.append(
        f"SMS : {bench_n(len(ids))} mis en file par services.queue_message en {queued_seconds:.0f} s "
        f"({bench_n(round(len(ids) / queued_seconds))}/s)"
    )
    with FakeProvider(Answer(201, {"reference": "ref-$n", "messageId": "$n"})) as provider:
        worker_seconds = run_worker(provider.url)
        check_all_sent(ids, provider)
        first = provider.received[0]
        bare_seconds = bare_loop(provider.url + first.path, first)
    per_message, bare_per_message = worker_seconds / len(ids), bare_seconds / len(ids)
    rate, bare_rate = len(ids) / worker_seconds, len(ids) / bare_seconds
    bench.notes.append(
        f"SMS : worker (db_worker --batch, un processus) {rate:.0f} messages/s ; boucle HTTP nue "
        f"{bare_rate:.0f} appels/s (objectif ≥ {TARGET_PER_SECOND}/s : {'OK' if rate >= TARGET_PER_SECOND else 'SLOW'})"
    )
    bench.add(
        f"worker, {bench_n(len(ids))} SMS envoyés ({rate:.0f}/s ; HTTP nu {bare_rate:.0f}/s), par message",
        per_message * 1000,
        bare_per_message * 1000,
        1000 / TARGET_PER_SECOND,
        "ms",
    )


def bench_n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def queue_sms(team, coordinator) -> tuple[float, list[int]]:
    """One SMS per household with a mobile (the open ones first), the shipped text of the first letter."""
    from django.db import transaction
    from django.db.models import F

    from prevex.outreach.letters.letters import letterhead_for
    from prevex.outreach.messaging import compose, services
    from prevex.outreach.messaging.enums import MessageChannel
    from prevex.situations.models import Situation

    households = list(
        Situation.objects.filter(team=team, anonymised_on__isnull=True)
        .exclude(phone="")
        .select_related("commune")
        .order_by(F("closed_on").asc(nulls_first=True), "pk")[:SMS_MESSAGES]
    )
    assert len(households) == SMS_MESSAGES, f"{len(households)} households with a mobile"
    letterhead, today = letterhead_for(team), bench_today()
    text = compose.texts_for(team)[("premier_courrier", MessageChannel.SMS)]
    began, ids = time.perf_counter(), []
    for start in range(0, len(households), LETTERS_OF_A_DAY):
        with transaction.atomic():  # as `compose.queue_for_tasks` does for one click on the letters of the day
            day = []
            for situation in households[start : start + LETTERS_OF_A_DAY]:
                link = f"https://prevex.example/aller-vers/locataire/{situation.public_id.hex}/"
                values = compose.household_values(situation, letterhead, today, link)
                message = services.queue_message(
                    team=team,
                    situation=situation,
                    channel=MessageChannel.SMS,
                    recipient=situation.phone,
                    body=compose.fill(text.body, values),
                    step="premier_courrier",
                    user=coordinator,
                    enqueue_task=False,
                )
                day.append(message.pk)
            services.enqueue_batch(day)
        ids += day
    return time.perf_counter() - began, ids


def bench_today():
    from django.utils import timezone

    return timezone.localdate()


def run_worker(provider_url: str) -> float:
    """`manage.py db_worker` (the production command) until the queue is empty; its wall-clock seconds."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--batch", "--no-startup-delay"]
    command += ["--interval", "0", "-v0"]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=worker_env(provider_url), capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"db_worker a échoué :\n{done.stderr[-3000:]}")
    return seconds


def check_all_sent(ids: list[int], provider) -> None:
    """Every message sent once, every task done: the figure means nothing otherwise."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from prevex.outreach.messaging.models import Message

    states = dict(Message.objects.filter(pk__in=ids).values_list("state").annotate(Count("pk")).order_by())
    tasks = dict(DBTaskResult.objects.values_list("status").annotate(Count("pk")).order_by())
    if states != {"sent": len(ids)} or provider.count != len(ids) or set(tasks) != {"SUCCESSFUL"}:
        raise SystemExit(f"SMS : tout n'est pas parti une fois : {states}, {provider.count} reçus, tâches {tasks}")


def bare_loop(url: str, first) -> float:
    """The same request as the worker's first, SMS_MESSAGES times, from another process (requests.Session)."""
    headers = {name: value for name, value in first.headers.items() if name.lower() in BARE_HEADERS}
    request = json.dumps({"headers": headers, "body": first.body.decode()})
    done = subprocess.run(
        [sys.executable, "-c", BARE_LOOP, url, str(SMS_MESSAGES)],
        input=request,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


BARE_HEADERS = {"api-key", "content-type", "accept"}
