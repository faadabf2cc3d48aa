"""Issue 12's journey, at 375 px and on a desktop, through the pages only: a social worker records a household's
diagnosis (a person added, amounts typed the French way, a typo refused by name, then a new version whose changes
the history shows) and proposes an action from « Préconisations et actions »; the juriste records the procedure
(commandement de payer, notification au préfet), reads the deadlines, the repayment plan built from the diagnosis,
records the household's consent and downloads the hearing sheets (read with pypdf) and the DSF contribution.
Every page: no horizontal scroll, no serious axe-core violation."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from prevex.situations.tests.factories import SituationFactory
from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import Checks, downloaded_text, log_in, record_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTION = "Demande de délais de paiement au JCP"


def record_diagnosis(page, check) -> None:
    """The social worker's first version (with one refused amount on the way), then a second one."""
    card = page.locator("section[aria-labelledby=h-diagnosis]")
    expect(card).to_contain_text("Aucun diagnostic enregistré.")
    card.get_by_role("link", name="Faire le diagnostic").click()
    page.get_by_label("Âge à la date du diagnostic (personne 1)").fill("38")
    page.get_by_role("button", name="Ajouter une personne").click()
    page.get_by_label("Adulte ou enfant (personne 2)").select_option("child")
    page.get_by_label("Âge à la date du diagnostic (personne 2)").fill("9")
    page.get_by_label("Salaires et revenus d'activité").fill("1 380,00")
    page.get_by_label("Prestations familiales").fill("150")
    page.get_by_label("Loyer hors charges").fill("620")
    page.get_by_label("Charges locatives").fill("55")
    page.get_by_label("Énergie (électricité, gaz)").fill("70")
    page.get_by_label("Assurances").fill("25")
    page.get_by_label("Dette arrêtée au").fill((timezone.localdate() - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Source du montant").select_option("commissaire_justice")
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
    expect(changes.locator("tr", has_text="Loyer courant repris")).to_contain_text("non")
    check(page)


def propose_action(page, check) -> None:
    actions = page.locator("#actions-live")
    expect(actions).to_contain_text("Aucune préconisation pour l'instant.")  # the card, loaded by htmx
    actions.locator("summary", has_text="Ajouter une préconisation").click()
    actions.get_by_label("Préconisation").select_option(label=ACTION)
    actions.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#actions-live .actions-list")).to_contain_text(ACTION)
    check(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_social_worker_and_the_juriste_work_the_file(viewport, new_page, live_server, team, social_worker, juriste):
    today = timezone.localdate()
    hearing_on = today + dt.timedelta(days=60)
    situation = SituationFactory(
        team=team,
        reference="EM91-ACC",
        tenant_last_name="Morel",
        tenant_first_name="Inès",
        court="Tribunal judiciaire d'Évry",
        received_on=today - dt.timedelta(days=30),
        assignation_date=today - dt.timedelta(days=20),
        hearing_date=hearing_on,
    )
    check = Checks()
    worker = new_page(viewport)
    log_in(worker, live_server, social_worker)
    worker.get_by_role("link", name="Situations", exact=True).click()
    worker.get_by_role("link", name="MOREL Inès").click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("MOREL Inès")
    check(worker)
    record_diagnosis(worker, check)
    worker.get_by_role("link", name="Retour à la situation").first.click()
    diagnosis = worker.locator("section[aria-labelledby=h-diagnosis]")
    expect(diagnosis).to_contain_text("Une personne seule avec 1 enfant")
    for figure in ("1\u00a0530,00\u00a0€", "770,00\u00a0€", "1\u00a0900,00\u00a0€"):  # resources, charges, debt
        expect(diagnosis).to_contain_text(figure)
    propose_action(worker, check)

    page = new_page(viewport)
    log_in(page, live_server, juriste)
    page.goto(f"{live_server.url}{situation.get_absolute_url()}")
    cdp_on = today - dt.timedelta(days=90)
    record_procedure(page, "procedure_act", {"occurred_on": cdp_on.isoformat()}, {"act": "cdp_served"})
    deadlines = page.locator("#procedure-deadlines")
    expect(deadlines).to_contain_text("Fin du délai du commandement de payer")
    notified_on = today - dt.timedelta(days=10)
    record_procedure(page, "procedure_act", {"occurred_on": notified_on.isoformat()}, {"act": "prefet_notified"})
    notice_latest = hearing_on - dt.timedelta(days=42)
    expect(deadlines).to_contain_text(f"{notice_latest:%d/%m/%Y} – Date limite de notification de l'assignation")
    expect(deadlines).to_contain_text("Envoi du diagnostic social et financier")
    expect(page.locator("#h-timeline ~ *").first).to_contain_text("Notification de l'assignation au préfet")
    expect(page.locator("#actions-live")).to_contain_text(ACTION)
    check(page)

    page.locator("section[aria-labelledby=h-diagnosis]").get_by_role("link", name="Plan d'apurement").click()
    main = page.locator("main")
    expect(main).to_contain_text("Calculé à partir du diagnostic, version 2")
    expect(main).to_contain_text("Capacité de remboursement")
    expect(main).to_contain_text("Repère CAF (dette / 36)")
    expect(main).to_contain_text("52,78\u00a0€")  # 1 900 € / 36
    expect(page.get_by_role("link", name="Nouvelle version")).to_have_count(0)  # the juriste reads it
    check(page)
    page.get_by_role("link", name="Retour à la situation").click()

    text = downloaded_text(page, "Fiche de préparation d'audience (PDF)")
    assert "Fiche de préparation d'audience" in text and "Tribunal judiciaire d'Évry" in text
    assert "Dette vérifiée 1 900,00 €" in text and "Décompte du commissaire de justice" in text
    assert f"{ACTION} – " in text and "Demandes faites au juge" in text
    assert "Délais de la procédure" in text
    assert f"{notice_latest:%d/%m/%Y} – Date limite de notification de l'assignation" in text
    assert "Fin du délai du commandement de payer" in text

    documents = page.locator("#hearing-documents")
    expect(documents).to_contain_text("sans consentement du ménage")
    consents = page.locator("#household-consents")
    consents.locator("summary", has_text="Enregistrer un consentement").click()
    consents.locator("#id_consent-given_on").fill(today.isoformat())
    consents.get_by_label("Avec le juge, pour l'audience (fiche de préparation d'audience)").check()
    consents.locator("#id_consent-obtained_how").select_option("signed")
    consents.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.locator("#household-consents")).to_contain_text("en vigueur")
    page.reload()
    text = downloaded_text(page, "Fiche pour le juge (PDF)")
    assert "Fiche d'audience pour le juge" in text and "Dette vérifiée 1 900,00 €" in text and ACTION in text
    assert "Délais de la procédure" not in text  # the juriste's own
    check(page)

    page.get_by_role("link", name="Contribution au DSF").click()
    expect(page.locator("h1")).to_contain_text("Contribution au diagnostic social et financier")
    expect(page.locator("#dsf-15")).to_contain_text("Saisine et recommandations de la CCAPEX")
    check(page)
    assert not check.violations, "\n".join(check.violations)
