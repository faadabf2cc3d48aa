"""The tenant link's token: derived, not stored.

`clear_token` = base64url(HMAC-SHA256(SECRET_KEY, "situation public id:salt")), 32 bytes, that is 256 bits
and 43 characters; the salt is 16 random bytes of `secrets`. The database keeps the salt and `token_hash`, the
SHA-256 of the clear token: a letter can print the token again (it is derived), the page finds the link by the
hash, and whoever reads the database without SECRET_KEY can rebuild no token. Changing SECRET_KEY changes the
derived tokens: `services.link_for` then replaces the link (the tokens already printed get the friendly page).
"""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

KEY_SALT = "prevex.outreach.tenant.link"
TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # base64url of 32 bytes, without padding
TOKEN_FORMAT = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")


def new_salt() -> str:
    return secrets.token_hex(16)


def clear_token(public_id, salt: str) -> str:
    digest = salted_hmac(KEY_SALT, f"{public_id}:{salt}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    """A token of the right length and alphabet: anything else is forged without asking the database."""
    return bool(TOKEN_FORMAT.fullmatch(token or ""))
