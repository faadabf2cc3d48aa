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
_FRENCH_NUMBERING_CODES = {33, 262, 508, 590, 594, 596}


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


def _valid_number(value: str):
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    if number.country_code != 33:
        return None
    national = f"0{number.national_number}"  # 0690…, or +33 690… typed the French way
    for region in OVERSEAS_REGIONS:
        overseas = phonenumbers.parse(national, region)
        if phonenumbers.is_valid_number(overseas):
            return overseas
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
