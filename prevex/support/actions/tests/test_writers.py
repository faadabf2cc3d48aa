"""The tracking sheet and the demo write their préconisations as actions, through `actions_create_many`."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from prevex.audit.models import AuditEntry
from prevex.core.testing import frozen_today  # noqa: F401 (a fixture)
from prevex.imports.suivi.services import import_file, read_preview
from prevex.imports.tests.conftest import FULL_ROW, full_sheet
from prevex.situations.enums import EventKind
from prevex.situations.models import Situation
from prevex.support.actions.models import Action, Source
from prevex.support.actions.services import kind_add
from prevex.territories.services import communes_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet_world(db, frozen_today):  # noqa: F811
    communes_load(departement="91")


def test_the_sheet_names_a_teams_own_code_or_a_label(sheet_world, team, coordinator):
    kind_add(team, coordinator, code="aide_mutuelle", label="Aide à la mutuelle", category="rights")
    sheet = full_sheet({"preconisations": "aide_mutuelle; Recours DALO"})
    import_file(team=team, data=sheet, filename="s.csv", user=coordinator)
    situation = Situation.objects.get()
    adhesion = situation.events.get(kind=EventKind.ADHESION).occurred_on
    actions = Action.objects.filter(situation=situation).order_by("id")
    assert [(a.kind.code, a.status, a.proposed_on, a.source) for a in actions] == [
        ("aide_mutuelle", "a_faire", adhesion, Source.IMPORT),
        ("recours_dalo", "a_faire", adhesion, Source.IMPORT),
    ]
    assert AuditEntry.objects.filter(target_type="actions.action").count() == 2


def test_a_code_outside_the_catalogue_is_an_error_of_the_row(sheet_world, team):
    [row] = read_preview(team=team, data=full_sheet({"preconisations": "loto"}), filename="s.csv").rows
    assert [(e.column, e.message) for e in row.errors] == [("preconisations", "préconisation inconnue : « loto »")]


def test_importing_again_adds_no_action(sheet_world, team, coordinator):
    assert FULL_ROW["preconisations"]
    import_file(team=team, data=full_sheet({}), filename="s.csv", user=coordinator)
    import_file(team=team, data=full_sheet({}), filename="s.csv", user=coordinator)
    assert Action.objects.count() == 2


def test_the_demo_proposes_on_the_adhesion(settings):
    settings.DEMO_MODE = True
    call_command("demo_data", stdout=StringIO())
    actions = Action.objects.select_related("situation")
    assert actions.count() > 50 and set(actions.values_list("source", flat=True)) == {Source.DEMO}
    assert not Situation.objects.exclude(recommendations=[]).exists()
    for action in actions[:20]:
        adhesion = action.situation.events.filter(kind=EventKind.ADHESION).order_by("occurred_on").first()
        assert adhesion is not None and action.proposed_on == adhesion.occurred_on
        assert action.proposed_on <= dt.date.today()
