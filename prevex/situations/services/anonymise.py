"""Anonymising a situation's own rows (the privacy registry's holder `prevex/situations/privacy.py` calls it)."""

from django.utils import timezone

from prevex.situations.models import Event, Situation

ANONYMOUS_NAME = "ANONYMISÉ"
# What identifies a household, emptied by anonymisation (the name gets a placeholder, the rest is blanked).
IDENTIFYING_FIELDS = ("tenant_first_name", "other_tenants", "phone", "email", "address", "landlord_name")
# A judgment's amounts (the household's finances), blanked on its events; the decision's code stays.
DECISION_AMOUNTS = ("decision_months", "decision_instalment", "occupation_indemnity")


def situation_anonymise(situation: Situation) -> None:
    """Blank what identifies the household on the situation and its events' notes. Works on its own copy: the
    other holders of the registry still read the household's values on `situation`."""
    copy = Situation.objects.get(pk=situation.pk)
    copy.tenant_last_name = ANONYMOUS_NAME
    for name in IDENTIFYING_FIELDS:
        setattr(copy, name, "")
    copy.anonymised_on = timezone.localdate()
    copy.version += 1
    copy.save(update_fields=["tenant_last_name", *IDENTIFYING_FIELDS, "anonymised_on", "version"])
    Event.objects.filter(situation=copy).exclude(note="").update(note="")
    Event.objects.filter(situation=copy, decision_months__isnull=False).update(decision_months=None)
    Event.objects.filter(situation=copy, decision_instalment__isnull=False).update(decision_instalment=None)
    Event.objects.filter(situation=copy, occupation_indemnity__isnull=False).update(occupation_indemnity=None)
