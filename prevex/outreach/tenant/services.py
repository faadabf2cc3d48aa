"""The tenant's personal link and what the tenant asks on the page.

For the letters: `link_for(situation)` (the active link, made on demand), `personal_url(situation)` (the
absolute address printed on a letter, an SMS, an e-mail), `qr_svg(url)` / `qr_data_uri(url)` (the QR code).
For the page: `resolve(token)` (valid, expired, revoked or unknown), `ask_callback` and `report_left`, which
record a tenant contact on the timeline through the writer (channel: the personal link) and open a task for
the team. The tenant's phone given on the page goes to the event's note and the task, never to the
situation: a person decides whether it replaces the one on file.
"""

import datetime as dt
from dataclasses import dataclass

import segno
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.validators import format_phone
from prevex.outreach.enums import AdHocTask
from prevex.outreach.models import Task
from prevex.outreach.services import task_add
from prevex.outreach.tenant import tokens
from prevex.outreach.tenant.conf import setting
from prevex.outreach.tenant.models import TeamContact, TenantLink
from prevex.situations.enums import Channel, ClosureReason, EventKind
from prevex.situations.models import Event, Situation
from prevex.situations.services import SituationAnonymised, event_record


class LinkStatus:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # forged, mistyped, or of an erased household


# --- the link, for the letters ----------------------------------------------------------------------------------


def _create(situation: Situation) -> TenantLink:
    salt = tokens.new_salt()
    return TenantLink.objects.create(
        situation=situation,
        team_id=situation.team_id,
        salt=salt,
        token_hash=tokens.token_hash(tokens.clear_token(situation.public_id, salt)),
    )


@transaction.atomic
def link_for(situation: Situation) -> TenantLink:
    """The situation's active link, made on first use. A link whose token can no longer be derived (SECRET_KEY
    changed) is revoked and replaced: a letter must never print a token that leads nowhere."""
    link = TenantLink.objects.active().filter(situation=situation).first()
    if link is not None and link.token_hash != tokens.token_hash(clear_token(link, situation)):
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        link = None
    if link is None:
        try:
            with transaction.atomic():
                link = _create(situation)
        except IntegrityError:  # made at the same moment by another request: that one
            link = TenantLink.objects.active().get(situation=situation)
    return link


def clear_token(link: TenantLink, situation: Situation | None = None) -> str:
    situation = situation or link.situation
    return tokens.clear_token(situation.public_id, link.salt)


def page_path(token: str) -> str:
    return reverse("tenant_page:page", kwargs={"link_token": token})


def personal_url(situation: Situation, request=None) -> str:
    """The absolute address of the household's page: from the request when there is one, else from
    PREVEX_PUBLIC_URL (a batch of letters, a job)."""
    path = page_path(clear_token(link_for(situation), situation))
    if request is not None:
        return request.build_absolute_uri(path)
    return setting("PREVEX_PUBLIC_URL").rstrip("/") + path


