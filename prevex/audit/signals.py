"""Logins, logouts, failed attempts and lockouts go to the journal, with the address they came from.

A failed attempt never keeps the password; the username typed is kept only as a short hash when no account
has it (a mistyped password can be typed in the username field).
"""

import hashlib

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from prevex.audit.models import AuditAction, AuditEntry


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


def _account(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


def _log_attempt(action: str, request, username: str) -> None:
    user = _account(username)
    details = {"ip": client_address(request)}
    if user is None and username:
        details["username_sha256"] = hashlib.sha256(username.encode()).hexdigest()[:16]
    if user is not None:
        AuditEntry.log(actor=None, action=action, target=user, team=_team(user), details=details)
    else:
        AuditEntry.objects.create(action=action, target_type="accounts.user", details=details)


def _team(user):
    membership = getattr(user, "membership", None)
    return membership.team if membership else None


@receiver(user_logged_in)
def journal_login(sender, request, user, **kwargs):
    AuditEntry.log(actor=user, action=AuditAction.LOGIN, target=user, details={"ip": client_address(request)})


@receiver(user_logged_out)
def journal_logout(sender, request, user, **kwargs):
    if user is not None:
        AuditEntry.log(actor=user, action=AuditAction.LOGOUT, target=user, details={"ip": client_address(request)})


@receiver(user_login_failed)
def journal_login_failure(sender, credentials, request=None, **kwargs):
    _log_attempt(AuditAction.LOGIN_FAILED, request, credentials.get("username", ""))


@receiver(user_locked_out)
def journal_lockout(sender, request, username, ip_address, **kwargs):
    _log_attempt(AuditAction.LOCKOUT, request, username or "")
