"""`make audit` (scripts/audit-dependencies.sh): a known vulnerability fails CI, an unreachable vulnerability
service is reported without failing it, any other pip-audit error fails. pip-audit is replaced by a stand-in
that writes the JSON report (or the error) it is told to."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAND_IN = """#!{python}
import json, os, sys
args = sys.argv[1:]
open(os.environ["FAKE_ARGS"], "w").write(json.dumps(args))
if os.environ.get("FAKE_REPORT"):
    open(args[args.index("--output") + 1], "w").write(os.environ["FAKE_REPORT"])
sys.stderr.write(os.environ.get("FAKE_STDERR", ""))
sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
"""


def audit(tmp_path, *, report=None, stderr="", status=0):
    stand_in = tmp_path / "pip-audit"
    stand_in.write_text(STAND_IN.format(python=sys.executable))
    stand_in.chmod(0o755)
    env = {
        **os.environ,
        "PIP_AUDIT": str(stand_in),
        "PYTHON": sys.executable,
        "FAKE_ARGS": str(tmp_path / "args"),
        "FAKE_REPORT": json.dumps(report) if report is not None else "",
        "FAKE_STDERR": stderr,
        "FAKE_STATUS": str(status),
    }
    result = subprocess.run(
        ["bash", "scripts/audit-dependencies.sh"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result, json.loads((tmp_path / "args").read_text())


def package(name, version="1.0", vulns=(), skip_reason=None):
    entry = {"name": name, "version": version, "vulns": [{"id": vuln, "fix_versions": []} for vuln in vulns]}
    return {"name": name, "skip_reason": skip_reason} if skip_reason else entry


def test_the_pinned_requirements_are_audited_with_their_hashes(tmp_path):
    result, args = audit(tmp_path, report={"dependencies": [package("django", "5.2.19")]})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aucune vulnérabilité connue (1 paquets audités, 0 inconnus" in result.stdout
    assert args[:4] == ["-r", "requirements/base.txt", "-r", "requirements/dev.txt"]
    assert "--require-hashes" in args and "--disable-pip" in args


def test_a_known_vulnerability_fails(tmp_path):
    report = {"dependencies": [package("django", "5.2.0", vulns=["PYSEC-2025-1", "GHSA-xxxx"]), package("rules")]}
    result, _ = audit(tmp_path, report=report, status=1)
    assert result.returncode == 1
    assert "django 5.2.0: PYSEC-2025-1, GHSA-xxxx" in result.stdout and "rules" not in result.stdout


def test_a_service_that_knows_no_package_is_reported_as_no_audit_without_failing(tmp_path):
    skipped = "Dependency not found on PyPI and could not be audited: django (5.2.19)"
    result, _ = audit(tmp_path, report={"dependencies": [package("django", skip_reason=skipped)]})
    assert result.returncode == 0
    assert "ATTENTION" in result.stdout and "NON FAIT" in result.stdout


def test_an_unreachable_service_is_reported_as_no_audit_without_failing(tmp_path):
    stderr = (
        "Traceback…\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org'): Max retries exceeded\n"
    )
    result, _ = audit(tmp_path, stderr=stderr, status=1)
    assert result.returncode == 0
    assert "injoignable" in result.stdout and "NON FAIT" in result.stdout


@pytest.mark.parametrize("stderr", ["ERROR:pip_audit._cli:requirement django==5.2.19 does not contain a hash\n", ""])
def test_any_other_error_fails(tmp_path, stderr):
    result, _ = audit(tmp_path, stderr=stderr, status=1)
    assert result.returncode == 2
    assert "pip-audit a échoué" in result.stderr
