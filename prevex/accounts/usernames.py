"""The username typed at a failed login is never kept in clear (it is sometimes a password typed in the wrong
field): django-axes' lockout table and the journal keep a keyed HMAC of it (SECRET_KEY).

Unlocking still takes the login in clear: `manage.py axes_reset_username LOGIN` (Prevex's version of the
command hashes it the same way).
"""

from django.utils.crypto import salted_hmac

KEY_SALT = "prevex.accounts.usernames"


def hashed_username(username: str) -> str:
    return salted_hmac(KEY_SALT, username, algorithm="sha256").hexdigest()


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: what django-axes stores and compares instead of the username typed."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return hashed_username(username) if username else None
