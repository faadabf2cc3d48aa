"""Production never writes e-mails (password reset links) to its output by default."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from prevex.accounts.checks import email_backend_sends


def email_backend_with(environment: dict) -> str:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "EMAIL_BACKEND"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings")
    code = "import config.settings as s; print(s.EMAIL_BACKEND)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_production_defaults_to_smtp_and_development_to_the_console():
    assert email_backend_with({}) == "django.core.mail.backends.smtp.EmailBackend"
    assert email_backend_with({"DEBUG": "true"}) == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("debug", "backend", "warned"),
    [
        (False, "django.core.mail.backends.console.EmailBackend", True),
        (False, "django.core.mail.backends.locmem.EmailBackend", True),
        (False, "django.core.mail.backends.smtp.EmailBackend", False),
        (True, "django.core.mail.backends.console.EmailBackend", False),
    ],
)
def test_check_deploy_warns_of_an_e_mail_backend_that_does_not_send(settings, debug, backend, warned):
    settings.DEBUG, settings.EMAIL_BACKEND = debug, backend
    assert [warning.id for warning in email_backend_sends()] == (["prevex.W002"] if warned else [])
