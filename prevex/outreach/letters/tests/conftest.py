import pytest


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PREVEX_PUBLIC_URL = "https://prevex.example"
