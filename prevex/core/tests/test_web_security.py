"""Security headers, the Content-Security-Policy, and uploaded files never served."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.staticfiles.views import serve as static_serve
from django.http import HttpResponse
from django.template import engines
from django.urls import URLResolver, get_resolver, path, reverse
from django.views.static import serve


def test_pages_carry_a_strict_content_security_policy(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:today"))
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
    for name in ("outreach:today", "situations:list", "intake:upload", "reports:bilan"):
        html = client.get(reverse(name)).text
        assert "<style" not in html and " style=" not in html, name
        assert all("src=" in tag for tag in html.split("<script")[1:]), name


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-production-like-secret",
        "ALLOWED_HOSTS": "prevex.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PREVEX_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A page with an inline script, to check the nonce that django-csp puts in the header (Prevex has none today).
def _page_with_inline_script(request):
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">document.title = "x";</script>')
    return HttpResponse(template.render({}, request))


urlpatterns = [path("nonce/", _page_with_inline_script)]


@pytest.mark.urls(__name__)
def test_an_inline_script_runs_only_with_the_nonce_of_its_response(client, coordinator):
    client.force_login(coordinator)
    nonces = []
    for response in (client.get("/nonce/"), client.get("/nonce/")):
        policy = response["Content-Security-Policy"]
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
        assert f'<script nonce="{nonce}">' in response.text
        assert "unsafe-inline" not in policy
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22  # a new, unguessable nonce per response


def test_security_headers_and_no_cache_for_logged_in_pages(client, coordinator):
    anonymous = client.get(reverse("accounts:login"))
    assert "camera=()" in anonymous["Permissions-Policy"] and "geolocation=()" in anonymous["Permissions-Policy"]
    client.force_login(coordinator)
    page = client.get(reverse("situations:list"))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Permissions-Policy"] == anonymous["Permissions-Policy"]
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_http_only_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax" and settings.CSRF_COOKIE_HTTPONLY


def test_an_uploaded_file_is_not_reachable_at_any_address(client, coordinator, settings, tmp_path):
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert str(settings.MEDIA_ROOT) not in [str(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    settings.MEDIA_ROOT = tmp_path / "private"
    stored = settings.MEDIA_ROOT / "imports" / "2024" / "liste.csv"
    stored.parent.mkdir(parents=True)
    stored.write_text("NOM\nZéphyrine\n")
    assert settings.MEDIA_URL in {"", "/"}  # uploaded files are given no address
    assert not [pattern for pattern in every_pattern() if getattr(pattern, "callback", None) in {serve, static_serve}]
    client.force_login(coordinator)
    for prefix in ("/", "/media/", "/private/", "/var/private/", "/static/"):
        response = client.get(f"{prefix}imports/2024/liste.csv")
        assert response.status_code == 404 and "Zéphyrine" not in response.content.decode(errors="replace"), prefix


def every_pattern(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        yield from every_pattern(entry) if isinstance(entry, URLResolver) else [entry]
