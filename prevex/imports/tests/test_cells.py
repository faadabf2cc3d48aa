import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.imports import cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/04/2022", dt.date(2022, 4, 5)),
        ("5/4/22", dt.date(2022, 4, 5)),
        ("2022-04-05", dt.date(2022, 4, 5)),
        (dt.datetime(2022, 4, 5, 0, 0), dt.date(2022, 4, 5)),
        (dt.date(2022, 4, 5), dt.date(2022, 4, 5)),
        (44656.0, dt.date(2022, 4, 5)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_french_sheets_write_them(raw, expected):
    assert cells.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("31/02/2022", "« 31/02/2022 » est une date qui n'existe pas."), ("demain", "« demain » n'est pas une date")],
)
def test_bad_dates_get_a_french_message(raw, message):
    with pytest.raises(cells.CellError, match=message):
        cells.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56 €", Decimal("1234.56")),
        ("1\u00a0234,5", Decimal("1234.50")),
        ("14930.29", Decimal("14930.29")),
        ("1.234,56", Decimal("1234.56")),
        (903.05, Decimal("903.05")),
        ("", None),
    ],
)
def test_french_amounts(raw, expected):
    assert cells.parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["douze euros", "1,2,3", "NaN", "Infinity"])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(cells.CellError, match="n'est pas un montant"):
        cells.parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [("91200", "91200"), (91200.0, "91200"), (1000, "01000"), (" 91 300", "91300")]
)
def test_postal_codes_stay_text(raw, expected):
    assert cells.parse_postal_code(raw) == expected


anything = st.one_of(st.none(), st.text(), st.integers(), st.floats(allow_nan=True), st.dates(), st.booleans())


@given(anything)
def test_no_cell_makes_a_parser_crash(value):
    for parser in (cells.parse_date, cells.parse_amount, cells.parse_postal_code):
        with contextlib.suppress(cells.CellError):
            parser(value)
