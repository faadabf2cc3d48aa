#!/usr/bin/env python
"""`make bench`: Prevex's main operations on 100,000 situations, against hand-written SQL doing the same work.

Builds a throwaway SQLite database under var/bench/ (and, if DATABASE_URL names a PostgreSQL server, a
throwaway database `prevex_bench`, or $PREVEX_BENCH_DB, on it), fills it in bulk with the demo's stories (~6 events per
situation), and prints one table per database:

- bilan: `compute_bilan` over the whole period, as of today, on 10,000 then 100,000 situations (median of 3);
- list and search: the `situations:list` view through django.test.Client, logged in as a coordinator,
  first page and `?q=<name>` (median of 20 requests);
- import: `manage.py import_suivi --team SLUG FILE --commit` of a generated 10,000-row tracking sheet;
- préfecture list: a generated 10,000-row list (1,000 of its households already known) previewed then
  confirmed against the 100,000 situations, compared with a bare bulk insert of the same new rows;
- outreach: the daily job's tasks, Aujourd'hui (median of 20) with all the open tasks of 100,000 situations
  and with exactly 10,000 of them (the issue's figure; the others cancelled in a rolled-back transaction), the
  letters of the day for 500 situations in one PDF, the tenant's page (median of 20);
- sms: 10,000 SMS queued, then sent by the real worker (`manage.py db_worker`) to the fake provider, against a
  bare loop of the same HTTP calls (bench/sms_bench.py).

`bench/run.py --only outreach` (or bilan, list, import, prefecture, sms; comma-separated) runs only those
measures, on 100,000 situations (`--only sms` alone: on 20,000, enough households with a mobile).

Each Prevex figure is compared with raw SQL (connection.cursor()) computing the same result on the same
database; the target column says OK or SLOW. Not part of the test suite.
"""

import datetime as dt
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZES = (10_000, 100_000)
SHEET_ROWS = 10_000
SEARCH_NAME = "Lefèvre"
PG_BENCH_DB = os.environ.get("PREVEX_BENCH_DB", "prevex_bench")  # several benches on one server: one name each


MEASURES = ("bilan", "list", "outreach", "import", "prefecture", "sms")
SMS_ONLY_SIZE = 20_000


def _only(argv: list[str]) -> str:
    """The measures asked for by `--only a,b` (all by default), checked."""
    if "--only" not in argv:
        return ",".join(MEASURES)
    asked = argv[argv.index("--only") + 1] if argv.index("--only") + 1 < len(argv) else ""
    unknown = [name for name in asked.split(",") if name not in MEASURES]
    if not asked or unknown:
        raise SystemExit(f"--only : {', '.join(MEASURES)} (séparés par des virgules), pas « {asked} »")
    return asked


def main() -> None:
    only = _only(sys.argv[1:])
    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}")]
    server_url = os.environ.get("DATABASE_URL", "")
    if server_url.startswith(("postgres://", "postgresql://")):
        targets.append(("PostgreSQL", _pg_create(server_url)))
    try:
        for label, url in targets:
            subprocess.run([sys.executable, __file__, "--child", label, url, only], check=True)
    finally:
        if len(targets) > 1:
            _pg_drop(server_url)
    print(f"\nDurée totale du banc : {time.perf_counter() - started:.0f} s")


def _pg_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _pg_admin(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        _pg_url(server_url, urlsplit(server_url).path.lstrip("/") or "postgres"), autocommit=True
    ) as c:
        c.execute(sql)


def _pg_create(server_url: str) -> str:
    _pg_drop(server_url)
    _pg_admin(server_url, f'CREATE DATABASE "{PG_BENCH_DB}"')
    return _pg_url(server_url, PG_BENCH_DB)


def _pg_drop(server_url: str) -> None:
    _pg_admin(server_url, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}"')


# --- one database (child process: Django is configured once per process) -----------------------------------


def child(label: str, url: str, only: str) -> None:
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings_test",
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key",
        ALLOWED_HOSTS="testserver",
        PREVEX_VAR_DIR=str(BENCH_DIR),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    Bench(label, only.split(",")).run()


