"""Writing the catalogue and the actions: atomic, on a writable (not anonymised) situation of the user's team,
journaled without any free text (the note and the partner's name never reach the journal).

The statuses move forward only, each change dated on or after the one before and never in the future:

    à faire ──► déposée ──► accordée | refusée | abandonnée
       └──────────────────► accordée | refusée | abandonnée   (decided directly: an orientation answered, an
                                                                aid granted without a file, a request dropped)

Accordée, refusée and abandonnée are final: a new request is a new action (the bilan counts both)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.situations.models import Situation
from prevex.situations.services.locks import locked
from prevex.support.actions.catalogue import DEFAULT_KINDS, PartnerKind
from prevex.support.actions.models import DECIDED, Action, ActionKind, ReferralAnswer, Source, Status
from prevex.support.hearing.sources import ActionLine

NEXT = {
    Status.TO_DO: (Status.FILED, Status.GRANTED, Status.REFUSED, Status.ABANDONED),
    Status.FILED: (Status.GRANTED, Status.REFUSED, Status.ABANDONED),
}
SPECS = {spec.code: spec for spec in DEFAULT_KINDS}


# --- the catalogue -----------------------------------------------------------------------------------------------


def _kind_from_spec(team, spec, position: int) -> ActionKind:
    return ActionKind(
        team=team,
        code=spec.code,
        label=str(spec.label),
        category=spec.category,
        is_referral=spec.is_referral,
        partner_kind=spec.partner_kind,
        position=position,
    )


@transaction.atomic
def catalogue_install_default(team) -> int:
    """Give the team the shipped kinds it lacks (by code; its own changes kept). Returns how many were added."""
    have = set(ActionKind.objects.filter(team=team).values_list("code", flat=True))
    start = 10 * (ActionKind.objects.filter(team=team).count() + 1)
    missing = [spec for spec in DEFAULT_KINDS if spec.code not in have]
    ActionKind.objects.bulk_create(
        [_kind_from_spec(team, spec, start + 10 * index) for index, spec in enumerate(missing)]
    )
    return len(missing)


def kinds_of(team):
    """The team's catalogue, in its order (the shipped one installed first if the team has none yet)."""
    kinds = ActionKind.objects.filter(team=team)
    if not kinds.exists():
        catalogue_install_default(team)
    return kinds.order_by("position", "id")


def kinds_by_code(team, codes) -> dict[str, ActionKind]:
    """The team's kinds of these codes; a shipped code the team lacks is added to its catalogue."""
    codes = set(codes)
    found = {kind.code: kind for kind in ActionKind.objects.filter(team=team, code__in=codes)}
    if (codes - set(found)) & set(SPECS):
        catalogue_install_default(team)
        found = {kind.code: kind for kind in ActionKind.objects.filter(team=team, code__in=codes)}
    return found


def _coordinator_of(team, user) -> None:
    membership = getattr(user, "membership", None)
    if membership is None or membership.team_id != team.pk:
        raise PermissionDenied


@transaction.atomic
def kind_add(team, user, *, code: str, label: str, category: str, partner_kind: str = "") -> ActionKind:
    _coordinator_of(team, user)
    kinds_of(team)  # a team's first own kind comes after the shipped ones, never instead of them
    code, label = (code or "").strip(), (label or "").strip()
    if ActionKind.objects.filter(team=team, code=code).exists():
        raise ValidationError({"code": _("Code : ce code est déjà au catalogue de l'équipe.")})
    if not label:
        raise ValidationError({"label": _("Libellé : écrivez le libellé de la préconisation.")})
    last = ActionKind.objects.filter(team=team).order_by("-position").values_list("position", flat=True).first()
    kind = ActionKind.objects.create(
        team=team,
        code=code,
        label=label,
        category=category,
        is_referral=bool(partner_kind),
        partner_kind=partner_kind,
        position=(last or 0) + 10,
    )
    AuditEntry.log(actor=user, action=AuditAction.CREATE, target=kind, details={"code": code, "category": category})
    return kind


@transaction.atomic
def catalogue_update(team, user, kinds: list[ActionKind]) -> int:
    """Save the coordinator's changes (label, active, order) of the team's kinds; journal the codes changed."""
    _coordinator_of(team, user)
    if any(kind.team_id != team.pk for kind in kinds):
        raise PermissionDenied
    for kind in kinds:
        kind.save(update_fields=["label", "active", "position"])
    if kinds:
        AuditEntry.log(
            actor=user,
            action=AuditAction.UPDATE,
            target=team,
            details={"action_kinds": sorted(kind.code for kind in kinds)},
        )
    return len(kinds)


# --- the actions of a situation ----------------------------------------------------------------------------------


