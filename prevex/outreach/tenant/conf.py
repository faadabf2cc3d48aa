"""The settings of the tenant's page, with their defaults (config/settings.py may set them from the
environment: PREVEX_PUBLIC_URL in production)."""

from django.conf import settings

DEFAULTS = {
    # The address the letters print (no request to build it from when a batch of letters is rendered).
    "PREVEX_PUBLIC_URL": "http://localhost:8000",
    "PREVEX_TENANT_PAGE_PER_IP": 20,  # requests to the page per client address and window
    "PREVEX_TENANT_PAGE_WINDOW": 10 * 60,  # seconds
    "PREVEX_TENANT_PAGE_POSTS_PER_DAY": 5,  # requests (call me back, I have left) per link and day
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
