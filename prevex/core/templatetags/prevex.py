from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from prevex.core.validators import format_phone

register = template.Library()


@register.filter
def euros(value) -> str:
    """1234.5 -> '1 234,50 €' (French grouping, no-break spaces)."""
    if value in (None, ""):
        return ""
    return f"{number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def phone(value) -> str:
    return format_phone(value)


@register.filter
def percent(value) -> str:
    """0.2637 -> '26 %' (rounded half up, French spacing)."""
    if value is None:
        return "–"
    rounded = (Decimal(str(value)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, decimal_pos=0)}\u00a0%"
