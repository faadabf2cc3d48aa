"""The interface every SMS backend follows: `send(outgoing) -> Result`, or a typed error saying whether trying
again later may succeed (`TemporaryError`: timeout, 5xx, rate limit) or not (`PermanentError`: a refused number,
a bad request). A message's text never goes into an error's text (errors are stored and may be logged)."""

from dataclasses import dataclass

import requests
from django.conf import settings
from urllib3.exceptions import NewConnectionError


@dataclass(frozen=True)
class Outgoing:
    """One SMS to send: the recipient in E.164 (+33612345678), the text, the sender name shown on the phone,
    and the key the provider may use to refuse a duplicate (`Backend.supports_idempotency`)."""

    to: str
    body: str
    sender: str
    idempotency_key: str
    callback_url: str = ""  # where the provider posts delivery reports, when it takes one per message


@dataclass(frozen=True)
class Result:
    provider: str
    message_id: str


class SmsError(Exception):
    """A send that failed; `code` is the provider's own code or HTTP status (kept on the message)."""

    def __init__(self, reason: str, code: str = ""):
        super().__init__(reason)
        self.reason, self.code = reason, code


class TemporaryError(SmsError):
    """Trying again later may succeed: timeout, connection refused, 429, 5xx."""


class PermanentError(SmsError):
    """Trying again will fail the same way: an invalid or blocked number, a refused request."""


class UncertainError(SmsError):
    """The provider may have taken the message: no answer after the request left (a read timeout, a connection
    cut), or a success Prevex cannot read. Sending it again could send it twice: « à vérifier », unless the
    provider refuses duplicates."""


class Backend:
    """Base class of the backends. `supports_idempotency`: the provider refuses a second send with the same
    key, so a message whose send was interrupted may be sent again safely (otherwise it goes « à vérifier »)."""

    name = "base"
    supports_idempotency = False

    def send(self, outgoing: Outgoing) -> Result:  # pragma: no cover - the interface
        raise NotImplementedError


# The account's problems, not the number's: no credits left (402), a key refused or not granted (401, 403).
# Retried with the backoff (someone tops the account up or fixes the key) rather than flagging every household.
ACCOUNT_STATUSES = frozenset({401, 402, 403})


class HttpBackend(Backend):
    """What the two HTTP providers share: one session (kept-alive connections), a timeout, and the mapping of
    transport failures and HTTP statuses to temporary or permanent errors. `account_codes`: the provider's error
    codes that name the account, not the message, even on a 400 (OVH's INVALID_SIGNATURE): temporary too."""

    account_codes: frozenset[str] = frozenset()

    def __init__(self):
        self.session = requests.Session()
        self.timeout = settings.PREVEX_SMS_TIMEOUT

    def post(self, url: str, *, data: bytes, headers: dict) -> dict:
        try:
            response = self.session.post(url, data=data, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            code = "timeout" if isinstance(error, requests.Timeout) else "connection"
            raise (UncertainError if request_left(error) else TemporaryError)(code, code) from error
        status = response.status_code
        if status == 429 or status >= 500:
            raise TemporaryError(f"HTTP {status}", str(status))
        if status >= 400:
            code = _provider_code(response)
            error = TemporaryError if status in ACCOUNT_STATUSES or code in self.account_codes else PermanentError
            raise error(f"HTTP {status}: {code}", str(status))
        try:
            return response.json()
        except ValueError as error:
            raise UncertainError("unreadable answer", str(response.status_code)) from error


def request_left(error: requests.RequestException) -> bool:
    """Whether the request may have reached the provider before the failure: not when the connection was never
    made (refused, unknown host, connect timeout: urllib3's NewConnectionError behind the retry), yes when the
    answer did not come (read timeout, connection cut)."""
    if isinstance(error, requests.ConnectTimeout):
        return False
    if isinstance(error, requests.Timeout):
        return True
    if isinstance(error, requests.ConnectionError):
        reason = getattr(error.args[0] if error.args else None, "reason", None)
        return not isinstance(reason, NewConnectionError)
    return False


def _provider_code(response) -> str:
    """The provider's error code (never its message: it may quote the text or the number)."""
    try:
        payload = response.json()
    except ValueError:
        return ""
    if isinstance(payload, dict):
        return str(payload.get("code") or payload.get("errorCode") or payload.get("class") or "")[:60]
    return ""
