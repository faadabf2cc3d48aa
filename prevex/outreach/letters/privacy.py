"""What the letters app holds about a household, for the privacy registry (`prevex/privacy/registry.py`): the
landlord's postal address typed for the landlord's letter (a person's address, when the landlord is one). The
templates and letterheads hold nothing about a household."""

from prevex.outreach.letters.models import LandlordAddress


def anonymise(situation) -> None:
    LandlordAddress.objects.filter(situation_id=situation.pk).delete()


def personal_data(situation) -> dict:
    found = LandlordAddress.objects.filter(situation_id=situation.pk).first()
    if found is None:
        return {"landlord_address": None}
    return {
        "landlord_address": {
            "recipient": found.recipient,
            "address": found.address,
            "postal_code": found.postal_code,
            "city": found.city,
        }
    }
