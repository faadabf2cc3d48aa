"""A team's sequence as data: the shipped default until the team has its own steps; deactivated steps drop out of
their chain without breaking it."""

import pytest

from prevex.outreach.models import SequenceStep, sequence_for, specs_of
from prevex.outreach.sequence import ESSONNE_SEQUENCE
from prevex.outreach.services import sequence_install_default

pytestmark = pytest.mark.django_db


def test_a_team_without_steps_follows_the_shipped_sequence(team):
    assert sequence_for(team) == ESSONNE_SEQUENCE


def test_installing_the_default_gives_the_team_an_equal_copy_once(team):
    rows = sequence_install_default(team)
    assert [row.position for row in rows] == [1, 2, 3, 4, 5]
    assert [
        (s.code, s.delay_days, s.after, s.needs_failure, s.done_by, s.recipient, s.channels) for s in sequence_for(team)
    ] == [
        (s.code, s.delay_days, s.after, s.needs_failure, s.done_by, s.recipient, s.channels) for s in ESSONNE_SEQUENCE
    ]
    assert [str(s.label) for s in sequence_for(team)] == [str(s.label) for s in ESSONNE_SEQUENCE]
    sequence_install_default(team)
    assert SequenceStep.objects.filter(team=team).count() == 5


@pytest.mark.parametrize(
    ("inactive", "chain"),
    [
        ({"visite_1"}, {"visite_2": "premier_courrier", "relance": "visite_2"}),
        ({"visite_1", "visite_2"}, {"relance": "premier_courrier"}),
        ({"premier_courrier"}, {"visite_1": None, "visite_2": "visite_1"}),
    ],
)
def test_a_deactivated_step_drops_out_of_its_chain(team, inactive, chain):
    rows = sequence_install_default(team)
    for row in rows:
        row.is_active = row.code not in inactive
    specs = {spec.code: spec.after for spec in specs_of(rows)}
    assert inactive.isdisjoint(specs)
    assert {code: specs[code] for code in chain} == chain


def test_a_team_whose_steps_are_all_inactive_has_no_sequence(team):
    sequence_install_default(team)
    SequenceStep.objects.filter(team=team).update(is_active=False)
    assert sequence_for(team) == ()
