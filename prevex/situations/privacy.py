"""What a situation and its timeline hold about a household, for the privacy registry.

Anonymising blanks what identifies the household (names, contacts, street address, landlord's name, free
text) and keeps what the bilan counts (dates, kinds of events, codes, commune and sector, landlord type, debt).
"""

import datetime as dt

from django.forms.models import model_to_dict

from prevex.situations.models import Event, Situation
from prevex.situations.services.anonymise import (  # noqa: F401 (the registry's names)
    ANONYMOUS_NAME,
    IDENTIFYING_FIELDS,
    situation_anonymise,
)

# What a situation's export leaves out: internal, or replaced by a readable value below.
NOT_EXPORTED = {"id", "team", "search_text", "commune", "sector", "import_batch", "created_by", "updated_by"}


def anonymise(situation: Situation) -> None:
    situation_anonymise(situation)


def personal_data(situation: Situation) -> dict:
    fields = [field.name for field in Situation._meta.concrete_fields if field.name not in NOT_EXPORTED]
    data = {key: plain(value) for key, value in model_to_dict(situation, fields).items()}
    batch = situation.import_batch
    data |= {
        "commune": situation.commune.name,
        "sector": situation.sector.name if situation.sector else None,
        "import_batch": f"{batch.get_kind_display()} « {batch.filename} »" if batch else None,
        "created_by": _person(situation.created_by),
        "updated_by": _person(situation.updated_by),
    }
    referents = situation.referents.select_related("organisation", "user").order_by("organisation__name")
    events = situation.events.chronological().select_related("author", "organisation")
    return {
        "situation": data,
        "referents": [{"organisation": r.organisation.name, "person": str(r.user)} for r in referents],
        "events": [
            {
                **{key: plain(value) for key, value in model_to_dict(event, Event.DATA_FIELDS).items()},
                "author": str(event.author or ""),
                "organisation": str(event.organisation or ""),
            }
            for event in events
        ],
    }


def _person(user) -> str:
    if user is None:
        return ""
    membership = getattr(user, "membership", None)
    return f"{user} ({membership.organisation})" if membership else str(user)


def plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str | list):
        return value
    return str(value)
