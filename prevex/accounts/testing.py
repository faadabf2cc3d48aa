"""Test helpers for the second factor: a confirmed TOTP device, the code it shows now, the recovery codes."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts.models import RecoveryCode


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="application", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def remaining_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()
