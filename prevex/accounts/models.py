import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class User(AbstractUser):
    """A person who logs in. What they may see comes from their membership of a team."""

    # Set by `demo_data` only: these accounts share a published password, so they are refused whenever demo
    # mode is off (`backends.AccountsBackend`) and `check --deploy` fails while any exists outside demo mode.
    is_demo = models.BooleanField("compte de démonstration", default=False, editable=False)

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def normalize_recovery_code(code: str) -> str:
    return code.replace(" ", "").replace("-", "").strip().lower()


def recovery_code_digest(salt: str, code: str) -> str:
    """HMAC-SHA256 of the code under its own salt: the database never holds a usable code."""
    return hmac.new(salt.encode(), normalize_recovery_code(code).encode(), hashlib.sha256).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """Single-use recovery codes, kept hashed (django-otp's StaticDevice keeps them in clear).

    Throttled like StaticDevice: after each wrong code the device waits 1, 2, 4… seconds before checking again.
    """

    class Meta:
        verbose_name = "codes de secours"
        verbose_name_plural = "codes de secours"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def add_codes(self, codes: list[str]) -> None:
        hashed = []
        for code in codes:
            salt = secrets.token_hex(16)
            hashed.append(RecoveryCode(device=self, salt=salt, digest=recovery_code_digest(salt, code)))
        RecoveryCode.objects.bulk_create(hashed)

    def verify_token(self, token) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        match = next((code for code in self.codes.all() if code.matches(token)), None)
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, related_name="codes", on_delete=models.CASCADE)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return "••••••••"  # nothing of the code

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, recovery_code_digest(self.salt, str(token)))
