"""The test settings make an unknown template variable fail the test that renders it (config/settings_test.py)."""

import pytest
from django.template import engines

from config.settings_test import UnknownTemplateVariable


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("source", ["{{ missing }}", "{{ missing|default:'x' }}", "{% with x=missing %}{% endwith %}"])
def test_printing_or_passing_an_unknown_variable_fails(source):
    with pytest.raises(UnknownTemplateVariable, match="missing"):
        render(source)


def test_traversing_none_fails_too():
    with pytest.raises(UnknownTemplateVariable, match=r"situation\.sector\.name"):
        render("{{ situation.sector.name }}", situation={"sector": None})


@pytest.mark.parametrize(
    "source", ["{% if missing %}x{% endif %}", "{% for x in missing %}x{% endfor %}", "{% firstof missing 'y' %}"]
)
def test_asking_whether_a_variable_exists_does_not_fail(source):
    assert render(source) in {"", "y"}
