"""Writing notes and consents: atomic, on a writable (not anonymised) situation, journaled without the text."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.models import Situation
from prevex.situations.services.locks import check_writable
from prevex.support.notes.models import Consent, ConsentScope, Note, Visibility


def _writable(situation: Situation, user) -> Situation:
    membership = getattr(user, "membership", None)
    if membership is None or membership.team_id != situation.team_id:
        raise PermissionDenied
    fresh = Situation.objects.get(pk=situation.pk)
    check_writable(fresh)
    return fresh


@transaction.atomic
def note_add(situation: Situation, user, *, text: str, visibility: str) -> Note:
    """A note of the user's organisation; an organisation-private note needs an organisation."""
    situation = _writable(situation, user)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Note : écrivez le texte de la note.")})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Visible par : choisissez l'équipe ou votre organisation.")})
    organisation = user.membership.organisation
    if organisation is None:
        raise ValidationError({"visibility": _("Visible par : votre compte n'appartient à aucune organisation.")})
    note = Note.objects.create(
        situation=situation, organisation=organisation, author=user, visibility=visibility, text=text
    )
    # The journal keeps that a note was written, never its text: its details reach the team's journal.
    AuditEntry.log(
        actor=user,
        action=AuditAction.CREATE,
        target=note,
        details={"situation": str(situation.public_id), "visibility": visibility},
    )
    return note


@transaction.atomic
def consent_record(situation: Situation, user, *, given_on: dt.date, scope: str) -> Consent:
    situation = _writable(situation, user)
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Portée : choisissez une portée du consentement.")})
    consent = Consent.objects.create(situation=situation, given_on=given_on, scope=scope, recorded_by=user)
    details = {"situation": str(situation.public_id), "given_on": given_on.isoformat(), "scope": scope}
    AuditEntry.log(actor=user, action=AuditAction.CREATE, target=consent, details=details)
    return consent
