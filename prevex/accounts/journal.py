"""Journal entries about accounts: password changes and team memberships, with the team they concern."""

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.clientip import client_ip


def team_of(user):
    membership = getattr(user, "membership", None) if user is not None else None
    return membership.team if membership else None


def password_changed(request, user, *, actor, how: str) -> None:
    """`how`: "own" (the account page), "reset" (the e-mailed link) or "admin" (the host's administrator)."""
    AuditEntry.log(
        actor=actor,
        action=AuditAction.PASSWORD_CHANGE,
        target=user,
        team=team_of(user),
        details={"how": how, "ip": client_ip(request)},
    )


def membership_changed(request, membership, *, change: str) -> None:
    """`change`: "add", "change" or "delete"; the entry goes to the membership's team."""
    details = {
        "change": change,
        "role": membership.role,
        "organisation": membership.organisation_id,
        "ip": client_ip(request),
    }
    AuditEntry.log(
        actor=request.user, action=AuditAction.MEMBERSHIP, target=membership.user, team=membership.team, details=details
    )
