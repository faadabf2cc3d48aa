"""Parsing one cell as the French spreadsheets write it. Each parser raises CellError with a French message."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class CellError(ValueError):
    pass


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(_("« %(value)s » n'est pas une date.") % {"value": value})
    raw = text(value)
    if not raw:
        return None
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", raw):
        raise CellError(_("« %(value)s » est une date qui n'existe pas.") % {"value": raw})
    raise CellError(_("« %(value)s » n'est pas une date au format jj/mm/aaaa.") % {"value": raw})


def parse_amount(value) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raw = str(value)
    else:
        raw = _SPACES.sub("", text(value)).replace("€", "").replace("EUR", "")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or abs(amount) >= Decimal("1e8"):
        raise CellError(_("« %(value)s » n'est pas un montant (par exemple 1 234,56).") % {"value": text(value)})
    return amount.quantize(Decimal("0.01"))


def parse_postal_code(value) -> str:
    raw = text(value).replace(" ", "")
    if raw.isdigit() and len(raw) == 4:
        raw = f"0{raw}"  # Excel drops the leading zero of 01000…09999
    if not re.fullmatch(r"\d{5}", raw):
        raise CellError(_("« %(value)s » n'est pas un code postal à 5 chiffres.") % {"value": text(value)})
    return raw
