"""The situation page's « Consentement du ménage » card: what it shows, for the page's template tag and for the
views that answer its forms (htmx swaps the card)."""

from django.utils import timezone

from prevex.support.notes.forms import ConsentForm, ConsentWithdrawForm
from prevex.support.notes.models import Consent


def consents_card(situation, *, form=None, withdraw_errors=None) -> dict:
    today = timezone.localdate()
    consents = list(Consent.objects.filter(situation=situation).select_related("recorded_by"))
    for consent in consents:
        consent.in_force = consent.in_force_on(today)
        consent.withdraw_form = withdraw_form(consent, initial={"withdrawn_on": today})
    return {
        "situation": situation,
        "consents": consents,
        "consent_form": form or ConsentForm(initial={"given_on": today}, prefix="consent"),
        "withdraw_errors": withdraw_errors or {},
        "read_only": bool(situation.anonymised_on),
    }


def withdraw_form(consent, data=None, **kwargs) -> ConsentWithdrawForm:
    """One form per consent (its own prefix: the ids of the page's fields stay unique)."""
    return ConsentWithdrawForm(data, prefix=f"withdraw-{consent.pk}", **kwargs)
