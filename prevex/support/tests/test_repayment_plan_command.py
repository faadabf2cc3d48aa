"""`manage.py repayment_plan --format json < budget.json`: the plan as JSON or text, or a French refusal."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]
BUDGET = {
    "household": {"adults": [{"age": 40}], "children": [{"age": 8}, {"age": 15}]},
    "resources": {"salaries": 2100, "family_benefits": "153.01"},
    "charges": {"rent": "720.00", "energy": 90, "insurance": 25},
    "rent_debt": "2500.00",
    "current_rent_resumed": True,
}


def run(stdin: str, *args: str) -> str:
    out = io.StringIO()
    call_command("repayment_plan", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def test_prints_the_figures_and_proposals_as_json():
    printed = json.loads(run(json.dumps(BUDGET), "--format", "json"))
    assert {row["id"]: row["amount"] for row in printed["figures"]}["capacity"] == "244.97"
    assert [(p["id"], p["instalment"], p["months"], p["last_instalment"]) for p in printed["proposals"]] == [
        ("judicial_36_months", "70", 36, "50.00"),
        ("shortest", "228", 11, "220.00"),
    ]
    assert printed["notices"] == []
    assert printed["text"].startswith("Ressources : ")


def test_the_floor_can_be_chosen():
    budget = BUDGET | {"floor": {"rule": "custom", "amount": "1000"}}
    printed = json.loads(run(json.dumps(budget)))
    assert {row["id"]: row["amount"] for row in printed["figures"]}["capacity"] == "418.01"


def test_text_prints_the_plan_to_read():
    text = run(json.dumps(BUDGET), "--format", "text")
    assert "Plan plus court que permet la capacité : 228,00\u00a0€ par mois pendant 11 mois" in text


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("", "Entrée JSON illisible"),
        ("[1]", "objet JSON"),
        ("{}", "« household » manque"),
        ('{"household": {"adults": []}}', "une liste de 1 ou 2 adultes"),
        ('{"household": {"adults": [{"age": 12}]}}', "un adulte a de 18 à 120 ans, pas 12"),
        ('{"household": {"adults": [{"age": 30}], "children": [{"age": 30}]}}', "de 0 à 24 ans"),
        ('{"household": {"adults": [{"age": 30}]}, "rent_debt": -5}', "« rent_debt » ne peut pas être négatif"),
        ('{"household": {"adults": [{"age": 30}]}, "rent_debt": "12,50"}', "Montant invalide pour « rent_debt »"),
        ('{"household": {"adults": [{"age": 30}]}, "rent_debt": 1.234}', "plus de deux décimales"),
        ('{"household": {"adults": [{"age": 30}]}, "charges": {"loyer": 3}}', "Clé inconnue dans « charges »"),
        ('{"household": {"adults": [{"age": 30}]}, "current_rent_resumed": "oui"}', "true ou false"),
        ('{"household": {"adults": [{"age": 30}]}, "floor": {"rule": "fsl"}}', "« floor » doit être"),
        ('{"household": {"adults": [{"age": 30}]}, "dette": 3}', "Clé inconnue : « dette »"),
    ],
)
def test_a_malformed_budget_stops_with_a_french_message_and_exit_status_1(budget, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(budget)
    assert refused.value.returncode == 1


def test_every_problem_is_reported_at_once():
    with pytest.raises(CommandError) as refused:
        run('{"household": {"adults": [{"age": 30}]}, "rent_debt": -1, "resources": {"rsa": "x"}}')
    assert "rent_debt" in str(refused.value) and "resources.rsa" in str(refused.value)


def test_the_command_reads_stdin_and_fails_with_status_1():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": "sqlite://:memory:"}
    command = [sys.executable, "manage.py", "repayment_plan", "--format", "json"]
    done = subprocess.run(command, input=json.dumps(BUDGET), capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["proposals"][1]["months"] == 11
    refused = subprocess.run(command, input="{", capture_output=True, text=True, cwd=ROOT, env=env)
    assert refused.returncode == 1
    assert "Entrée JSON illisible" in refused.stderr
