"""Logouts, failed attempts and lockouts go to the journal, with the address they came from.

The login itself is journaled when the second factor is passed (`accounts.second_factor`), not at the
password. A failed attempt never keeps the password; the username typed is kept only as a keyed HMAC when no
account has it (a mistyped password can be typed in the username field).
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from prevex.accounts.usernames import hashed_username
from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.clientip import client_ip


def _account(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


def _log_attempt(action: str, request, username: str) -> None:
    user = _account(username)
    details = {"ip": client_ip(request)}
    if user is None and username:
        details["username_hmac"] = hashed_username(username)
    if user is not None:
        AuditEntry.log(actor=None, action=action, target=user, team=_team(user), details=details)
    else:
        AuditEntry.objects.create(action=action, target_type="accounts.user", details=details)


def _team(user):
    membership = getattr(user, "membership", None)
    return membership.team if membership else None


@receiver(user_logged_out)
def journal_logout(sender, request, user, **kwargs):
    if user is not None:
        AuditEntry.log(actor=user, action=AuditAction.LOGOUT, target=user, details={"ip": client_ip(request)})


@receiver(user_login_failed)
def journal_login_failure(sender, credentials, request=None, **kwargs):
    _log_attempt(AuditAction.LOGIN_FAILED, request, credentials.get("username", ""))


@receiver(user_locked_out)
def journal_lockout(sender, request, username, ip_address, **kwargs):
    # `username` is django-axes' HMAC of it (AXES_USERNAME_CALLABLE): the one typed is in the credentials.
    credentials = getattr(request, "axes_credentials", None) or {}
    _log_attempt(AuditAction.LOCKOUT, request, credentials.get("username") or "")
