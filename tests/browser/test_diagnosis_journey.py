"""A social worker records a household's diagnosis on a 375 px phone (a person added, the amounts typed the French
way), then a new version; the history shows what changed; the juriste reads the repayment plan. Every page: no
horizontal scroll, no serious axe-core violation."""

import pytest
from playwright.sync_api import expect

from prevex.situations.tests.factories import SituationFactory
from tests.browser.helpers import Checks, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_social_worker_records_a_diagnosis_at_375_px(new_page, live_server, team, social_worker, juriste):
    situation = SituationFactory(team=team, reference="EM91-DIAG")
    check = Checks()
    page = new_page("telephone")
    log_in(page, live_server, social_worker)
    page.goto(f"{live_server.url}{situation.get_absolute_url()}")
    card = page.locator("section[aria-labelledby=h-diagnosis]")
    expect(card).to_contain_text("Aucun diagnostic enregistré.")
    check(page)
    card.get_by_role("link", name="Faire le diagnostic").click()

    page.get_by_label("Âge à la date du diagnostic (personne 1)").fill("38")
    page.get_by_role("button", name="Ajouter une personne").click()
    page.get_by_label("Adulte ou enfant (personne 2)").select_option("child")
    page.get_by_label("Âge à la date du diagnostic (personne 2)").fill("9")
    page.get_by_label("Salaires et revenus d'activité").fill("1 380,00")
    page.get_by_label("Prestations familiales").fill("0")
    page.get_by_label("Loyer hors charges").fill("620")
    page.get_by_label("Charges locatives").fill("55")
    page.get_by_label("Énergie (électricité, gaz)").fill("70")
    page.get_by_label("Dette locative").fill("abc")
    check(page)
    page.get_by_role("button", name="Enregistrer cette version").click()
    expect(page.get_by_text("Dette locative : saisissez un montant en euros (exemple : 1234,50).")).to_be_visible()
    check(page)  # the form with its error
    page.get_by_label("Dette locative").fill("1 900")
    page.get_by_role("button", name="Enregistrer cette version").click()

    expect(page.get_by_role("heading", level=2, name="Version 1 du")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Premier diagnostic.")
    check(page)
    page.get_by_role("link", name="Nouvelle version").click()
    expect(page.get_by_label("Salaires et revenus d'activité")).to_have_value("1380,00")
    page.get_by_label("Loyer courant repris").check()
    page.get_by_role("button", name="Enregistrer cette version").click()
    changes = page.locator("article[aria-labelledby=h-version-2] table")
    expect(changes).to_contain_text("Loyer courant repris")
    expect(changes.locator("tr", has_text="Loyer courant repris")).to_contain_text("non")
    check(page)

    juriste_page = new_page("telephone")
    log_in(juriste_page, live_server, juriste)
    juriste_page.goto(f"{live_server.url}/accompagnement/diagnostic/{situation.public_id}/plan-d-apurement/")
    expect(juriste_page.locator("main")).to_contain_text("Capacité de remboursement")
    expect(juriste_page.locator("main")).to_contain_text("Calculé à partir du diagnostic, version 2")
    expect(juriste_page.get_by_role("link", name="Nouvelle version")).to_have_count(0)
    check(juriste_page)
    assert not check.violations, "\n".join(check.violations)
