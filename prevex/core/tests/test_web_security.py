"""Security headers, the Content-Security-Policy, and uploaded files never served."""

import subprocess
import sys

from django.conf import settings
from django.urls import Resolver404, resolve, reverse


def test_pages_carry_a_strict_content_security_policy(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("situations:today"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_an_inline_script_or_style(client, coordinator):
    client.force_login(coordinator)
    for name in ("situations:today", "situations:list", "intake:upload", "reports:bilan"):
        html = client.get(reverse(name)).text
        assert "<style" not in html and " style=" not in html, name
        assert all("src=" in tag for tag in html.split("<script")[1:]), name


def test_uploaded_files_are_never_served():
    for path in ("/media/imports/1/x.bin", "/private/imports/1/x.bin", "/var/private/imports/1/x.bin"):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert match.url_name not in {"serve", "static"}, path
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert str(settings.MEDIA_ROOT) not in [str(d) for d in getattr(settings, "STATICFILES_DIRS", [])]


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
           "SECRET_KEY": "x" * 60 + "-production-like-secret", "ALLOWED_HOSTS": "prevex.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PREVEX_VAR_DIR": str(tmp_path)}  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
