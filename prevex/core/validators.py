import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future")


def normalize_french_phone(value: str) -> str:
    """A French or international phone number in E.164 form, or a ValidationError."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        number = None
    # "Possible" rather than "valid": 0690…/0696… and 0639… are French overseas mobiles that
    # phonenumbers files under other regions, yet teams type them as French numbers.
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationError(_("Numéro de téléphone invalide : « %(value)s ».") % {"value": value}, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """E.164 to the national form French users read: +33612345678 -> 06 12 34 56 78."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
