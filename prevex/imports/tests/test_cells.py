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
        (" 5/4/2022 ", dt.date(2022, 4, 5)),
        ("5/4/22", dt.date(2022, 4, 5)),
        ("2022-04-05", dt.date(2022, 4, 5)),
        ("05.04.2022", dt.date(2022, 4, 5)),
        ("05/04/2022 00:00", dt.date(2022, 4, 5)),
        ("05/04/2022 14:30:00", dt.date(2022, 4, 5)),
        (dt.datetime(2022, 4, 5, 0, 0), dt.date(2022, 4, 5)),
        (dt.date(2022, 4, 5), dt.date(2022, 4, 5)),
        (44656.0, dt.date(2022, 4, 5)),  # a date cell Excel shows as a number
        (44656, dt.date(2022, 4, 5)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_dates_as_french_sheets_write_them(raw, expected):
    assert cells.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2022", "« 31/02/2022 » est une date qui n'existe pas."),
        ("12/13/2022", "« 12/13/2022 » est une date qui n'existe pas."),
        ("demain", "« demain » n'est pas une date au format jj/mm/aaaa."),
        ("2022/04/05", "n'est pas une date au format jj/mm/aaaa."),
        ("05/04/0022", "« 05/04/0022 » n'est pas une date vraisemblable."),
        (-3.0, "n'est pas une date."),
        (float("nan"), "n'est pas une date."),
    ],
)
def test_bad_dates_get_a_french_message(raw, message):
    with pytest.raises(cells.CellError, match=message):
        cells.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56 €", Decimal("1234.56")),  # narrow no-break space, as Excel writes it
        ("1\u00a0234,5", Decimal("1234.50")),
        ("1\u2009234,56€", Decimal("1234.56")),
        ("14930.29", Decimal("14930.29")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),  # an English export
        ("1.234.567", Decimal("1234567.00")),
        ("903", Decimal("903.00")),
        ("1 234,56 EUR", Decimal("1234.56")),
        ("-250,00", Decimal("-250.00")),
        (903.05, Decimal("903.05")),
        (1234.5600000001, Decimal("1234.56")),  # an Excel formula's float
        (1500, Decimal("1500.00")),
        ("", None),
        (None, None),
    ],
)
def test_french_amounts(raw, expected):
    assert cells.parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw", ["douze euros", "1,2,3", "NaN", "Infinity", "12,345", "1.234", "1e5", "100000000", float("inf"), 10**400]
)
def test_bad_or_ambiguous_amounts_are_refused(raw):
    with pytest.raises(cells.CellError, match="n'est pas un montant"):
        cells.parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91200", "91200"),
        (91200.0, "91200"),  # a postal code typed in an Excel number cell
        (91200, "91200"),
        (1000, "01000"),
        ("1000", "01000"),
        (" 91 300", "91300"),
    ],
)
def test_postal_codes_stay_text(raw, expected):
    assert cells.parse_postal_code(raw) == expected


@pytest.mark.parametrize("raw", ["912", "912000", "91 2OO", 91200.5, "Massy"])
def test_bad_postal_codes(raw):
    with pytest.raises(cells.CellError, match="n'est pas un code postal à 5 chiffres"):
        cells.parse_postal_code(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, ""), (" EM-1 ", "EM-1"), (12.0, "12"), (12.5, "12.5"), (dt.date(2022, 4, 5), "05/04/2022")],
)
def test_cells_as_text(raw, expected):
    assert cells.text(raw) == expected


anything = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(allow_nan=True), st.dates(), st.datetimes(), st.booleans()
)


@given(anything)
def test_no_cell_makes_a_parser_crash(value):
    for parser in (cells.parse_date, cells.parse_amount, cells.parse_postal_code):
        with contextlib.suppress(cells.CellError):
            parser(value)
