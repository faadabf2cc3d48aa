"""Steps and checks shared by the browser journeys."""

import io

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from prevex.accounts.testing import current_code, totp_device
from prevex.organisations.tests.factories import TEST_PASSWORD

SERIOUS = {"serious", "critical"}


def log_in(page, live_server, user):
    """Password, then the code of the user's authenticator application."""
    device = totp_device(user)
    page.goto(f"{live_server.url}/compte/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Prevex")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de vérification")
    page.get_by_label("Code à 6 chiffres ou code de secours").fill(current_code(device))
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aujourd'hui")


def assert_no_horizontal_scroll(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"{page.url} défile horizontalement : {scroll_width} px pour {width} px"


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']} → "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


class Checks:
    """What every page of a journey must pass: no horizontal scroll (at once), no serious axe-core violation
    (collected, reported together at the end: `assert not check.violations`)."""

    def __init__(self):
        self.violations: list[str] = []

    def __call__(self, page) -> None:
        assert_no_horizontal_scroll(page)
        self.violations += serious_violations(page)


def downloaded_text(page, link_name: str) -> str:
    """Downloads the PDF of the link and returns its text, its spaces (no-break ones too) made single."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def record_procedure(page, kind: str, fields: dict, selects: dict | None = None, checks=()):
    """On a situation's page, open the procedure form of the kind (procedure_act, hearing), fill its fields (by
    name), record."""
    form = page.locator(f"details.record:has(#id_{kind}-note)")
    form.locator("summary").click()
    for name, value in fields.items():
        form.locator(f"#id_{kind}-{name}").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"#id_{kind}-{name}").select_option(value)
    for name in checks:
        form.locator(f"#id_{kind}-{name}").check()
    form.get_by_role("button", name="Enregistrer").click()
