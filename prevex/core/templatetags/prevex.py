from decimal import Decimal

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
