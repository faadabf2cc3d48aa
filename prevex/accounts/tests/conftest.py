import pytest
from django.urls import reverse

from prevex.organisations.tests.factories import TEST_PASSWORD


def password_login(client, user, password=TEST_PASSWORD):
    """The login form, as a person uses it (not force_login): the second factor is still ahead."""
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


@pytest.fixture
def login_with_password():
    return password_login
