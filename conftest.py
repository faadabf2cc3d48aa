import contextlib
import os
import sys

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from prevex.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from prevex.organisations.enums import OrganisationKind, Role
from prevex.organisations.tests.factories import OrganisationFactory, TeamFactory, member

# The fixtures every test package shares: `frozen_today` (and `frozen_at`, the moment a package may change), the
# uploaded files' folder, the cache emptied after transactional tests.
pytest_plugins = ["prevex.core.testing"]

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` gives a session past the second factor and just re-authenticated, as after a
    real login; the tests of the second factor and of re-authentication log in with `client.login` or drop
    these session keys."""
    import time

    from prevex.accounts.testing import totp_device

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session[REAUTH_SESSION_KEY] = time.time()
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def team(db):
    return TeamFactory(slug="essonne", name="Équipe mobile de l'Essonne", departement="91")


@pytest.fixture
def adil(team):
    return OrganisationFactory(team=team, name="ADIL 91", kind=OrganisationKind.LEGAL)


@pytest.fixture
def tout_azimut(team):
    return OrganisationFactory(team=team, name="Tout Azimut", kind=OrganisationKind.SOCIAL)


@pytest.fixture
def coordinator(team, adil):
    return member(
        team, Role.COORDINATOR, adil, username="coordinatrice", first_name="Claire", last_name="Coordinatrice"
    )


@pytest.fixture
def social_worker(team, tout_azimut):
    return member(
        team, Role.SOCIAL_WORKER, tout_azimut, username="travailleuse", first_name="Sonia", last_name="Sociale"
    )


@pytest.fixture
def juriste(team, adil):
    return member(team, Role.JURISTE, adil, username="juriste", first_name="Julie", last_name="Juriste")


@pytest.fixture
def funder(team):
    return member(team, Role.FUNDER, None, username="financeur", first_name="Fabien", last_name="Financeur")


@pytest.fixture
def other_team_member(db):
    other = TeamFactory(slug="autre", name="Autre équipe", departement="93")
    organisation = OrganisationFactory(team=other, name="ADIL 93")
    return member(other, Role.COORDINATOR, organisation, username="autre", first_name="Otto", last_name="Autre")


@pytest.fixture
def outsider(db):
    """A logged-in account that belongs to no team (e.g. the host's administrator)."""
    from prevex.organisations.tests.factories import UserFactory

    return UserFactory(username="admin-hebergeur")


# --- the one writer of situations (prevex/situations/services), checked on every write the suite runs ------------

WRITER_TABLES = ("situations_situation", "situations_event", "situations_situationreferent")
WRITER_DIR = os.path.join("prevex", "situations", "services") + os.sep
_WRITES = ("INSERT", "UPDATE", "DELETE")


class WriteOutsideTheWriter(AssertionError):
    """A row of situations, events or referents written by code other than prevex/situations/services."""


# Code a write passes through on its way from whoever decided it: the generic SQL helper, and the model's
# `save()`/`refresh_state()` (which only delegate to the writer). The frame before them decides.
NEUTRAL_FILES = (os.path.join("prevex", "core", "bulk.py"), os.path.join("prevex", "situations", "models.py"))


def _allowed_writer(filename: str) -> bool:
    """The writer itself, the test code (factories, tests writing fixtures) and migrations."""
    return (
        WRITER_DIR in filename
        or f"{os.sep}tests{os.sep}" in filename
        or f"{os.sep}migrations{os.sep}" in filename
        or filename.endswith("conftest.py")
    )


def _prevex_frames(frame):
    """The frames of the project's code on the stack from `frame` outwards (Django's and the libraries' skipped)."""
    root = os.path.dirname(os.path.abspath(__file__)) + os.sep
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(root) and "/.venv/" not in filename:
            yield filename
        frame = frame.f_back


def _refuse_outside_the_writer(sql: str, frame) -> None:
    """The nearest project frame from `frame` decides: the writer (or a test, a factory, a migration) may write
    the situations' tables; any other code may not."""
    for filename in _prevex_frames(frame):
        if filename.endswith(NEUTRAL_FILES):
            continue
        if _allowed_writer(filename):
            return
        raise WriteOutsideTheWriter(
            f"{filename} writes {sql[:60]}…: only prevex/situations/services writes situations, events and "
            "referents (docs/architecture.md)."
        )


def check_writer(execute, sql, params, many, context):
    """`connection.execute_wrapper`: a write of the situations' tables must come from the writer."""
    head = sql.lstrip()[:6].upper()
    if head in _WRITES and any(table in sql[:120] for table in WRITER_TABLES):
        _refuse_outside_the_writer(sql, sys._getframe(1))
    return execute(sql, params, many, context)


def _checked_copy(copy):
    """`core.bulk._copy` (PostgreSQL's COPY, which no execute wrapper sees), checked as the INSERT it is."""

    def checked(connection, model, fields, params):
        if model._meta.db_table in WRITER_TABLES:
            _refuse_outside_the_writer(f"COPY {model._meta.db_table}", sys._getframe(1))
        return copy(connection, model, fields, params)

    return checked


@pytest.fixture(autouse=True)
def only_the_writer_writes_situations(monkeypatch):
    """Every INSERT/UPDATE/DELETE (and COPY) on the situations' tables is proven to come from the writer."""
    from django.db import connections

    from prevex.core import bulk

    monkeypatch.setattr(bulk, "_copy", _checked_copy(bulk._copy))
    with contextlib.ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(check_writer))
        yield