@transaction.atomic
def personal_urls(situations) -> dict[int, str]:
    """{situation pk: its personal_url} for a batch of letters: the active links read in one query, the missing
    ones made in one insert (a link whose token can no longer be derived is replaced, as in `link_for`)."""
    situations = list(situations)
    links = {link.situation_id: link for link in TenantLink.objects.active().filter(situation__in=situations)}
    stale = [
        link.pk
        for situation in situations
        if (link := links.get(situation.pk)) is not None
        and link.token_hash != tokens.token_hash(tokens.clear_token(situation.public_id, link.salt))
    ]
    if stale:
        TenantLink.objects.filter(pk__in=stale).update(revoked_at=timezone.now())
    missing = [situation for situation in situations if situation.pk not in links or links[situation.pk].pk in stale]
    made = []
    for situation in missing:
        salt = tokens.new_salt()
        token = tokens.clear_token(situation.public_id, salt)
        made.append(
            TenantLink(situation=situation, team_id=situation.team_id, salt=salt, token_hash=tokens.token_hash(token))
        )
    TenantLink.objects.bulk_create(made)
    links |= {link.situation_id: link for link in made}
    base = setting("PREVEX_PUBLIC_URL").rstrip("/")
    return {
        situation.pk: base + page_path(tokens.clear_token(situation.public_id, links[situation.pk].salt))
        for situation in situations
    }


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The QR code of `url` as inline SVG markup (for an HTML page or a WeasyPrint letter); no style attribute,
    no script: safe under the Content-Security-Policy."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=scale, title=_("Code QR de votre page"))


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    """The same QR code as a `data:` URI, for an <img src> (allowed by the policy's img-src)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=scale)


@transaction.atomic
def links_revoke(situation: Situation, user=None) -> int:
    """Revoke the situation's active link (its token then gets the friendly page); the next letter gets a new
    one."""
    count = TenantLink.objects.active().filter(situation=situation).update(revoked_at=timezone.now(), revoked_by=user)
    if count and user is not None:
        AuditEntry.log(
            actor=user,
            action=AuditAction.UPDATE,
            target=situation,
            team=situation.team,
            details={"tenant_page": "revoke"},
        )
    return count


# --- the page ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    status: str
    link: TenantLink | None = None

    @property
    def team(self):
        return self.link.team if self.link is not None else None


def resolve(token: str, today: dt.date | None = None) -> Resolution:
    """What a token opens, as of `today`: a valid link, an expired or revoked one (the friendly page with the
    team's phone), or nothing (a forged token: a generic page)."""
    if not tokens.well_formed(token):
        return Resolution(LinkStatus.UNKNOWN)
    link = (
        TenantLink.objects.select_related("situation", "team")
        .filter(token_hash=tokens.token_hash(token))
        .only(
            "pk",
            "salt",
            "token_hash",
            "created_at",
            "revoked_at",
            "team__id",
            "team__name",
            "situation__id",
            "situation__public_id",
            "situation__team_id",
            "situation__hearing_date",
            "situation__court",
            "situation__anonymised_on",
        )
        .first()
    )
    if link is None:
        return Resolution(LinkStatus.UNKNOWN)
    if link.revoked_at is not None or link.situation.anonymised_on is not None:
        return Resolution(LinkStatus.REVOKED, link)
    if (today or timezone.localdate()) > link.expires_on(link.situation.hearing_date):
        return Resolution(LinkStatus.EXPIRED, link)
    return Resolution(LinkStatus.VALID, link)


@dataclass(frozen=True)
class Contact:
    """The team's contact as the page shows it."""

    phone: str  # E.164, for the tel: link
    display: str  # national form, in large type
    hours: str


def team_contact(team) -> Contact | None:
    contact = TeamContact.objects.filter(team=team).first() if team is not None else None
    if contact is None or not contact.phone:
        return None
    return Contact(contact.phone, format_phone(contact.phone), contact.hours)


class RequestRefused(Exception):
    """The timeline refused the tenant's contact (a closed situation's rules…): the page says to call."""


def _contact(link: TenantLink, note: str) -> Event:
    event = Event(
        situation=link.situation,  # the writer locks and reads it afresh
        kind=EventKind.TENANT_CONTACT,
        occurred_on=timezone.localdate(),
        channel=Channel.LINK,
        note=note,
    )
    try:
        return event_record(event=event, author=None)
    except (ValidationError, SituationAnonymised) as refusal:
        raise RequestRefused(str(refusal)) from refusal


@transaction.atomic
def ask_callback(link: TenantLink, *, phone: str, slot_label: str) -> Task:
    """« Rappelez-moi »: a tenant contact (channel: the link) on the timeline and a callback task with the
    number and the time slot given. The writer's hook ends the household's outreach sequence."""
    shown = format_phone(phone)
    event = _contact(
        link,
        _("Demande de rappel depuis la page personnelle : %(phone)s, %(slot)s.") % {"phone": shown, "slot": slot_label},
    )
    return task_add(event.situation, AdHocTask.CALL_BACK, note=f"{shown}, {slot_label}")


@transaction.atomic
def report_left(link: TenantLink) -> Task:
    """« J'ai quitté ce logement »: a tenant contact on the timeline and a task to confirm it and close the
    situation, proposing the closure « départ volontaire » (a person confirms: nothing is closed here)."""
    event = _contact(link, _("Le locataire indique, depuis sa page personnelle, avoir quitté le logement."))
    task = task_add(
        event.situation,
        AdHocTask.CHECK_ADDRESS,
        note=_("le locataire dit avoir quitté le logement ; à confirmer, puis clôturer (%(reason)s)")
        % {"reason": ClosureReason.DEPART_VOLONTAIRE.label},
    )
    if not task.proposed_closure:
        Task.objects.filter(pk=task.pk).update(proposed_closure=ClosureReason.DEPART_VOLONTAIRE)
        task.proposed_closure = ClosureReason.DEPART_VOLONTAIRE
    return task
