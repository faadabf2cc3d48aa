"""`manage.py rights_check --format json < household.json`: the estimate as JSON, or a French refusal."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

HOUSEHOLD = {
    "household": {"adults": [{"age": 40}]},
    "housing": {"rent": 600, "commune_code": "91228"},
    "month": "2026-11",
}


def run(stdin: str) -> dict:
    out = io.StringIO()
    call_command("rights_check", "--format", "json", stdin=io.StringIO(stdin), stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_estimate_with_the_models_version_and_the_date():
    pytest.importorskip("openfisca_france")
    printed = run(json.dumps(HOUSEHOLD))
    assert printed["model"] == "openfisca-france" and printed["model_version"]
    assert printed["month"] == "2026-11"
    rsa = next(b for b in printed["benefits"] if b["key"] == "rsa")
    assert (rsa["estimated"], rsa["received"], rsa["gap"], rsa["action"]) == (
        "573.49",
        "0.00",
        "573.49",
        "ouverture_droits_rsa",
    )
    assert "Estimation indicative" in printed["notice"]


def test_text_prints_the_estimate_to_read():
    pytest.importorskip("openfisca_france")
    out = io.StringIO()
    call_command("rights_check", "--format", "text", stdin=io.StringIO(json.dumps(HOUSEHOLD)), stdout=out)
    assert "RSA : droit estimé 573,49\u00a0€ par mois, perçu 0,00\u00a0€" in out.getvalue()
    assert out.getvalue().startswith("Estimation indicative")


def test_the_month_is_the_current_one_by_default(frozen_today):
    pytest.importorskip("openfisca_france")
    printed = run(json.dumps({key: value for key, value in HOUSEHOLD.items() if key != "month"}))
    assert (printed["month"], printed["computed_on"]) == ("2024-05", "2024-05-02")


@pytest.mark.parametrize(
    ("household", "message"),
    [
        ("{", "Entrée JSON illisible"),
        ('{"household": {"adults": [{"age": 40}]}}', "« housing » manque"),
        ('{"household": {"adults": [{"age": 40}]}, "housing": {"rent": 600, "commune_code": "Evry"}}', "code INSEE"),
        (json.dumps(HOUSEHOLD | {"month": "11/2026"}), "« month » : un mois écrit AAAA-MM"),
        ('{"household": {"adults": [{"age": 40}]}, "housing": {"commune_code": "91228"}}', "« housing.rent » manque"),
        ('{"household": {"adults": [{"age": 40, "disability_rate": 180}]}}', "disability_rate"),
    ],
)
def test_a_malformed_household_stops_with_a_french_message_and_exit_status_1(household, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(household)
    assert refused.value.returncode == 1
