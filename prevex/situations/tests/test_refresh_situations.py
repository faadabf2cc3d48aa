"""`manage.py refresh_situations`: what Prevex derives from each situation (search text, household key, state)
recomputed from its fields and timeline, after an upgrade that changes how they are made."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prevex.organisations.tests.factories import TeamFactory
from prevex.situations.enums import EventKind, Stage
from prevex.situations.households import stored_household_key
from prevex.situations.models import Situation
from prevex.situations.services import search_text
from prevex.situations.tests.factories import EventFactory, SituationFactory


def made_stale(situation):
    """As an older release would have left it: other keys, and a state its timeline no longer gives."""
    Situation.objects.filter(pk=situation.pk).update(
        search_text="old", household_key="old|old|old", stage=Stage.CONTACT
    )


def test_the_derived_columns_follow_the_fields_and_the_timeline_again(team, frozen_today):
    situation = SituationFactory(team=team, tenant_last_name="Lefèvre", address="4, av. Pasteur", phone="+33612345678")
    EventFactory(situation=situation, kind=EventKind.VISIT, visit_outcome="absent", occurred_on=frozen_today)
    made_stale(situation)
    out = StringIO()
    call_command("refresh_situations", stdout=out)
    situation.refresh_from_db()
    assert situation.search_text == search_text(situation) and "lefevre" in situation.search_text
    assert "0612345678" in situation.search_text
    assert situation.household_key == stored_household_key(situation)
    assert situation.household_key.split("|")[1] == "4 avenue pasteur"
    assert situation.stage == Stage.VISIT_1
    assert out.getvalue() == "1 situation(s) recalculée(s).\n"


def test_one_team_only(team):
    mine, other = SituationFactory(team=team), SituationFactory(team=TeamFactory(slug="autre"))
    made_stale(mine)
    made_stale(other)
    call_command("refresh_situations", "--team", team.slug, stdout=StringIO())
    assert Situation.objects.get(pk=mine.pk).search_text != "old"
    assert Situation.objects.get(pk=other.pk).search_text == "old"
    with pytest.raises(CommandError, match="Équipe inconnue : « inconnue »."):
        call_command("refresh_situations", "--team", "inconnue")


@pytest.mark.parametrize(
    ("last", "first", "address", "key"),
    [
        ("LEFÈVRE", "Zoé", "4, av. Pasteur", "lefevre zoe|4 avenue pasteur|91228"),
        ("Nguyễn Thị", "", "12 bis bd Jean-Jaurès, bât. B", "nguyen thi|12b boulevard jean jaures|91228"),
        ("D'Œuvre", "Marc-Antoine", "1 ter, rue de l'Église", "antoine d marc oeuvre|1t rue de l eglise|91228"),
    ],
)
def test_the_household_key_is_pinned(last, first, address, key):
    """The stored keys are only as good as their agreement with this function. If this test fails, the
    normalisation changed: say in the release notes that `manage.py refresh_situations` must run (or ship a data
    migration calling `refresh_texts`), then update the expected keys."""
    situation = Situation(tenant_last_name=last, tenant_first_name=first, address=address, commune_id="91228")
    assert stored_household_key(situation) == key


def test_each_team_refreshed_is_told_in_its_journal(team):
    """A préfecture list previewed before the refresh is then decided again at confirmation (its watermark counts
    the team's journal)."""
    from prevex.audit.models import AuditAction, AuditEntry

    other = TeamFactory()
    SituationFactory.create_batch(2, team=team)
    SituationFactory(team=other)
    call_command("refresh_situations", stdout=StringIO())
    entries = AuditEntry.objects.filter(action=AuditAction.UPDATE, target_type="organisations.team")
    assert {entry.team: entry.details["refreshed"] for entry in entries} == {team: 2, other: 1}
    assert entries.count() == 2
