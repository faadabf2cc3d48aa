"""`manage.py legal_deadlines --format json < acts.json`: the engine's dates as JSON, or a French refusal."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]


def run(stdin: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("legal_deadlines", "--format", "json", *args, stdin=io.StringIO(stdin), stdout=out)
    return json.loads(out.getvalue())


ACTS = {
    "lease_signed_on": "2020-01-10",
    "cdp_served_on": "2024-09-16",
    "assignation_served_on": "2025-01-10",
    "prefet_notified_on": "2025-02-01",
    "hearing_on": "2025-03-14",
    "judgment_on": "2025-04-11",
    "judgment_served_on": "2025-04-15",
    "cql_served_on": "2025-10-10",
}


def test_prints_the_deadlines_of_the_acts():
    printed = run(json.dumps(ACTS))["deadlines"]
    assert [(row["id"], row["date"], row["late"]) for row in printed] == [
        ("cdp_end", "2024-11-16", False),  # a lease of 2020: 16 September + 2 months
        ("prefet_notice_latest", "2025-01-31", True),  # notified 41 days before the hearing
        ("dsf_new_offer_from", "2025-02-21", False),
        ("dsf_due", "2025-03-07", False),
        ("appeal_end", "2025-05-15", False),
        ("cql_end", "2025-12-10", False),
        ("earliest_eviction", "2026-04-01", False),  # 11 December is in the trêve
    ]
    assert set(printed[0]) == {"id", "date", "rule", "article", "label", "late"}
    assert "irrecevable" in printed[1]["rule"]


def test_an_empty_object_has_no_deadlines():
    assert run("{}") == {"deadlines": []}


def test_json_is_the_default_format():
    out = io.StringIO()
    call_command("legal_deadlines", stdin=io.StringIO('{"hearing_on": "2025-03-14"}'), stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())["deadlines"]] == [
        "prefet_notice_latest",
        "dsf_new_offer_from",
        "dsf_due",
    ]


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "Entrée JSON illisible"),
        ('{"hearing_on": "2025-03-14"', "Entrée JSON illisible"),
        ('["2025-03-14"]', "objet JSON"),
        ('{"hearing_on": "2025-02-30"}', "Date invalide pour « hearing_on »"),
        ('{"hearing_on": "14/03/2025"}', "format attendu AAAA-MM-JJ"),
        ('{"audience": "2025-03-14"}', "Clé inconnue : « audience »"),
        ('{"assignation_served_on": "2025-03-14", "hearing_on": "2025-03-01"}', "postérieure à l'assignation"),
        ('{"judgment_on": "2025-04-11", "judgment_served_on": "2025-04-01"}', "signification du jugement"),
    ],
)
def test_a_malformed_input_stops_with_a_french_message_and_exit_status_1(stdin, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(stdin)
    assert refused.value.returncode == 1


def test_an_unknown_format_is_refused():
    with pytest.raises(CommandError, match="xml"):
        run("{}", "--format", "xml")


def test_from_the_command_line_the_message_goes_to_stderr_and_the_exit_status_is_not_zero():
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test")
    refused = subprocess.run(
        [sys.executable, "manage.py", "legal_deadlines", "--format", "json"],
        input='{"hearing_on": "2025-03-14", "assignation_served_on": "2025-03-20"}',
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=False,
    )
    assert refused.returncode != 0
    assert "L'audience doit être postérieure à l'assignation." in refused.stderr
    assert refused.stdout == ""