class Bench:
    def __init__(self, label: str, only: list[str]):
        from django.utils import timezone

        self.label = label
        self.only = only
        self.today = timezone.localdate()
        self.rng = random.Random(2024)
        self.rows: list[tuple] = []
        self.notes: list[str] = []

    def run(self) -> None:
        team, coordinator = self.setup_team("bench", "Équipe de banc d'essai")
        built = 0
        for size in self.sizes():
            seconds = self.build(team, built, size, with_service=built == 0)
            self.notes.append(f"construction {n(built)} → {n(size)} situations : {seconds:.0f} s")
            built = size
            if "bilan" in self.only:
                self.measure_bilan(team, size)
        if "list" in self.only:
            self.measure_list(coordinator)
        if "outreach" in self.only:
            self.measure_outreach(team, coordinator)
            self.measure_letters_of_the_day(team)
            self.measure_tenant_page(team)
        if "import" in self.only:
            self.measure_import()
        if "prefecture" in self.only:
            self.measure_prefecture_list(team, coordinator)
        if "sms" in self.only:
            from sms_bench import measure_sms  # bench/ is the script's folder, first on sys.path

            measure_sms(self, team, coordinator)
        self.print_table()

    def sizes(self) -> tuple[int, ...]:
        if "bilan" in self.only:
            return SIZES
        return (SMS_ONLY_SIZE,) if self.only == ["sms"] else SIZES[-1:]

    # --- data ---------------------------------------------------------------------------------------------

    def setup_team(self, slug: str, name: str):
        from prevex.organisations.enums import OrganisationKind, Role
        from prevex.organisations.models import Membership, Organisation
        from prevex.organisations.services import team_setup
        from prevex.organisations.tests.factories import UserFactory

        team, _ = team_setup(slug=slug, name=name, departement="91")
        adil = Organisation.objects.create(team=team, name="ADIL 91", kind=OrganisationKind.LEGAL)
        coordinator = UserFactory(username=f"coordination-{slug}")
        Membership.objects.create(user=coordinator, team=team, organisation=adil, role=Role.COORDINATOR)
        return team, coordinator

    def build(self, team, start: int, end: int, *, with_service: bool) -> float:
        """Situations number start+1..end with their timelines, in bulk, then their cached state: through
        `refresh_states()` (timed the first time)."""
        from prevex.demo.data import OUTCOMES, build_situation, story
        from prevex.organisations.models import Sector
        from prevex.situations.models import Situation
        from prevex.territories.models import Commune

        began = time.perf_counter()
        communes = list(Commune.objects.in_departement("91").order_by("insee_code"))
        weights = [commune.population or 500 for commune in communes]
        sector_of = dict(
            Sector.communes.through.objects.filter(sector__team=team).values_list("commune_id", "sector_id")
        )
        outcomes, counts = list(OUTCOMES), list(OUTCOMES.values())
        for chunk in range(start, end, 10_000):
            situations, timelines = [], []
            for number in range(chunk + 1, min(chunk + 10_000, end) + 1):
                commune = self.rng.choices(communes, weights)[0]
                outcome = self.rng.choices(outcomes, counts)[0]
                received_on, hearing_date, steps = story(self.rng, outcome, self.today)
                sector_id = sector_of.get(commune.insee_code)
                situation = build_situation(
                    self.rng, team, number, commune, sector_id, received_on, hearing_date, False
                )
                situation.reference = f"B-{number:06d}"
                situations.append(situation)
                timelines.append(steps)
            situations = Situation.objects.bulk_create(situations, batch_size=2000)
            insert_events(situations, timelines)
        new = Situation.objects.filter(team=team, reference__gt=f"B-{start:06d}")
        seconds, _ = median_time(new.refresh_states, 1)
        vacuum_analyse()
        if with_service:
            self.notes.append(f"état en cache de {n(end - start)} situations : refresh_states() {fmt(seconds, 's')}")
        return time.perf_counter() - began

    # --- measures -----------------------------------------------------------------------------------------

    def add(
        self, name: str, seconds: float, raw: float | None, target: float | None, unit: str = "s", *, ratio=None
    ) -> None:
        """A measure against its floor (`raw`), with a target in its unit or, `ratio`, as a multiple of the floor."""
        self.rows.append((name, seconds, raw, target, unit, ratio))

    def measure_bilan(self, team, size: int) -> None:
        from prevex.reports.bilan import BilanScope, compute_bilan

        start = self.today - dt.timedelta(days=800)
        today = BilanScope(team=team, start=start, end=self.today, as_of=self.today)
        orm_seconds, bilan = median_time(lambda: compute_bilan(today), 3)
        raw_seconds, raw = median_time(lambda: raw_cached_bilan(today), 3)
        check_same_bilan(bilan, raw)
        check_same_bilan(bilan, raw_bilan(today))
        self.add(f"bilan à ce jour, {n(size)} situations", orm_seconds, raw_seconds, 1.0 if size >= 100_000 else None)
        past = BilanScope(team=team, start=start, end=self.today, as_of=self.today - dt.timedelta(days=120))
        orm_seconds, bilan = median_time(lambda: compute_bilan(past), 3)
        raw_seconds, raw = median_time(lambda: raw_bilan(past), 3)
        check_same_bilan(bilan, raw)
        self.add(f"bilan au {past.as_of:%d/%m/%Y}, {n(size)} situations", orm_seconds, raw_seconds, None)

    def measure_list(self, coordinator) -> None:
        from django.urls import reverse

        from prevex.core.text import normalize

        client = logged_in_client(coordinator)
        url = reverse("situations:list")
        team_id = coordinator.membership.team_id
        for name, params, word in (
            ("liste, 1re page", {}, None),
            (f"recherche « {SEARCH_NAME} »", {"q": SEARCH_NAME}, normalize(SEARCH_NAME)),
        ):
            response = client.post(url, params)  # warm-up: templates, sessions; a search is only ever posted
            assert response.status_code == 200, response.status_code
            view_seconds, _ = median_time(lambda p=params: client.post(url, p), 20)
            raw_seconds, rows = median_time(lambda w=word: raw_list(team_id, w), 20)
            assert len(rows) == 50, len(rows)
            self.add(name, view_seconds * 1000, raw_seconds * 1000, 100.0, "ms")

    def measure_outreach(self, team, coordinator) -> None:
        """The outreach tasks of every situation generated (the daily job, `tasks_sync_team`), then Aujourd'hui
        with them, against a bare INSERT of as many task rows and the raw query of the tasks due this week."""
        from django.db import transaction

        from prevex.core.bulk import insert_rows
        from prevex.outreach.models import Task
        from prevex.outreach.services import tasks_sync_team

        began = time.perf_counter()
        result = tasks_sync_team(team)
        seconds = time.perf_counter() - began
        vacuum_analyse()  # as autovacuum would: Aujourd'hui is measured with the statistics a server has
        # The same rows again, done (the open ones are unique per situation and step).
        rows = [row | {"done_on": self.today} for row in Task.objects.filter(team=team).values(*RAW_TASK_FIELDS)]
        bare = _timed_rollback(lambda: insert_rows(Task, rows))
        open_tasks = Task.objects.filter(team=team).open().count()
        self.notes.append(
            f"tâches d'aller-vers : {n(result.created)} créées pour {n(result.situations)} situations, "
            f"{n(open_tasks)} ouvertes ; « SQL brut » = insertion nue des mêmes lignes"
        )
        self.add(f"tâches d'aller-vers, {n(result.situations)} situations", seconds, bare, 60.0)
        self.measure_today(team, coordinator, open_tasks, target=None)  # more than the figure: to know
        with transaction.atomic():
            kept = Task.objects.filter(team=team).open().order_by("?").values("pk")[:AUJOURDHUI_OPEN_TASKS]
            Task.objects.filter(team=team).open().exclude(pk__in=list(kept.values_list("pk", flat=True))).update(
                cancelled_on=self.today
            )
            self.measure_today(team, coordinator, Task.objects.filter(team=team).open().count(), target=150.0)
            transaction.set_rollback(True)

    def measure_today(self, team, coordinator, open_tasks: int, *, target: float | None) -> None:
        """Aujourd'hui as the coordinator sees it (the team's tasks), with its number of queries."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = logged_in_client(coordinator)
        client.get("/")  # warm-up
        view_seconds, response = median_time(lambda: client.get("/"), 20)
        assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        raw_seconds, _ = median_time(lambda: raw_worklist(team.pk, self.today), 20)
        name = f"Aujourd'hui, {n(open_tasks)} tâches ouvertes ({len(queries)} requêtes)"
        self.add(name, view_seconds * 1000, raw_seconds * 1000, target, "ms")

    def measure_letters_of_the_day(self, team) -> None:
        """The letters of the day of 500 situations in one PDF (`letters_of_the_day` + `render_pdf`, as the batch
        download does), their personal links made on the way; against the PDF alone of the same HTML."""
        from django.db import transaction

        from prevex.outreach.letters.enums import LANDLORD_KINDS, STEP_LETTERS
        from prevex.outreach.letters.pdf import render_pdf
        from prevex.outreach.letters.services import due_letter_tasks, letters_of_the_day

        # The tenants' letters (the bench's landlords have no address: their letters are blocked, not printed).
        tenant_steps = [step for step, kind in STEP_LETTERS.items() if kind not in LANDLORD_KINDS]
        tasks = due_letter_tasks(team, self.today).filter(step__in=tenant_steps).values_list("pk", "situation_id")
        ids, seen = [], set()
        for pk, situation_id in tasks:
            if situation_id not in seen and len(seen) < LETTERS_SITUATIONS:
                seen.add(situation_id)
                ids.append(pk)
        assert len(seen) == LETTERS_SITUATIONS, f"{len(seen)} situations with a tenant's letter due"

        def batch_pdf():
            batch = letters_of_the_day(team, self.today, ids, printed=True)
            return render_pdf(batch.ready, batch.sender, self.today), len(batch.ready)

        with transaction.atomic():
            seconds, (pdf, letters) = median_time(batch_pdf, 1)
            transaction.set_rollback(True)
        assert letters == LETTERS_SITUATIONS, f"{letters} letters ready of {LETTERS_SITUATIONS}"
        self.notes.append(f"courriers du jour : {n(letters)} courriers, PDF de {len(pdf) // 1024} Kio")
        self.add(f"courriers du jour, {n(LETTERS_SITUATIONS)} situations, un PDF", seconds, None, 30.0)

    def measure_tenant_page(self, team) -> None:
        """The tenant's page through its personal link (public, no login), median of 20."""
        from django.test import Client, override_settings

        from prevex.outreach.tenant.services import clear_token, link_for, page_path
        from prevex.situations.models import Situation

        day = self.today
        situation = Situation.objects.filter(team=team, hearing_date__gt=day).open().order_by("pk").first()
        path = page_path(clear_token(link_for(situation), situation))
        client = Client()
        with override_settings(PREVEX_TENANT_PAGE_PER_IP=1000):
            client.get(path)  # warm-up
            seconds, response = median_time(lambda: client.get(path), 20)
        assert response.status_code == 200, response.status_code
        self.add("page du locataire", seconds * 1000, None, 50.0, "ms")

    def measure_import(self) -> None:
        from django.core.management import call_command, get_commands

        from prevex.situations.models import Situation

        name = f"import de {n(SHEET_ROWS)} lignes (tableau de suivi)"
        if "import_suivi" not in get_commands():
            self.notes.append("import : la commande import_suivi n'existe pas encore, non mesuré")
            return
        team, _ = self.setup_team("import-bench", "Équipe d'import")
        sheet = BENCH_DIR / "tableau-de-suivi-10000.csv"
        write_sheet(sheet, self.rng, self.today)

        def run():
            output = io.StringIO()
            call_command("import_suivi", "--team", team.slug, str(sheet), "--commit", stdout=output)
            return output.getvalue(), Situation.objects.filter(team=team).count()

        seconds, (output, imported) = _median_run(run)
        self.notes += [f"import_suivi : {line}" for line in output.splitlines()[:3]]
        self.notes.append(
            f"import : {n(imported)} situations créées, {n(round(SHEET_ROWS / seconds))} lignes/s "
            f"(médiane de {RUNS} imports, chacun annulé ensuite)"
        )
        if imported != SHEET_ROWS:
            self.notes.append(f"ATTENTION : {imported} situations importées sur {SHEET_ROWS}")
        self.add(name, seconds, None, SHEET_ROWS / IMPORT_ROWS_PER_SECOND)

    def measure_prefecture_list(self, team, coordinator) -> None:
        from prevex.core.bulk import insert_rows
        from prevex.intake.prefecture import services
        from prevex.situations.models import Situation

        path = BENCH_DIR / "liste-prefecture-10000.csv"
        known = write_prefecture_list(path, self.rng, team, self.today)
        data = path.read_bytes()

        def run():
            began = time.perf_counter()
            batch = services.batch_upload(
                team=team, data=data, filename=path.name, user=coordinator, received_on=self.today
            )
            previewed = time.perf_counter()
            written = services.batch_commit(batch=batch, user=coordinator)
            committed = time.perf_counter()
            same = same_situation_rows(Situation.objects.filter(import_batch=batch))
            return previewed - began, committed - previewed, batch.summary, written, same

        runs = [_rolled_back(run)[1] for _ in range(RUNS)]
        preview_seconds = statistics.median(run[0] for run in runs)
        commit_seconds = statistics.median(run[1] for run in runs)
        _preview, _commit, summary, written, same = runs[-1]
        self.notes.append(
            f"liste préfecture : {n(summary['rows'])} lignes, {n(summary['new'])} nouvelles, "
            f"{n(summary['update'])} mises à jour, {n(summary['duplicate'])} doublons ({n(known)} ménages connus), "
            f"{n(summary['error'])} erreurs ; aperçu {n(round(summary['rows'] / preview_seconds))} lignes/s "
            f"(médianes de {RUNS} aperçus et confirmations, chacun annulé ensuite)"
        )
        if summary["update"] + summary["duplicate"] != known:
            self.notes.append(f"ATTENTION : {n(summary['update'] + summary['duplicate'])} ménages reconnus sur {known}")
        minimal = bare_situation_rows(team, len(same))
        minimal_seconds = _floor(lambda: insert_rows(Situation, minimal))
        bare_seconds = _floor(lambda: insert_rows(Situation, same))
        self.notes.append(
            f"liste préfecture : confirmation {n(written['created'])} créées, {n(written['updated'])} mises à jour, "
            f"{n(round(summary['rows'] / commit_seconds))} lignes/s ; « SQL brut » = insertion nue des mêmes "
            f"{n(len(same))} situations (leurs valeurs, sans lecture, rapprochement, routage, tâches ni journal)"
        )
        self.notes.append(
            f"liste préfecture : insertion nue de {n(len(minimal))} situations minimales identiques (l'ancien "
            f"plancher) {fmt(minimal_seconds, 's')} : aperçu {ratio(preview_seconds, minimal_seconds)}, "
            f"confirmation {ratio(commit_seconds, minimal_seconds)}"
        )
        title = f"liste préfecture {n(summary['rows'])} lignes"
        self.add(f"{title} : aperçu", preview_seconds, bare_seconds, None, ratio=PREFECTURE_RATIO)
        self.add(f"{title} : confirmation", commit_seconds, bare_seconds, None, ratio=PREFECTURE_RATIO)

    def print_table(self) -> None:
        from prevex.situations.models import Event, Situation

        situations = Situation.objects.filter(team__slug="bench").count()
        events = Event.objects.filter(situation__team__slug="bench").count()
        print(f"\n## {self.label} – équipe de banc d'essai : {n(situations)} situations, {n(events)} événements")
        header = ("mesure", "Prevex", "SQL brut", "ratio", "objectif", "")
        lines = [header]
        for name, value, raw, target, unit, most in self.rows:
            lines.append(
                (
                    name,
                    fmt(value, unit),
                    fmt(raw, unit) if raw is not None else "–",
                    ratio(value, raw) if raw else "–",
                    f"< {fmt(target, unit)}" if target else f"≤ {most:.0f}×" if most else "–",
                    _verdict(value, raw, target, most),
                )
            )
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for index, line in enumerate(lines):
            print("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")
            if index == 0:
                print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
        for note in self.notes:
            print(f"- {note}")


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}×".replace(".", ",")


