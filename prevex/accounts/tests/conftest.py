import pytest
from django.urls import reverse

from prevex.organisations.tests.factories import TEST_PASSWORD


def password_login(client, user, password=TEST_PASSWORD):
    """The login form, as a person uses it (not force_login): the second factor is still ahead."""
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


@pytest.fixture
def login_with_password():
    return password_login


@pytest.fixture(autouse=True)
def empty_cache():
    """The password reset throttle counts in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
