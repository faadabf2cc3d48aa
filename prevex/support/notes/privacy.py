"""What the need-to-know notes hold about a household, for the privacy registry (`prevex/privacy/registry.py`).

Anonymisation deletes the notes (free text, nothing to count); consents hold a date and a scope, and stay.
The right of access is exported by a coordinator, who may be of another organisation: an organisation-private
note is listed with its organisation and date only, its text withheld (that organisation answers for it)."""

from prevex.support.notes.models import Consent, Note, Visibility


def anonymise(situation) -> None:
    Note.objects.filter(situation_id=situation.pk).delete()


def personal_data(situation) -> dict:
    notes = Note.objects.filter(situation_id=situation.pk).select_related("organisation").order_by("written_at", "id")
    return {
        "need_to_know_notes": [
            {
                "organisation": note.organisation.name,
                "written_at": note.written_at.isoformat(),
                "visibility": note.get_visibility_display(),
                "text": note.text if note.visibility == Visibility.TEAM else None,
            }
            for note in notes
        ],
        "share_consents": [
            {
                "given_on": c.given_on.isoformat(),
                "scope": c.get_scope_display(),
                "obtained_how": c.get_obtained_how_display(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            }
            for c in Consent.objects.filter(situation_id=situation.pk).order_by("given_on", "id")
        ],
    }
