"""Parsing one cell as the French spreadsheets write it. Each parser raises CellError with a French message.

A cell is either text typed by someone (`05/04/2022`, `1 234,56 €`) or a value Excel stored (a date, a
number): both are accepted.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_AMOUNT = Decimal("1e8")  # Situation.debt_amount holds 10 digits, 2 of them decimals
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # '05/04/2022 00:00' from a datetime export
_DD_MM_YYYY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # 05/04/2022, or 05/04/22 as lists write it
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d{1,2})?$")
_THOUSANDS_WITH_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")


# C0 control characters but tab, line feed and carriage return: NUL is refused by PostgreSQL, the others by
# openpyxl (an export of the team's situations would fail), and none belongs to a cell typed by someone.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class CellError(ValueError):
    pass


def without_control_characters(value: str) -> str:
    return _CONTROL_CHARACTERS.sub("", value) if _CONTROL_CHARACTERS.search(value) else value


def text(value) -> str:
    if type(value) is str:  # the usual case first: this runs for every cell of the file
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    raw = _TIME_SUFFIX.sub("", text(value))
    if not raw:
        return None
    if match := _DD_MM_YYYY.match(raw):  # the usual case, without strptime's cost
        day, month, year = map(int, match.groups())
        if len(match.group(3)) == 2:  # strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068
            year += 1900 if year >= 69 else 2000
        try:
            parsed = dt.date(year, month, day)
        except ValueError:
            raise CellError(_("« %(value)s » est une date qui n'existe pas.") % {"value": raw}) from None
        return _plausible(parsed, raw)
    for date_format in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            continue
        return _plausible(parsed, raw)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", raw):
        raise CellError(_("« %(value)s » est une date qui n'existe pas.") % {"value": raw})
    raise CellError(_("« %(value)s » n'est pas une date au format jj/mm/aaaa.") % {"value": raw})


def _plausible(day: dt.date, raw: str) -> dt.date:
    if day.year < 1900:
        raise CellError(_("« %(value)s » n'est pas une date vraisemblable.") % {"value": raw})
    return day


def _excel_serial(value: float) -> dt.date:
    """A date cell Excel shows as a number (days since 30/12/1899)."""
    if not 1 <= value < 100000:  # also refuses NaN
        raise CellError(_("« %(value)s » n'est pas une date.") % {"value": value})
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def parse_amount(value) -> Decimal | None:
    """'1 234,56', '1 234,56 €' (no-break or thin spaces), '1.234,56', '1234.56' or an Excel number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raw = repr(float(value)) if abs(value) < float(MAX_AMOUNT) else "inf"  # also NaN
    else:
        raw = _SPACES.sub("", text(value)).replace("€", "").replace("EUR", "")
    if not raw:
        return None
    negative = raw.startswith(("-", "\u2212"))
    digits = _with_decimal_point(raw.lstrip("-\u2212+"))
    amount = None
    if digits is not None and (_PLAIN_NUMBER.match(digits) or isinstance(value, float)):
        try:
            amount = Decimal(digits)
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite() or amount >= MAX_AMOUNT:
        raise CellError(_("« %(value)s » n'est pas un montant (par exemple 1 234,56).") % {"value": text(value)})
    amount = amount.quantize(Decimal("0.01"))
    return -amount if negative else amount


def _with_decimal_point(raw: str) -> str | None:
    """'1.234,56' -> '1234.56'; '1,5' -> '1.5'; '1.234.567' -> '1234567'; ambiguous forms -> None."""
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if raw.count(decimal) > 1:
            return None
        return raw.replace(thousands, "").replace(decimal, ".")
    if "," in raw:
        return raw.replace(",", ".") if raw.count(",") == 1 else None
    if raw.count(".") > 1:
        return raw.replace(".", "") if _THOUSANDS_WITH_DOTS.match(raw) else None
    return raw


def parse_postal_code(value) -> str:
    raw = re.sub(r"\s", "", text(value))
    if raw.isdigit() and len(raw) == 4:
        raw = f"0{raw}"  # Excel drops the leading zero of 01000…09999
    if not re.fullmatch(r"\d{5}", raw):
        raise CellError(_("« %(value)s » n'est pas un code postal à 5 chiffres.") % {"value": text(value)})
    return raw