def _verdict(value: float, raw: float | None, target: float | None, most: float | None) -> str:
    if target:
        return "OK" if value < target else "SLOW"
    if most and raw:
        return "OK" if value <= most * raw else "SLOW"
    return ""


RUNS = 3  # the imports and the préfecture list are measured as the median of this many runs
IMPORT_ROWS_PER_SECOND = 1_000  # issue 9, §8: the tracking-sheet import
PREFECTURE_RATIO = 5  # issue 9, §8: the préfecture preview and confirmation, against a bare insert of the same rows
AUJOURDHUI_OPEN_TASKS = 10_000
LETTERS_SITUATIONS = 500
RAW_TASK_FIELDS = ("team_id", "situation_id", "step", "label", "due_on", "organisation_kind", "role")


def logged_in_client(user):
    """A test client logged in and past the second factor, as after a real login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from prevex.accounts.testing import totp_device

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client


def raw_worklist(team_id: int, today: dt.date) -> list:
    """Aujourd'hui's tasks in SQL: those due within the week, and the first rows shown with their households."""
    from django.db import connection

    from prevex.outreach.models import Task
    from prevex.situations.models import Situation

    tasks, situations = Task._meta.db_table, Situation._meta.db_table
    week = today + dt.timedelta(days=7)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, step, planned, due_on FROM {tasks} WHERE team_id = %s AND done_on IS NULL "
            f"AND cancelled_on IS NULL AND due_on <= %s ORDER BY due_on, id",
            [team_id, week],
        )
        due = cursor.fetchall()
        cursor.execute(
            f"SELECT t.id, t.label, s.reference, s.tenant_last_name FROM {tasks} t JOIN {situations} s "
            f"ON s.id = t.situation_id WHERE t.id IN ({', '.join(['%s'] * min(len(due), 150)) or 'NULL'})",
            [row[0] for row in due[:150]],
        )
        return cursor.fetchall()


def n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def fmt(value: float, unit: str) -> str:
    digits = 0 if unit == "ms" and value >= 10 else (1 if unit == "ms" else (2 if value < 10 else 1))
    return f"{value:.{digits}f} {unit}".replace(".", ",")


def median_time(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


# --- the same work in hand-written SQL ---------------------------------------------------------------------


def _sql_parts():
    from django.db import connection

    from prevex.situations.models import Event, Situation

    if connection.vendor == "postgresql":
        day, pad = "e.occurred_on::text", "lpad(e.id::text, 12, '0')"
    else:
        day, pad = "e.occurred_on", "printf('%%012d', e.id)"
    return connection, Situation._meta.db_table, Event._meta.db_table, day, pad


def vacuum_analyse() -> None:
    """On PostgreSQL, what autovacuum and the checkpointer do after a bulk load (autovacuum is off on some servers,
    the bench's among them): the planner's statistics, the visibility map, the dirty pages written. Without the
    statistics the planner estimates 1 row for any filter and sorts or hashes a whole team's situations for a page
    of 50 (docs/performance.md)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            # The load wrote gigabytes of WAL: without a checkpoint now, the server starts one during the next
            # measure (max_wal_size), which then waits for its writes (a floor of 0.9 s took 1.45 s in such a run).
            cursor.execute("CHECKPOINT")


def insert_events(situations, timelines) -> None:
    """The timelines' events with one executemany (Event.objects.bulk_create takes 5x longer on 600,000 rows)."""
    from django.db import transaction
    from django.utils import timezone

    from prevex.situations.models import Event

    connection, _, events, _, _ = _sql_parts()
    fields = [field for field in Event._meta.concrete_fields if not field.primary_key]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults = {field.attname: field.get_default() for field in fields} | {"created_at": now, "updated_at": now}
    rows = []
    for situation, steps in zip(situations, timelines, strict=True):
        for step in steps:
            day = connection.ops.adapt_datefield_value(situation.received_on + dt.timedelta(step.day))
            values = defaults | step.fields | {"situation_id": situation.pk, "kind": step.kind, "occurred_on": day}
            rows.append([values[field.attname] for field in fields])
    columns = ", ".join(field.column for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {events} ({columns}) VALUES ({placeholders})", rows)


def raw_cached_bilan(scope) -> dict:
    """The bilan's counts as of today in SQL, from the cached state columns (what compute_bilan reads then)."""
    connection, situations, _, _, _ = _sql_parts()
    sql = f"""
    SELECT CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END AS closed, closure_reason, stage, COUNT(*),
      SUM(CASE WHEN is_accompanied THEN 1 ELSE 0 END), SUM(joint_visit_count),
      SUM(CASE WHEN has_landlord_contact THEN 1 ELSE 0 END), SUM(CASE WHEN hearing_attended THEN 1 ELSE 0 END),
      SUM(CASE WHEN hearing_attended AND hearing_with_juriste THEN 1 ELSE 0 END)
    FROM {situations} WHERE team_id = %s AND received_on >= %s AND received_on <= %s GROUP BY 1, 2, 3
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.team.pk, scope.start, min(scope.end, scope.as_of)])
        return _group_totals(cursor.fetchall())


def raw_bilan(scope) -> dict:
    """The bilan's counts in one SQL statement: milestones per situation, then stage/reason per group."""
    connection, situations, events, day, pad = _sql_parts()
    sql = f"""
    WITH m AS (
      SELECT s.id,
        MIN(CASE WHEN e.kind = 'letter' AND e.recipient = 'tenant' THEN e.occurred_on END) AS first_letter,
        SUM(CASE WHEN e.kind = 'visit' THEN 1 ELSE 0 END) AS visits,
        SUM(CASE WHEN e.kind = 'visit' AND e.is_joint THEN 1 ELSE 0 END) AS joint_visits,
        MIN(CASE WHEN e.kind = 'reminder' THEN e.occurred_on END) AS reminder,
        MIN(CASE WHEN e.kind = 'tenant_contact' OR (e.kind = 'visit' AND e.visit_outcome = 'met')
                 THEN e.occurred_on END) AS tenant_contact,
        MIN(CASE WHEN e.kind = 'landlord_contact' THEN e.occurred_on END) AS landlord_contact,
        MIN(CASE WHEN e.kind = 'adhesion' THEN e.occurred_on END) AS adhesion,
        SUM(CASE WHEN e.kind = 'hearing' AND e.hearing_presence IN ('alone', 'with_juriste') THEN 1 ELSE 0 END)
          AS attended,
        SUM(CASE WHEN e.kind = 'hearing' AND e.hearing_presence = 'with_juriste' THEN 1 ELSE 0 END) AS with_juriste,
        MAX(CASE WHEN e.kind = 'closure' THEN {day} || '|' || {pad} || '|' || e.closure_reason END) AS last_closure,
        MAX(CASE WHEN e.kind = 'reopening' THEN {day} || '|' || {pad} END) AS last_reopening
      FROM {situations} s
      LEFT JOIN {events} e ON e.situation_id = s.id AND e.occurred_on <= %s
      WHERE s.team_id = %s AND s.received_on >= %s AND s.received_on <= %s
      GROUP BY s.id
    ), st AS (
      SELECT m.*, CASE WHEN last_closure IS NOT NULL AND (last_reopening IS NULL OR last_reopening < last_closure)
                       THEN 1 ELSE 0 END AS closed
      FROM m
    )
    SELECT closed,
      CASE WHEN closed = 1 THEN substr(last_closure, 25) ELSE '' END AS reason,
      CASE WHEN closed = 1 THEN '' WHEN adhesion IS NOT NULL THEN 'accompanied'
           WHEN tenant_contact IS NOT NULL THEN 'contact' WHEN reminder IS NOT NULL THEN 'reminder'
           WHEN visits >= 2 THEN 'visit_2' WHEN visits = 1 THEN 'visit_1'
           WHEN first_letter IS NOT NULL THEN 'first_letter' ELSE 'to_contact' END AS stage,
      COUNT(*),
      SUM(CASE WHEN adhesion IS NOT NULL THEN 1 ELSE 0 END),
      SUM(joint_visits),
      SUM(CASE WHEN landlord_contact IS NOT NULL THEN 1 ELSE 0 END),
      SUM(CASE WHEN attended > 0 THEN 1 ELSE 0 END),
      SUM(CASE WHEN attended > 0 AND with_juriste > 0 THEN 1 ELSE 0 END)
    FROM st GROUP BY 1, 2, 3
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.as_of, scope.team.pk, scope.start, min(scope.end, scope.as_of)])
        return _group_totals(cursor.fetchall())


def _group_totals(groups) -> dict:
    by_stage, by_reason = {}, {}
    for closed, reason, stage, count, *_ in groups:
        target = by_reason if closed else by_stage
        key = reason if closed else stage
        target[key] = target.get(key, 0) + count
    return {
        "situations": sum(g[3] for g in groups),
        "accompanied": sum(g[4] for g in groups),
        "by_stage": by_stage,
        "by_reason": by_reason,
        "landlord_contact": sum(g[6] for g in groups),
        "tenant_present": sum(g[7] for g in groups),
        "with_legal_advisor": sum(g[8] for g in groups),
    }


def check_same_bilan(bilan: dict, raw: dict) -> None:
    """The raw SQL must find the same figures, or the comparison means nothing."""
    expected = {
        "situations": bilan["situations"],
        "accompanied": bilan["accompanied"],
        "by_stage": {stage: count for stage, count in bilan["open"]["by_stage"].items() if count},
        "by_reason": {reason: count for reason, count in bilan["closed"]["by_reason"].items() if count},
        "landlord_contact": bilan["landlord_contact"]["count"],
        "tenant_present": bilan["hearings"]["tenant_present"],
        "with_legal_advisor": bilan["hearings"]["with_legal_advisor"],
    }
    if expected != raw:
        raise SystemExit(f"Le SQL brut ne donne pas le même bilan :\n{json.dumps([expected, raw], indent=1)}")


def raw_list(team_id: int, word: str | None) -> list:
    """The list page's two queries: count, then the first 50 open situations by hearing date."""
    connection, situations, _, _, _ = _sql_parts()
    from prevex.organisations.models import Sector
    from prevex.territories.models import Commune

    where = "s.team_id = %s AND s.closed_on IS NULL"
    params = [team_id]
    if word:
        where += " AND s.search_text LIKE %s"
        params.append(f"%{word}%")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {situations} s WHERE {where}", params)
        cursor.fetchone()
        cursor.execute(
            f"""SELECT s.id, s.public_id, s.reference, s.tenant_last_name, s.tenant_first_name, s.address,
                       s.postal_code, s.hearing_date, s.stage, s.closed_on, c.name, sector.name
                FROM {situations} s
                JOIN {Commune._meta.db_table} c ON c.insee_code = s.commune_id
                LEFT JOIN {Sector._meta.db_table} sector ON sector.id = s.sector_id
                WHERE {where}
                ORDER BY s.hearing_date ASC NULLS LAST, s.tenant_last_name ASC, s.id ASC
                LIMIT 50""",
            params,
        )
        return cursor.fetchall()


# --- the tracking sheet (docs/bilan.md format: cp1252, `;`, dd/mm/yyyy, French amounts) --------------------

VISIT_CODES = {
    "absent": "absent",
    "met": "rencontre",
    "refused": "refus",
    "left": "parti",
    "npai": "npai",
    "indecent": "indecent",
}
PRESENCE_CODES = {"absent": "non", "alone": "seul", "with_juriste": "avec_juriste"}
LANDLORD_LABELS = {
    "personne_physique": "personne physique",
    "sci": "SCI",
    "agence": "agence",
    "bailleur_social": "bailleur social",
}


def write_sheet(path: Path, rng: random.Random, today: dt.date) -> None:
    import csv

    from prevex.demo.data import OUTCOMES, story
    from prevex.imports.suivi.sheet import COLUMNS
    from prevex.territories.models import Commune

    communes = list(Commune.objects.in_departement("91").order_by("insee_code"))
    weights = [commune.population or 500 for commune in communes]
    outcomes, counts = list(OUTCOMES), list(OUTCOMES.values())
    with path.open("w", encoding="cp1252", newline="") as sheet:
        writer = csv.writer(sheet, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for number in range(1, SHEET_ROWS + 1):
            commune = rng.choices(communes, weights)[0]
            received_on, hearing_date, steps = story(rng, rng.choices(outcomes, counts)[0], today)
            row = sheet_row(rng, number, commune, received_on, hearing_date, steps)
            writer.writerow([row.get(column, "") for column in COLUMNS])


def sheet_row(rng, number, commune, received_on, hearing_date, steps) -> dict:
    """One tracking-sheet line for a demo story: the first date of each milestone, French formats."""
    from prevex.demo.data import build_situation
    from prevex.situations.enums import EventKind

    def on(step):
        return received_on + dt.timedelta(step.day)

    def day(value):
        return value.strftime("%d/%m/%Y") if value else ""

    situation = build_situation(rng, None, number, commune, None, received_on, hearing_date, False)
    first = {}
    for step in steps:
        first.setdefault(step.kind, on(step))
    visits = [step for step in steps if step.kind == EventKind.VISIT and not step.fields["is_joint"]][:2]
    joint = [on(step) for step in steps if step.kind == EventKind.VISIT and step.fields["is_joint"]]
    letters = [on(step) for step in steps if step.kind == EventKind.LETTER and step.fields["recipient"] == "tenant"]
    contacts = [on(step) for step in steps if step.kind == EventKind.TENANT_CONTACT]
    contacts += [on(step) for step in visits if step.fields["visit_outcome"] == "met"]
    hearing = next((step for step in steps if step.kind == EventKind.HEARING), None)
    closure = next((step for step in steps if step.kind == EventKind.CLOSURE), None)
    row = {
        "reference": f"IMP-{number:05d}",
        "date_reception": day(received_on),
        "nom": cp1252(situation.tenant_last_name),
        "prenom": cp1252(situation.tenant_first_name),
        "adresse": situation.address,
        "code_postal": situation.postal_code,
        "commune": commune.name,
        "telephone": situation.phone.replace("+33", "0"),
        "email": situation.email,
        "bailleur": cp1252(situation.landlord_name),
        "type_bailleur": LANDLORD_LABELS[situation.landlord_kind],
        "date_assignation": day(situation.assignation_date),
        "date_audience": day(hearing_date),
        "montant_dette": f"{situation.debt_amount:,.2f}".replace(",", "\u00a0").replace(".", ","),
        "date_premier_courrier": day(min(letters, default=None)),
        "date_relance": day(first.get(EventKind.REMINDER)),
        "date_contact_locataire": day(min(contacts, default=None)),
        "date_contact_bailleur": day(first.get(EventKind.LANDLORD_CONTACT)),
        "date_adhesion": day(first.get(EventKind.ADHESION)),
        "dates_visites_communes": ";".join(day(date) for date in joint),
        "presence_audience": PRESENCE_CODES[hearing.fields["hearing_presence"]] if hearing else "",
        "date_cloture": day(on(closure) if closure else None),
        "motif_cloture": closure.fields["closure_reason"] if closure else "",
    }
    for index, visit in enumerate(visits, 1):
        row[f"date_visite_{index}"] = day(on(visit))
        row[f"resultat_visite_{index}"] = VISIT_CODES[visit.fields["visit_outcome"]]
    return row


def cp1252(text: str) -> str:
    """Windows-1252 has no "ễ": such letters lose their accent, as in an Excel export (written as "?", a known
    household's name would no longer match it)."""
    from prevex.core.text import strip_accents

    return text if text.encode("cp1252", "ignore").decode("cp1252") == text else strip_accents(text)


def _rolled_back(function) -> tuple[float, object]:
    """How long `function` takes inside a transaction (until it returns, before the rollback), and what it
    returns; the transaction is then rolled back."""
    from django.db import transaction

    began = time.perf_counter()
    try:
        with transaction.atomic():
            result = function()
            elapsed = time.perf_counter() - began
            raise _Rollback
    except _Rollback:
        return elapsed, result


def _timed_rollback(function) -> float:
    return _rolled_back(function)[0]


def _median_run(function) -> tuple[float, object]:
    """The median time of `RUNS` rolled-back runs of `function` (one run varied by a quarter from one bench to
    the next on a shared machine), and what the last one returned."""
    runs = [_rolled_back(function) for _ in range(RUNS)]
    return statistics.median(elapsed for elapsed, _result in runs), runs[-1][1]


def _floor(function, repeat: int = 3) -> float:
    """The median of a few rolled-back runs: a floor measured once varied by half from one run to the next."""
    return statistics.median(_timed_rollback(function) for _ in range(repeat))


class _Rollback(Exception):
    pass


PREFECTURE_HEADER = [
    "REF",
    "NOM LOCATAIRE",
    "PRENOM",
    "ADRESSE",
    "CP",
    "VILLE",
    "PROPRIETAIRE",
    "TYPE PROP.",
    "DATE ASSIGN.",
    "DATE AUD.",
    "TRIBUNAL",
    "DETTE",
    "TEL",
]
KNOWN_SHARE = 10  # one row in ten is a household the team already follows


def write_prefecture_list(path: Path, rng: random.Random, team, today: dt.date) -> int:
    """A préfecture list as the April sample writes it (Windows-1252, `;`, dd/mm/yy, `1 234,56 €`): new
    households, and some already known (half by reference, half without it and with names swapped)."""
    import csv

    from prevex.demo.data import build_situation
    from prevex.situations.models import Situation
    from prevex.territories.models import Commune

    communes = list(Commune.objects.in_departement("91").order_by("insee_code"))
    known_count = SHEET_ROWS // KNOWN_SHARE
    known = list(Situation.objects.filter(team=team).select_related("commune").order_by("?")[:known_count])

    def line(situation, reference, swap=False):
        last, first = cp1252(situation.tenant_last_name).upper(), cp1252(situation.tenant_first_name)
        hearing = situation.hearing_date or today + dt.timedelta(days=60)
        debt = situation.debt_amount or 0
        assigned = situation.assignation_date or hearing - dt.timedelta(days=70)
        return [
            reference,
            first.upper() if swap else last,
            last.title() if swap else first,
            situation.address,
            situation.postal_code,
            situation.commune.name.upper(),
            situation.landlord_name or "SCI Dupont",
            "Personne physique",
            assigned.strftime("%d/%m/%y"),
            hearing.strftime("%d/%m/%y"),
            situation.court,
            f"{debt:,.2f} €".replace(",", " ").replace(".", ","),
            situation.phone.replace("+33", "0"),
        ]

    with path.open("w", encoding="cp1252", errors="replace", newline="") as output:
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        writer.writerow(PREFECTURE_HEADER)
        for number in range(1, SHEET_ROWS + 1):
            if number % KNOWN_SHARE == 0 and known:
                situation = known.pop()
                by_reference = number % (2 * KNOWN_SHARE) == 0
                writer.writerow(line(situation, situation.reference if by_reference else "", swap=not by_reference))
                continue
            commune = rng.choice(communes)
            hearing = today + dt.timedelta(days=rng.randint(20, 120))
            situation = build_situation(rng, None, number, commune, None, today, hearing, False)
            situation.commune = commune
            writer.writerow(line(situation, f"EXP-91-B-{number:06d}"))
    return known_count


def same_situation_rows(situations) -> list[dict]:
    """The rows of these situations as they are stored (names, addresses, search texts, cached state…), to be
    inserted again as new ones: another reference and public id, no import."""
    import uuid

    from prevex.situations.models import Situation

    columns = [field.attname for field in Situation._meta.concrete_fields if not field.primary_key]
    rows = list(situations.values(*columns))
    for number, row in enumerate(rows):
        row.update(reference=f"SAME-{number:06d}", public_id=uuid.uuid4(), import_batch_id=None, import_row=None)
    return rows


def bare_situation_rows(team, count: int) -> list[dict]:
    """`count` minimal situations, as a bulk insert with no reading, matching or routing would write them."""
    commune = team.sectors.first().communes.first()
    today = dt.date.today()
    return [
        {
            "team_id": team.pk,
            "reference": f"BARE-{number:06d}",
            "received_on": today,
            "tenant_last_name": "MARTIN",
            "tenant_first_name": "Léa",
            "address": "1 rue Pasteur",
            "postal_code": commune.postal_code_list[0],
            "commune_id": commune.pk,
            "hearing_date": today,
            "search_text": "martin lea",
        }
        for number in range(count)
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