def _writable(situation: Situation, user) -> Situation:
    membership = getattr(user, "membership", None)
    if membership is None or membership.team_id != situation.team_id:
        raise PermissionDenied
    return locked(situation)


def _not_future(day: dt.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("%(label)s : la date ne peut pas être dans le futur.") % {"label": label}})


def _details(action: Action, **more) -> dict:
    return {"situation": str(action.situation.public_id), "kind": action.kind.code, "status": action.status, **more}


def _owner_checked(team_id: int, organisation, owner) -> None:
    if organisation is not None and organisation.team_id != team_id:
        raise ValidationError({"organisation": _("Organisation : choisissez une organisation de l'équipe.")})
    membership = getattr(owner, "membership", None) if owner is not None else None
    if owner is not None and (membership is None or membership.team_id != team_id):
        raise ValidationError({"owner": _("Personne en charge : choisissez un membre de l'équipe.")})
    if membership is not None and organisation is not None and membership.organisation_id != organisation.pk:
        raise ValidationError({"owner": _("Personne en charge : elle n'appartient pas à l'organisation choisie.")})


@transaction.atomic
def action_propose(
    situation: Situation,
    user,
    *,
    kind: ActionKind,
    proposed_on: dt.date | None = None,
    organisation=None,
    owner=None,
    note: str = "",
    source: str = Source.APP,
) -> Action:
    """A new préconisation « à faire » on the situation, in charge of `organisation` (by default the owner's, else
    the author's); a referral kind sets its partner."""
    situation = _writable(situation, user)
    if kind.team_id != situation.team_id:
        raise ValidationError({"kind": _("Préconisation : choisissez une préconisation du catalogue de l'équipe.")})
    proposed_on = proposed_on or timezone.localdate()
    _not_future(proposed_on, "proposed_on", _("Proposée le"))
    if organisation is None:  # the owner's organisation, else the author's
        organisation = getattr((owner or user).membership, "organisation", None)
    _owner_checked(situation.team_id, organisation, owner)
    action = Action.objects.create(
        situation=situation,
        kind=kind,
        proposed_on=proposed_on,
        organisation=organisation,
        owner=owner,
        note=(note or "").strip(),
        partner=kind.partner_kind if kind.is_referral else "",
        source=source,
        created_by=user,
    )
    details = _details(action, proposed_on=proposed_on.isoformat(), source=source)
    AuditEntry.log(actor=user, action=AuditAction.CREATE, target=action, details=details)
    return action


def _fresh(action: Action, user) -> Action:
    situation = _writable(action.situation, user)
    fresh = Action.objects.select_related("kind", "situation").get(pk=action.pk, situation=situation)
    return fresh


@transaction.atomic
def action_change_status(action: Action, user, *, status: str, on: dt.date, note: str | None = None) -> Action:
    """Move the action to `status` on `on` (see the module's docstring for what is allowed)."""
    action = _fresh(action, user)
    allowed = NEXT.get(Status(action.status), ())
    if status not in allowed:
        raise ValidationError(
            {
                "status": _("Statut : une préconisation « %(current)s » ne peut pas passer à « %(new)s ».")
                % {"current": action.get_status_display(), "new": dict(Status.choices).get(status, status)}
            }
        )
    _not_future(on, "on", _("Date"))
    if on < action.changed_on:
        raise ValidationError(
            {
                "on": _("Date : elle ne peut pas précéder le %(day)s, date du statut actuel.")
                % {"day": f"{action.changed_on:%d/%m/%Y}"}
            }
        )
    action.status = status
    if status == Status.FILED:
        action.filed_on = on
    elif status in DECIDED:
        action.decided_on = on
    else:
        action.abandoned_on = on
    fields = ["status", "filed_on", "decided_on", "abandoned_on", "updated_at"]
    if note is not None and note.strip():
        action.note = note.strip()
        fields.append("note")
    action.save(update_fields=fields)
    AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=action, details=_details(action, on=on.isoformat()))
    return action


@transaction.atomic
def action_assign(action: Action, user, *, organisation=None, owner=None) -> Action:
    action = _fresh(action, user)
    if owner is not None and organisation is None:
        organisation = getattr(owner.membership, "organisation", None)
    _owner_checked(action.situation.team_id, organisation, owner)
    action.organisation, action.owner = organisation, owner
    action.save(update_fields=["organisation", "owner", "updated_at"])
    details = _details(action, organisation=getattr(organisation, "pk", None), owner=getattr(owner, "pk", None))
    AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=action, details=details)
    return action


