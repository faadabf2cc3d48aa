"""The juriste records the household's consent to share with the judge on a situation's page, then downloads the
hearing preparation sheet and the judge's, at 375 px and on a desktop; axe-core checks the page."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from prevex.situations.tests.factories import SituationFactory
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def downloaded_text(page, link_name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_juriste_records_the_consent_and_downloads_the_sheets(page, live_server, team, juriste):
    situation = SituationFactory(team=team, reference="EM91-AUD", court="Tribunal judiciaire d'Évry")
    log_in(page, live_server, juriste)
    page.goto(f"{live_server.url}{situation.get_absolute_url()}")
    documents = page.locator("#hearing-documents")
    expect(documents).to_contain_text("sans consentement du ménage")

    text = downloaded_text(page, "Fiche de préparation d'audience (PDF)")
    assert "Fiche de préparation d'audience" in text and "Tribunal judiciaire d'Évry" in text

    card = page.locator("#household-consents")
    card.locator("summary", has_text="Enregistrer un consentement").click()
    card.locator("#id_consent-given_on").fill(timezone.localdate().isoformat())
    card.get_by_label("Avec le juge, pour l'audience (fiche de préparation d'audience)").check()
    card.locator("#id_consent-obtained_how").select_option("signed")
    card.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.locator("#household-consents")).to_contain_text("en vigueur")

    page.reload()
    text = downloaded_text(page, "Fiche pour le juge (PDF)")
    assert "Fiche d'audience pour le juge" in text and "Délais de la procédure" not in text
    assert_no_horizontal_scroll(page)
    assert not serious_violations(page)

    page.get_by_role("link", name="Contribution au DSF").click()
    expect(page.locator("h1")).to_contain_text("Contribution au diagnostic social et financier")
    expect(page.locator("#dsf-15")).to_contain_text("Saisine et recommandations de la CCAPEX")
    assert_no_horizontal_scroll(page)
    assert not serious_violations(page)
