"""The architecture, checked: one writer of situations, and layers that point one way.

1. Only `prevex/situations/services/` writes `Situation`, `Event` and `SituationReferent` rows. Two guards:
   this file reads the code (an AST scan of prevex/ for the writes it can identify), and the root conftest.py
   checks every INSERT, UPDATE and DELETE the suite runs on their tables (`check_writer`).
2. The apps import each other one way only, lowest first, as `[tool.importlinter]` in pyproject.toml declares
   (run by `make test` as `lint-imports`, and here). Both guards are shown to fail on a violation.
"""

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import transaction

ROOT = Path(__file__).resolve().parent.parent
PREVEX = ROOT / "prevex"
WRITER = PREVEX / "situations" / "services"
MODELS = {"Situation", "Event", "SituationReferent"}
WRITE_METHODS = {"create", "bulk_create", "update", "delete", "bulk_update", "update_or_create", "get_or_create"}
RELATED_MANAGERS = {"events", "referents", "situations"}  # situation.events, situation.referents, team.situations
# Where a write of these models is allowed outside the writer, and why: nowhere.
ALLOWED: set[tuple[str, int]] = set()


def _root_name(node: ast.AST) -> str | None:
    """The name a chain of attributes and calls starts from: `Situation` in `Situation.objects.filter(…)`."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _chain(node: ast.AST) -> list[str]:
    names = []
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    return names


class WriteFinder(ast.NodeVisitor):
    """Direct writes of the writer's models: `Model.objects….create/update/delete…(`, `x.events….update(`,
    and `.save()`/`.delete()` on a name bound to `Model(…)` or `Model.objects.get(…)` in the same function."""

    def __init__(self):
        self.found: list[tuple[int, str]] = []
        self.instances: set[str] = set()

    def visit_FunctionDef(self, node):
        outer, self.instances = self.instances, set()
        self.generic_visit(node)
        self.instances = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        if _root_name(node.value) in MODELS and (
            isinstance(node.value, ast.Call)
            and (isinstance(node.value.func, ast.Name) or "objects" in _chain(node.value))
        ):
            self.instances |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute):
            chain = _chain(func.value)
            root = _root_name(func.value)
            if func.attr in WRITE_METHODS and root in MODELS and "objects" in chain:
                self.found.append((node.lineno, f"{root}.objects….{func.attr}()"))
            elif func.attr in WRITE_METHODS - {"get_or_create"} and set(chain) & RELATED_MANAGERS:
                self.found.append((node.lineno, f"….{'/'.join(set(chain) & RELATED_MANAGERS)}….{func.attr}()"))
            elif (
                func.attr in {"save", "delete"} and isinstance(func.value, ast.Name) and func.value.id in self.instances
            ):
                self.found.append((node.lineno, f"{func.value.id}.{func.attr}()"))
            elif (
                func.attr in {"save", "delete"}
                and isinstance(func.value, ast.Call)
                and _root_name(func.value) in MODELS
            ):
                self.found.append((node.lineno, f"{_root_name(func.value)}(…).{func.attr}()"))
        self.generic_visit(node)


def direct_writes(source: str) -> list[tuple[int, str]]:
    finder = WriteFinder()
    finder.visit(ast.parse(source))
    return finder.found


def _scanned_files():
    for path in sorted(PREVEX.rglob("*.py")):
        parts = path.relative_to(PREVEX).parts
        if "migrations" in parts or "tests" in parts or path.is_relative_to(WRITER):
            continue
        yield path


def test_only_the_writer_writes_situations_events_and_referents():
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _scanned_files()
        for line, what in direct_writes(path.read_text())
        if (str(path.relative_to(ROOT)), line) not in ALLOWED
    ]
    assert not offences, "Write through prevex/situations/services (docs/architecture.md):\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source",
    [
        "Situation.objects.filter(team=team).update(stage='')",
        "Event.objects.create(situation=s, kind='note')",
        "SituationReferent.objects.bulk_create(rows)",
        "Situation.objects.filter(pk=1).delete()",
        "situation.events.exclude(note='').update(note='')",
        "team.situations.all().delete()",
        "def f():\n    s = Situation.objects.get(pk=1)\n    s.save()",
        "def f():\n    e = Event(situation=s)\n    e.save()",
        "Event(situation=s).save()",
    ],
)
def test_the_scan_finds_a_direct_write(source):
    assert direct_writes(source)


@pytest.mark.parametrize(
    "source",
    [
        "Situation.objects.filter(team=team).count()",
        "services.event_record(event=Event(situation=s), author=u)",
        "batch.save(update_fields=['status'])",
        "ImportBatch.objects.filter(pk=1).update(file='')",
    ],
)
def test_the_scan_leaves_reads_and_other_models_alone(source):
    assert not direct_writes(source)


@pytest.mark.django_db
def test_the_runtime_guard_refuses_a_write_outside_the_writer(tmp_path, monkeypatch):
    """A module outside the writer and outside the tests (here one written in prevex/, as a view would be)
    updating a situation directly is stopped by the root conftest's guard; the same write through the
    writer passes."""
    from conftest import WriteOutsideTheWriter
    from prevex.situations import services
    from prevex.situations.tests.factories import SituationFactory

    situation = SituationFactory()
    rogue = PREVEX / "core" / "_rogue_writer_for_test.py"
    rogue.write_text(
        textwrap.dedent("""
        from prevex.situations.models import Situation

        def write(pk):
            Situation.objects.filter(pk=pk).update(court="Ailleurs")
    """)
    )
    try:
        namespace = {}
        exec(compile(rogue.read_text(), str(rogue), "exec"), namespace)
        with pytest.raises(WriteOutsideTheWriter), transaction.atomic():
            namespace["write"](situation.pk)
        assert direct_writes(rogue.read_text())  # and the static scan names it too
    finally:
        rogue.unlink()
    services.refresh_states([situation.pk])  # through the writer: allowed


@pytest.mark.django_db
def test_the_runtime_guard_refuses_a_bulk_insert_outside_the_writer():
    """The bulk helper's rows (multi-row INSERT on SQLite, COPY on PostgreSQL, which no execute wrapper sees) are
    checked too: an app inserting events through it, outside the writer, is stopped."""
    from conftest import WriteOutsideTheWriter
    from prevex.situations.tests.factories import SituationFactory

    situation = SituationFactory()
    rogue = PREVEX / "core" / "_rogue_bulk_writer_for_test.py"
    rogue.write_text(
        textwrap.dedent("""
        import datetime as dt

        from prevex.core.bulk import insert_rows
        from prevex.situations.models import Event

        def write(pk):
            insert_rows(Event, [{"situation_id": pk, "kind": "note", "occurred_on": dt.date(2024, 3, 5)}])
    """)
    )
    try:
        namespace = {}
        exec(compile(rogue.read_text(), str(rogue), "exec"), namespace)
        with pytest.raises(WriteOutsideTheWriter), transaction.atomic():
            namespace["write"](situation.pk)
    finally:
        rogue.unlink()


# --- layers ----------------------------------------------------------------------------------------------------


def _lint_imports(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(cwd)})


def test_the_apps_import_each_other_one_way():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contract_fails_when_a_lower_layer_imports_a_higher_one(tmp_path):
    """The same kind of contract on a small package whose base imports its top: lint-imports refuses it."""
    package = tmp_path / "layered"
    for name, body in {
        "__init__": "",
        "base": "from layered import top\n",
        "top": "from layered import base\n",
    }.items():
        (package / f"{name}.py").parent.mkdir(exist_ok=True)
        (package / f"{name}.py").write_text(body)
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent("""
        [tool.importlinter]
        root_package = "layered"

        [[tool.importlinter.contracts]]
        name = "Layers"
        type = "layers"
        containers = ["layered"]
        layers = ["top", "base"]
    """)
    )
    result = _lint_imports(cwd=tmp_path)
    assert result.returncode != 0
    assert "layered.base -> layered.top" in result.stdout


def _copy_of_the_project(tmp_path: Path) -> Path:
    """prevex/'s Python files and the real pyproject.toml (its contract), where a test may break a layer."""

    def not_python(directory, names):
        return [name for name in names if not name.endswith(".py") and not (Path(directory) / name).is_dir()]

    shutil.copytree(PREVEX, tmp_path / "prevex", ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        # The journal's pages once lived in audit, with three exceptions to the contract: audit imports nothing
        # above it now, and the pages are `prevex.journal`, above organisations.
        ("prevex.audit.views", "prevex.organisations.access"),
        ("prevex.audit.views", "prevex.accounts.reauth"),
        ("prevex.journal.rogue", "prevex.situations.models"),  # journal and situations are independent
        ("prevex.core.rogue", "prevex.demo.data"),
    ],
)
def test_the_project_contract_fails_when_an_app_imports_a_higher_one(tmp_path, module, imported):
    """The real contract on a copy of the code with one upward import planted: lint-imports refuses it."""
    root = _copy_of_the_project(tmp_path)
    (root / Path(*module.split("."))).with_suffix(".py").write_text(f"import {imported}\n")
    result = _lint_imports(cwd=root)
    assert result.returncode != 0, result.stdout
    assert f"{module} -> {imported}" in result.stdout
