"""Login through an OpenID Connect provider, against a fake provider on 127.0.0.1 started by the test."""

import importlib
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.urls import clear_url_caches, reverse

import config.urls
import prevex.accounts.urls

SECRET = "client-secret-for-the-oidc-tests-0123456789"


class FakeProvider(BaseHTTPRequestHandler):
    nonce = ""
    email = ""

    def do_POST(self):  # the token endpoint
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        assert form["client_secret"] == [SECRET] and form["code"] == ["code-42"]
        id_token = jwt.encode(
            {"sub": "agent-1", "nonce": FakeProvider.nonce, "email": FakeProvider.email}, SECRET, algorithm="HS256"
        )
        self._json({"id_token": id_token, "access_token": "access-1", "token_type": "Bearer"})

    def do_GET(self):  # the userinfo endpoint
        self._json({"sub": "agent-1", "email": FakeProvider.email})

    def _json(self, body: dict):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.PREVEX_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "prevex.accounts.oidc.ExistingAccountsBackend",
    ]
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET, settings.OIDC_RP_SIGN_ALGO = "prevex", SECRET, "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT, settings.OIDC_OP_USER_ENDPOINT = f"{base}/token", f"{base}/userinfo"
    settings.OIDC_CREATE_USER, settings.OIDC_VERIFY_SSL = False, False
    settings.OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_authentication_callback"
    settings.LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/?oidc=echec"
    reload_urls()
    yield FakeProvider
    server.shutdown()
    settings.PREVEX_OIDC_ENABLED = False
    reload_urls()


def reload_urls():
    importlib.reload(prevex.accounts.urls)
    importlib.reload(config.urls)
    clear_url_caches()


def sign_in_at_provider(client, email: str):
    """What the browser does: Prevex sends it to the provider, which sends it back with a code."""
    login_page = client.get(reverse("accounts:login"))
    assert "Se connecter avec ProConnect" in login_page.text
    response = client.get(reverse("accounts:oidc_authentication_init"))
    query = parse_qs(urlsplit(response.url).query)
    FakeProvider.nonce, FakeProvider.email = query["nonce"][0], email
    return client.get(reverse("accounts:oidc_authentication_callback"), {"code": "code-42", "state": query["state"][0]})


def test_an_existing_account_logs_in_through_the_provider_then_passes_prevex_second_factor(
    client, provider, coordinator
):
    coordinator.email = "Claire.Coordinatrice@example.gouv.fr"
    coordinator.save()
    response = sign_in_at_provider(client, "claire.coordinatrice@example.gouv.fr")
    assert response.status_code == 302
    assert client.get(reverse("outreach:today")).url.startswith(reverse("accounts:second_factor_enrol"))


def test_an_unknown_address_opens_no_account(client, provider, coordinator, django_user_model):
    count = django_user_model.objects.count()
    response = sign_in_at_provider(client, "inconnu@example.gouv.fr")
    assert response.url == "/compte/connexion/?oidc=echec"
    assert django_user_model.objects.count() == count
    assert client.get(reverse("outreach:today")).status_code == 302
    assert "aucun compte actif ne correspond" in client.get(response.url).text


def test_the_provider_button_is_off_by_default(client, db):
    assert "Se connecter avec" not in client.get(reverse("accounts:login")).text


def test_a_demo_account_does_not_log_in_through_the_provider_outside_demo_mode(client, provider, coordinator, settings):
    settings.DEMO_MODE = False
    coordinator.email, coordinator.is_demo = "demo@example.gouv.fr", True
    coordinator.save()
    assert sign_in_at_provider(client, "demo@example.gouv.fr").url == "/compte/connexion/?oidc=echec"
    assert client.get(reverse("outreach:today")).url.startswith(reverse("accounts:login"))
