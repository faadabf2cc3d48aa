"""A coordinator imports the préfecture's list in a real browser: upload, map the columns, preview, confirm."""

import pytest
from playwright.sync_api import expect

from prevex.intake.tests.conftest import APRIL
from prevex.situations.models import Situation
from prevex.territories.services import communes_load
from tests.browser.helpers import assert_no_horizontal_scroll, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def essonne(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    communes_load(departement="91")
    return team


def test_a_coordinator_imports_the_prefecture_list(page, live_server, coordinator, essonne):
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/identification/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer une liste de la préfecture")
    violations = serious_violations(page)
    page.get_by_label("Liste de la préfecture (.xlsx, .xls ou .csv)").set_input_files(str(APRIL))
    page.get_by_label("Liste reçue le").fill("2024-04-19")
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Colonnes du fichier")
    expect(page.get_by_label("DATE AUD.")).to_have_value("hearing_date")
    expect(page.get_by_label("CP", exact=True)).to_have_value("postal_code")
    page.get_by_label("TEL", exact=True).select_option(label="— Ne pas importer —")
    page.get_by_label("Enregistrer comme profil (facultatif)").fill("Préfecture – export CSV")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    page.get_by_role("button", name="Voir l'aperçu").click()

    expect(page.get_by_text("95 lignes de données")).to_be_visible()
    table = page.locator("table")
    expect(table).to_contain_text("« 31/02/2024 » est une date qui n'existe pas.")
    assert_no_horizontal_scroll(page)
    violations += serious_violations(page)
    assert Situation.objects.count() == 0
    page.get_by_role("button", name="Confirmer : 82 situations créées ou mises à jour").click()

    expect(page.get_by_text("Import terminé. Situations créées : 82")).to_be_visible()
    expect(page.get_by_role("button", name="Défaire cet import")).to_be_visible()
    assert Situation.objects.count() == 82 and not Situation.objects.exclude(phone="").exists()

    # The coordinator's other pages of the day, each checked on this screen and with axe-core.
    situation = Situation.objects.order_by("hearing_date").first()
    for path, heading in [
        ("/identification/tableau-de-bord/", "Identification : tableau de bord"),
        ("/identification/services-sociaux/", "Vérification auprès des services sociaux"),
        ("/identification/regles/", "Règles d'éligibilité"),
        ("/journal/", "Journal de l'équipe"),
        ("/donnees/conservation/", "Conservation des données"),
        (situation.get_absolute_url(), situation.tenant_display_name),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_no_horizontal_scroll(page)
        violations += serious_violations(page)
    assert not violations, "\n".join(violations)
