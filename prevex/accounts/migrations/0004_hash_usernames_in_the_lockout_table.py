"""The lockout table (django-axes) now keeps a keyed HMAC of the username typed: the rows written before, with
the username in clear, get it too (the usernames go; a lockout under way stays)."""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations
from django.utils.crypto import salted_hmac

KEY_SALT = "prevex.accounts.usernames"  # as prevex.accounts.usernames
HMAC = re.compile(r"[0-9a-f]{64}")


def hash_usernames(apps, schema_editor):
    try:
        settings.SECRET_KEY  # noqa: B018 (the key is needed to hash: nothing to do without it)
    except ImproperlyConfigured:
        return
    for model_name in ("AccessAttempt", "AccessFailureLog"):
        model = apps.get_model("axes", model_name)
        for row in model.objects.exclude(username__isnull=True).exclude(username="").only("pk", "username"):
            if not HMAC.fullmatch(row.username):
                hashed = salted_hmac(KEY_SALT, row.username, algorithm="sha256").hexdigest()
                model.objects.filter(pk=row.pk).update(username=hashed)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_hash_recovery_codes_and_mark_demo_accounts"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(hash_usernames, migrations.RunPython.noop)]
