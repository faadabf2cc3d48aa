"""Existing recovery codes (django-otp's StaticToken, in clear) become hashed codes, and the clear ones go;
the accounts `demo_data` created (its usernames, with its e-mail domain or its demo application) are marked."""

import hashlib
import hmac
import secrets

from django.db import migrations

# As in prevex.core.demo (copied: a migration does not follow later changes of the code).
DEMO_USERNAMES = ["claire.lemaitre", "helene.menard", "jerome.lefevre", "anais.prevost", "noemie.chateau",
                  "francois.berenger"]
DEMO_EMAIL_DOMAIN = "@demo.prevex.invalid"
DEMO_DEVICE_NAME = "démonstration"


def _digest(salt: str, code: str) -> str:  # as prevex.accounts.models.recovery_code_digest
    code = code.replace(" ", "").replace("-", "").strip().lower()
    return hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for static in StaticDevice.objects.all():
        device = RecoveryCodeDevice.objects.create(user_id=static.user_id, name=static.name,
                                                   confirmed=static.confirmed)
        codes = []
        for token in static.token_set.all():
            salt = secrets.token_hex(16)
            codes.append(RecoveryCode(device=device, salt=salt, digest=_digest(salt, token.token)))
        RecoveryCode.objects.bulk_create(codes)
    StaticDevice.objects.all().delete()  # the tokens go with their devices


def mark_demo_accounts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    with_demo_device = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME).values("user_id")
    demo = User.objects.filter(username__in=DEMO_USERNAMES)
    demo.filter(email__endswith=DEMO_EMAIL_DOMAIN).update(is_demo=True)
    demo.filter(pk__in=with_demo_device).update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_demo_flag_and_hashed_recovery_codes"),
        ("otp_static", "0003_add_timestamps"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(hash_static_tokens, migrations.RunPython.noop),
        migrations.RunPython(mark_demo_accounts, migrations.RunPython.noop),
    ]
