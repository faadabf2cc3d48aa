"""Real-browser journeys: Playwright driving Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium the journeys are skipped, except on CI (CI=true), where they must run.
"""

import os
from pathlib import Path

import pytest

VIEWPORTS = {"bureau": {"width": 1280, "height": 800}, "telephone": {"width": 375, "height": 740}}
CHROMIUM = Path(os.environ.get("PREVEX_CHROMIUM", "/usr/bin/chromium"))  # Debian's package

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium de Debian absent ({CHROMIUM}) : apt-get install chromium chromium-driver"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (obligatoire en CI)")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-playwright's fallback fixture, which pytest 9 deprecates (an instance method) and the
    warnings-as-errors setting turns into an error. The journeys use `live_server.url`."""
    return None


def csp_violations(page) -> list[str]:
    """Collects the Content-Security-Policy violations the browser reports for this page (inline script or
    style, a resource from elsewhere): a journey fails if there is any."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


@pytest.fixture
def new_page(browser, browser_context_args):
    """Opens French pages at a width of VIEWPORTS, each in its own context (its own cookies: one person each);
    the journey fails on any CSP violation in any of them."""
    opened = []

    def open_page(viewport: str):
        context = browser.new_context(**browser_context_args, viewport=VIEWPORTS[viewport], locale="fr-FR")
        page = context.new_page()
        opened.append((context, csp_violations(page)))
        return page

    yield open_page
    for context, _violations in opened:
        context.close()
    assert not [violation for _context, violations in opened for violation in violations]


@pytest.fixture(params=VIEWPORTS)
def page(request, new_page):
    """A French page at each width (a desktop, a 375 px phone); the journey fails on any CSP violation."""
    return new_page(request.param)