@transaction.atomic
def referral_update(
    action: Action,
    user,
    *,
    partner: str,
    partner_name: str = "",
    sent_on: dt.date | None = None,
    answered_on: dt.date | None = None,
    answer: str = "",
) -> Action:
    """The referral's partner, when it was sent, and when and how the partner answered."""
    action = _fresh(action, user)
    if partner not in PartnerKind.values:
        raise ValidationError({"partner": _("Partenaire : choisissez le partenaire sollicité.")})
    if answer and answer not in ReferralAnswer.values:
        raise ValidationError({"answer": _("Réponse : choisissez une réponse de la liste.")})
    for day, field, label in ((sent_on, "sent_on", _("Envoyée le")), (answered_on, "answered_on", _("Réponse le"))):
        if day is not None:
            _not_future(day, field, label)
    if sent_on is not None and sent_on < action.proposed_on:
        raise ValidationError({"sent_on": _("Envoyée le : la date ne peut pas précéder la préconisation.")})
    if (answered_on is None) != (not answer):
        raise ValidationError({"answer": _("Réponse : donnez à la fois la date et la réponse du partenaire.")})
    if answered_on is not None and (sent_on is None or answered_on < sent_on):
        raise ValidationError({"answered_on": _("Réponse le : la réponse suit l'envoi (donnez d'abord sa date).")})
    action.partner, action.partner_name = partner, (partner_name or "").strip()
    action.sent_on, action.answered_on, action.answer = sent_on, answered_on, answer
    action.save(update_fields=["partner", "partner_name", "sent_on", "answered_on", "answer", "updated_at"])
    details = _details(
        action,
        partner=partner,
        sent_on=sent_on.isoformat() if sent_on else None,
        answered_on=answered_on.isoformat() if answered_on else None,
        answer=answer,
    )
    AuditEntry.log(actor=user, action=AuditAction.UPDATE, target=action, details=details)
    return action


# --- many at once: the tracking sheet, the demo, the rights check -----------------------------------------------


def actions_create_many(*, team, proposals: list[tuple[int, str, dt.date, list[str]]], author, source: str) -> int:
    """One « à faire » action per code for each (situation pk, public id, proposed on, codes), in the caller's
    transaction (the tracking sheet's commit, the demo); one journal entry per action, unless the demo."""
    kinds = kinds_by_code(team, {code for *_rest, codes in proposals for code in codes})
    rows = [
        Action(
            situation_id=pk,
            kind=kinds[code],
            proposed_on=proposed_on,
            partner=kinds[code].partner_kind if kinds[code].is_referral else "",
            source=source,
            created_by=author,
        )
        for pk, _public_id, proposed_on, codes in proposals
        for code in dict.fromkeys(codes)
    ]
    created = Action.objects.bulk_create(rows, batch_size=500)
    if source != Source.DEMO and created:
        public_ids = {pk: public_id for pk, public_id, *_rest in proposals}
        AuditEntry.log_many(
            actor=author,
            team=team,
            action=AuditAction.CREATE,
            target_type="actions.action",
            entries=[
                (
                    str(action.pk),
                    {
                        "situation": public_ids[action.situation_id],
                        "kind": action.kind.code,
                        "status": action.status,
                        "proposed_on": action.proposed_on.isoformat(),
                        "source": source,
                    },
                )
                for action in created
            ],
        )
    return len(created)


def _code_of(gap) -> str | None:
    return gap if isinstance(gap, str) else getattr(gap, "action", None)


@transaction.atomic
def propose_from_rights(situation: Situation, gaps, user) -> list[Action]:
    """The rights check's gaps (`rights.RightsEstimate.actions`, or their action codes) as actions « à faire »,
    by the user's organisation; a kind already open on the situation (à faire or déposée) is not proposed twice."""
    situation = _writable(situation, user)
    codes = [code for code in dict.fromkeys(_code_of(gap) for gap in gaps) if code]
    kinds = kinds_by_code(situation.team, codes)
    unknown = [code for code in codes if code not in kinds]
    if unknown:
        raise ValidationError(_("Préconisation inconnue du catalogue : %(codes)s.") % {"codes": ", ".join(unknown)})
    already = set(Action.objects.filter(situation=situation).open().values_list("kind__code", flat=True))
    organisation = getattr(user.membership, "organisation", None)
    return [
        action_propose(situation, user, kind=kinds[code], organisation=organisation, source=Source.RIGHTS)
        for code in codes
        if code not in already
    ]


def action_lines(situation: Situation) -> list:
    """The situation's préconisations and actions as the hearing documents print them: kind, status in French
    and the day of that status (one query)."""
    actions = Action.objects.filter(situation=situation).select_related("kind").order_by("proposed_on", "id")
    return [
        ActionLine(action.kind.code, action.kind.label, action.get_status_display(), _status_day(action))
        for action in actions
    ]


def _status_day(action: Action) -> dt.date | None:
    """The day the action reached its status; none for one still to do (« À faire le… » would read as a due date)."""
    return action.abandoned_on or action.decided_on or action.filed_on
