"""Writing notes and consents: atomic, on a writable (not anonymised) situation, journaled without the text."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.models import Situation
from prevex.situations.services.locks import check_writable
from prevex.support.notes.models import Consent, ConsentMethod, ConsentScope, Note, Visibility


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
def consent_record(
    situation: Situation, user, *, given_on: dt.date, scope: str, obtained_how: str, today: dt.date | None = None
) -> Consent:
    """The household's consent as the team obtained it: its day (not in the future), scope and how."""
    situation = _writable(situation, user)
    errors = {}
    if scope not in ConsentScope.values:
        errors["scope"] = _("Portée : choisissez une portée du consentement.")
    if obtained_how not in ConsentMethod.values:
        errors["obtained_how"] = _("Recueilli : dites comment le consentement a été obtenu.")
    if given_on is None or given_on > (today or timezone.localdate()):
        errors["given_on"] = _("Donné le : une date qui n'est pas dans le futur.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        situation=situation, given_on=given_on, scope=scope, obtained_how=obtained_how, recorded_by=user
    )
    details = {
        "situation": str(situation.public_id),
        "given_on": given_on.isoformat(),
        "scope": scope,
        "obtained_how": obtained_how,
    }
    AuditEntry.log(actor=user, action=AuditAction.CREATE, target=consent, details=details)
    return consent


@transaction.atomic
def consent_withdraw(consent: Consent, user, *, withdrawn_on: dt.date, today: dt.date | None = None) -> Consent:
    """The household withdraws its consent from `withdrawn_on` (kept, with its dates: what was allowed until
    then). Withdrawing it again changes nothing."""
    _writable(consent.situation, user)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        return consent
    if withdrawn_on is None or withdrawn_on > (today or timezone.localdate()) or withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("Retiré le : une date entre le consentement et aujourd'hui.")})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    details = {"situation": str(consent.situation.public_id), "withdrawn_on": withdrawn_on.isoformat()}
    AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=consent, details=details)
    return consent


def court_consent(situation: Situation, on: dt.date | None = None) -> Consent | None:
    """The consent in force that lets the team share the hearing sheet with the judge, or None."""
    day = on or timezone.localdate()
    return Consent.objects.filter(situation=situation).covering(ConsentScope.COURT, day).first()
