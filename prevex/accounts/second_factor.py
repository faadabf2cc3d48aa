"""The second factor: a TOTP application (enrolled with a QR code) and single-use recovery codes.

Every account has to pass it before any page with personal data (`middleware.SecondFactorMiddleware`).
Passing it is the login: the session key changes then (a key copied before the code is worth nothing after
it) and the journal's "login" entry is written then, not at the password.
"""

import hashlib
import math
import secrets
import time
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts.journal import team_of
from prevex.accounts.models import RecoveryCodeDevice
from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.clientip import client_ip

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "application"
RECOVERY_DEVICE_NAME = "codes de secours"
# The demo accounts' application, with a secret anyone can compute: refused whenever demo mode is off.
DEMO_DEVICE_NAME = "démonstration"


def usable_totp_devices(user):
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    return devices if settings.DEMO_MODE else devices.exclude(name=DEMO_DEVICE_NAME)


def has_second_factor(user) -> bool:
    return usable_totp_devices(user).exists()


def demo_device(user) -> TOTPDevice:
    """The demo account's application: a secret derived from the username, so `make run` prints it."""
    key = hashlib.sha256(f"prevex-demo-{user.username}".encode()).hexdigest()[:40]
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    return device


def demo_code(user) -> str:
    """A code the demo account's application will accept now ('' outside demo mode or for other accounts)."""
    from django_otp.oath import totp

    demo = settings.DEMO_MODE and getattr(user, "is_demo", False)
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first() if demo else None
    if device is None:
        return ""
    step = _demo_time_step(device)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step - _time_step(device))
    return f"{code:0{device.digits}d}"


def _time_step(device: TOTPDevice) -> int:
    return (int(time.time()) - device.t0) // device.step


def _demo_time_step(device: TOTPDevice) -> int:
    """The time step whose code django-otp accepts now: it refuses a step already used (`last_t`, so the current
    code fails when a demo account logs in twice within 30 s) and looks within `tolerance` steps of the clock
    shifted by `drift`. The current step when still unused, else the next one (the drift grows by one)."""
    now = _time_step(device)
    if now > device.last_t and device.drift:  # the current step is free again: the clock, not the drift, counts
        device.drift = 0
        device.save(update_fields=["drift"])
    lowest, highest = now + device.drift - device.tolerance, now + device.drift + device.tolerance
    return min(max(now, device.last_t + 1, lowest), highest)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (a new secret each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The secret as the authenticator apps take it when typed by hand (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG: nothing is sent to a third-party service."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR code")
    return mark_safe(svg)


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new TOTP device with a first code: it replaces any previous one. Returns recovery codes."""
    if not device.verify_token(token.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _pass(request, device)
    AuditEntry.log(actor=device.user, action=AuditAction.OTP_ENROL, target=device.user)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown to the user once, stored hashed."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # left by an older version, if any
    device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [random_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    device.add_codes(codes)
    return codes


def random_recovery_code() -> str:
    """80 random bits as 16 letters and digits in groups of 4 (`k3vq-…`): too many to try offline from a copy of
    the database, even against the salted hashes (django-otp's own 8-character codes carry 40 bits)."""
    letters = b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _pass(request, device) -> None:
    """The session passes the second factor: a new session key, and the login journaled if it is one (not a
    re-authentication or a new phone in an already verified session)."""
    logging_in = not request.user.is_verified()
    otp_login(request, device)
    request.session.cycle_key()
    if logging_in:
        AuditEntry.log(
            actor=request.user, action=AuditAction.LOGIN, target=request.user, details={"ip": client_ip(request)}
        )


def verify(request, token: str) -> bool:
    """Check a code from the application or a recovery code; on success the session is verified."""
    user = request.user
    token = token.replace(" ", "").strip()
    for device in [*usable_totp_devices(user), *RecoveryCodeDevice.objects.filter(user=user, confirmed=True)]:
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_is_allowed()[0] and device.verify_token(token):
                _pass(request, device)
                return True
    AuditEntry.log(actor=user, action=AuditAction.OTP_FAILED, target=user)
    return False


def retry_after(user) -> int:
    """Seconds before the application's codes are checked again: django-otp doubles the wait after each wrong
    code (1, 2, 4… seconds, OTP_TOTP_THROTTLE_FACTOR), so codes cannot be tried in bulk."""
    waits = [
        (details["locked_until"] - timezone.now()).total_seconds()
        for allowed, details in (device.verify_is_allowed() for device in usable_totp_devices(user))
        if not allowed and details and details.get("locked_until")
    ]
    return max(0, math.ceil(max(waits, default=0)))


def session_device_is_usable(request) -> bool:
    """False when the session was verified with the demo application and demo mode has been turned off since."""
    device = getattr(request.user, "otp_device", None)
    return settings.DEMO_MODE or not (isinstance(device, TOTPDevice) and device.name == DEMO_DEVICE_NAME)


def reset_second_factor(user, *, actor) -> None:
    """Remove every device: the user enrols again at their next login (lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    AuditEntry.log(actor=actor, action=AuditAction.OTP_RESET, target=user, team=team_of(user))
