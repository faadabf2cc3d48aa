"""`__any` finds the rows `__in` finds, on SQLite and PostgreSQL, for the key types the writer looks up."""

import uuid

import pytest

from prevex.situations.models import Event, Situation
from prevex.situations.tests.factories import SituationFactory

pytestmark = pytest.mark.django_db


def test_any_finds_what_in_finds():
    first, second, _other = SituationFactory(), SituationFactory(), SituationFactory()
    wanted = [first, second]
    for lookup, values in {
        "pk": [situation.pk for situation in wanted],
        "reference": [situation.reference for situation in wanted],
        "public_id": [situation.public_id for situation in wanted] + [uuid.uuid4()],
        "team_id": [first.team_id],
    }.items():
        found = set(Situation.objects.filter(**{f"{lookup}__any": values}))
        assert found == set(Situation.objects.filter(**{f"{lookup}__in": values})), lookup
    assert set(Situation.objects.filter(public_id__any=[str(first.public_id), None])) == {first}
    assert not Situation.objects.filter(pk__any=[]).exists()
    assert not Event.objects.filter(situation_id__any=[first.pk]).exists()


def test_any_takes_a_subquery():
    situation = SituationFactory()
    subquery = Situation.objects.filter(reference=situation.reference).values("pk")
    assert list(Situation.objects.filter(pk__any=subquery)) == [situation]


def test_any_does_not_cut_a_value_to_the_column_length():
    """A value longer than the column finds nothing, as with `__in` (a cast to `varchar(n)[]` would cut it)."""
    length = Situation._meta.get_field("reference").max_length
    situation = SituationFactory(reference="R" * length)
    longer = situation.reference + "X"
    assert not Situation.objects.filter(reference__any=[longer]).exists()
    assert not Situation.objects.filter(reference__in=[longer]).exists()
    assert list(Situation.objects.filter(reference__any=[situation.reference])) == [situation]
