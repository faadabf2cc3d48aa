"""The bulk writer's statements keep every value as the ORM would store it, on SQLite and PostgreSQL."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from prevex.core.bulk import insert_rows, insert_rows_returning_pks, update_rows
from prevex.situations.models import Situation
from prevex.situations.tests.factories import SituationFactory

pytestmark = pytest.mark.django_db

COLUMNS = [field.attname for field in Situation._meta.concrete_fields if not field.primary_key]


def copy_of(situation: Situation, **values) -> dict:
    row = Situation.objects.filter(pk=situation.pk).values(*COLUMNS).get()
    return row | {"reference": f"COPY-{uuid.uuid4().hex[:8]}", "public_id": uuid.uuid4(), **values}


def test_rows_inserted_in_bulk_read_back_as_given():
    situation = SituationFactory()
    values = {
        "earlier_hearing_dates": ["2024-03-20", "2024-04-10"],
        "debt_amount": Decimal("1234.56"),
        "hearing_date": dt.date(2024, 5, 2),
        "tenant_last_name": "N'GUYỄN ; =1+1",
    }
    insert_rows(Situation, [copy_of(situation, **values)])
    [returned] = insert_rows_returning_pks(Situation, [copy_of(situation, earlier_hearing_dates=[])])
    copy = Situation.objects.exclude(pk__in=[situation.pk, returned]).get()
    assert {name: getattr(copy, name) for name in values} == values
    assert Situation.objects.get(pk=returned).earlier_hearing_dates == []


def test_rows_updated_in_bulk_read_back_as_given():
    first, second = SituationFactory(), SituationFactory()
    update_rows(
        Situation,
        ["earlier_hearing_dates", "debt_amount"],
        [(first.pk, ["2024-01-02"], Decimal("10.00")), (second.pk, [], None)],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.earlier_hearing_dates, first.debt_amount) == (["2024-01-02"], Decimal("10.00"))
    assert (second.earlier_hearing_dates, second.debt_amount) == ([], None)
