import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future")


# The overseas départements and collectivities that share the French national numbering (0 + 9 digits):
# phonenumbers files 0690…, 0696…, 0639… under these regions, yet teams type them as French numbers.
OVERSEAS_REGIONS = ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")
_OVERSEAS_CODES = sorted({phonenumbers.country_code_for_region(region) for region in OVERSEAS_REGIONS})
_FRENCH_NUMBERING_CODES = {33, *_OVERSEAS_CODES}


def normalize_french_phone(value: str) -> str:
    """A valid French (metropolitan or overseas) or international phone number in E.164 form, or a
    ValidationError: a number missing a digit, or outside any allocated range, is refused."""
    number = _valid_number(value)
    if number is None:
        raise ValidationError(
            _("Numéro de téléphone invalide : « %(value)s » (un chiffre manque ou est en trop ?).") % {"value": value},
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# 06 12 34 56 78 as teams type it, once its separators are gone (not 00…, the international prefix)
_NATIONAL_FORM = re.compile(r"0[1-9]\d{8}")
_SEPARATORS = re.compile(r"[\s.\-]+")


def _valid_number(value: str):
    national = _SEPARATORS.sub("", value)
    if _NATIONAL_FORM.fullmatch(national):  # the usual case, without the general parser's cost
        return _french_numbering(int(national[1:]))
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    if number.country_code != 33:
        return None
    return _french_numbering(number.national_number)  # +33 690… typed the French way


def _french_numbering(national_number: int):
    """The number 0 + `national_number` in metropolitan France, else in the overseas region holding it
    (0690…), or None."""
    for country_code in (33, *_OVERSEAS_CODES):
        number = phonenumbers.PhoneNumber(country_code=country_code, national_number=national_number)
        if phonenumbers.is_valid_number(number):
            return number
    return None


def format_phone(value: str) -> str:
    """E.164 to the national form French users read: +33612345678 -> 06 12 34 56 78 (overseas too)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code in _FRENCH_NUMBERING_CODES:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
