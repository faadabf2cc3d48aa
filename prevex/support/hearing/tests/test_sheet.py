"""The hearing preparation sheet and the DSF contribution, read back from their PDFs (pypdf)."""

import datetime as dt
from decimal import Decimal

import pytest

from prevex.audit.models import AuditEntry
from prevex.situations.enums import EventKind, HearingOutcome, HearingPresence, ProcedureAct, Recommendation
from prevex.situations.tests.factories import EventFactory
from prevex.support.actions.models import Status
from prevex.support.actions.services import action_change_status, action_propose, kinds_by_code
from prevex.support.diagnosis.tests.support import record as record_diagnosis
from prevex.support.hearing import sections, sources
from prevex.support.hearing.services import NoCourtConsent, sheet_of
from prevex.support.hearing.tests.conftest import pdf_text
from prevex.support.notes.models import ConsentScope, Visibility
from prevex.support.notes.services import consent_record, consent_withdraw, note_add

PRIVATE = "Suivi-psychiatrique-confidentiel"
SHARED = "Audience-renvoyee-prevenir-MDS"


def url(situation, name):
    return f"/accompagnement/audience/{situation.public_id}/{name}"


@pytest.fixture
def notes(situation, social_worker, juriste):
    note_add(situation, social_worker, text=PRIVATE, visibility=Visibility.ORGANISATION)
    note_add(situation, juriste, text=SHARED, visibility=Visibility.TEAM)


@pytest.fixture
def court_consent(situation, social_worker, frozen_today):
    return consent_record(
        situation, social_worker, given_on=dt.date(2024, 4, 25), scope=ConsentScope.COURT, obtained_how="signed"
    )


@pytest.fixture
def procedure(situation, juriste):
    EventFactory(situation=situation, kind=EventKind.PROCEDURE_ACT, act=ProcedureAct.CDP_SERVED,
                 occurred_on=dt.date(2023, 11, 6), author=juriste)  # fmt: skip
    EventFactory(situation=situation, kind=EventKind.PROCEDURE_ACT, act=ProcedureAct.PREFET_NOTIFIED,
                 occurred_on=dt.date(2024, 2, 20), author=juriste)  # fmt: skip


def test_the_juriste_sheet_has_the_procedure_sections_and_no_private_note(
    client, juriste, situation, notes, procedure, frozen_today
):
    client.force_login(juriste)
    text = pdf_text(client.get(url(situation, "fiche.pdf")))
    assert "Fiche de préparation d'audience" in text
    assert "Tribunal judiciaire d'Évry" in text and "14/05/2024" in text
    assert "Délais de la procédure" in text
    assert "42 jours" in text or "préfet" in text  # the engine's rule, with its article
    assert "loi n° 89-462" in text.lower()
    assert SHARED in text
    assert PRIVATE not in text
    assert "Dette non vérifiée" in text  # no diagnosis yet: said so
    entry = AuditEntry.objects.get(action="export", target_type="situations.situation")
    assert entry.details == {"document": "fiche-audience"}


def test_a_private_note_stays_out_even_for_its_own_organisation(client, coordinator, situation, notes, frozen_today):
    """The coordinator is ADIL; the social worker's own organisation (Tout Azimut) keeps it out of paper too."""
    client.force_login(coordinator)
    assert PRIVATE not in pdf_text(client.get(url(situation, "fiche.pdf")))
    context = sheet_of(situation)
    assert all(PRIVATE not in str(s) for s in context["sections"])


def test_the_judge_sheet_is_refused_without_consent(client, juriste, situation, frozen_today):
    client.force_login(juriste)
    response = client.get(url(situation, "fiche-juge.pdf"))
    assert response.status_code == 302 and response["Location"].endswith("#household-consents")
    assert not AuditEntry.objects.filter(action="export").exists()
    page = client.get(response["Location"]).content.decode()
    assert "consentement au partage avec le juge" in page


def test_a_consent_of_another_scope_or_withdrawn_does_not_open_it(situation, social_worker, court_consent):
    consent_record(situation, social_worker, given_on=dt.date(2024, 4, 1), scope=ConsentScope.PARTNERS,
                   obtained_how="oral_interview")  # fmt: skip
    consent_withdraw(court_consent, social_worker, withdrawn_on=dt.date(2024, 5, 1))
    with pytest.raises(NoCourtConsent):
        sheet_of(situation, audience=sections.COURT)


def test_the_judge_sheet_with_consent_keeps_the_household_and_drops_the_strategy(
    client, juriste, situation, notes, procedure, court_consent, with_diagnosis
):
    client.force_login(juriste)
    text = pdf_text(client.get(url(situation, "fiche-juge.pdf")))
    assert "Fiche d'audience pour le juge" in text
    assert "25/04/2024" in text  # the consent it is printed under
    assert "La situation du ménage" in text and "une personne seule avec 2 enfants" in text
    assert "2 980,00 €" in text and "18/04/2024" in text and "commissaire de justice" in text
    assert "Reprise du loyer courant" in text and "a repris" in text
    assert "Plan d'apurement proposé" in text
    for juriste_only in ("Délais de la procédure", SHARED, PRIVATE, situation.phone or "+33", "Notes"):
        assert juriste_only not in text
    assert AuditEntry.objects.filter(action="export", details__document="fiche-audience-juge").count() == 1


def test_the_hearing_history_postponement_and_decision(situation, juriste, frozen_today):
    EventFactory(situation=situation, kind=EventKind.HEARING, occurred_on=dt.date(2024, 4, 2),
                 hearing_on=dt.date(2024, 4, 2), hearing_presence=HearingPresence.WITH_JURISTE,
                 social_worker_present=True, hearing_outcome=HearingOutcome.POSTPONED,
                 postponed_to=dt.date(2024, 5, 14))  # fmt: skip
    situation.earlier_hearing_dates = ["2024-04-02"]
    built = {s.id: s for s in sheet_of(situation)["sections"]}
    hearing = built["hearing"]
    assert ("Renvois", "audience du 02/04/2024") in hearing.facts
    assert hearing.items == (
        "Audience du 02/04/2024 : présent avec la juriste, travailleur social présent – Renvoi à une autre audience "
        "au 14/05/2024",
    )
    assert "decision" not in built


def test_requests_and_legal_aid_come_from_the_households_actions(situation, juriste, frozen_today):
    codes = [Recommendation.DEMANDE_DELAIS_JCP, Recommendation.AIDE_JURIDICTIONNELLE]
    kinds = kinds_by_code(situation.team, codes)
    filed = action_propose(situation, juriste, kind=kinds[codes[0]], proposed_on=dt.date(2024, 4, 2))
    action_change_status(filed, juriste, status=Status.FILED, on=dt.date(2024, 4, 30))
    action_propose(situation, juriste, kind=kinds[codes[1]], proposed_on=dt.date(2024, 4, 3))
    built = {s.id: s for s in sheet_of(situation)["sections"]}
    assert built["requests"].items == ("Demande de délais de paiement au JCP – Déposée le 30/04/2024",)
    assert built["legal_aid"].items == ("Aide juridictionnelle – À faire",)


def test_the_current_diagnosis_feeds_the_sheet(situation, social_worker, frozen_today):
    record_diagnosis(situation, social_worker, rent_debt=Decimal("2980.00"))
    built = {s.id: s for s in sheet_of(situation)["sections"]}
    assert {"budget", "rent_resumed"} <= set(built)
    assert ("Dette vérifiée", "2\xa0980,00\xa0€") in built["debt"].facts


def test_the_actions_hook_replaces_the_preconisations(situation, monkeypatch, frozen_today):
    line = sources.ActionLine("suspension_clause_resolutoire", "Demande de suspension de la clause résolutoire",
                              "Déposée", dt.date(2024, 4, 30))  # fmt: skip
    monkeypatch.setitem(sources._providers, "actions", lambda s: [line])
    built = {s.id: s for s in sheet_of(situation)["sections"]}
    assert built["requests"].items == ("Demande de suspension de la clause résolutoire – Déposée le 30/04/2024",)


def test_the_diagnosis_sections_are_absent_without_a_diagnosis_and_present_through_the_hook(
    situation, monkeypatch, frozen_today
):
    without = {s.id for s in sheet_of(situation)["sections"]}
    assert without.isdisjoint({"budget", "rent_resumed", "plan"})
    monkeypatch.setitem(sources._providers, "diagnosis", lambda s: None)
    assert {s.id for s in sheet_of(situation)["sections"]} == without
    from prevex.support.hearing.tests.conftest import StubDiagnosis

    monkeypatch.setitem(sources._providers, "diagnosis", lambda s: StubDiagnosis())
    built = {s.id: s for s in sheet_of(situation)["sections"]}
    assert {"budget", "rent_resumed", "plan"} <= set(built)
    assert ("Total des ressources mensuelles", "1\xa0760,00\xa0€") in built["budget"].facts
    assert ("Dette vérifiée", "2\xa0980,00\xa0€") in built["debt"].facts


def test_a_section_registered_later_plugs_in(situation, monkeypatch, frozen_today):
    monkeypatch.setattr(sections, "PROVIDERS", list(sections.PROVIDERS))
    sections.section("extra", court=False)(lambda sheet: sections.Section("extra", "Section ajoutée"))
    assert sheet_of(situation)["sections"][-1].title == "Section ajoutée"
    monkeypatch.setattr(sections, "PROVIDERS", [p for p in sections.PROVIDERS if p.id != "extra"])


def test_the_dsf_follows_the_national_order_prefilled_and_blank(client, social_worker, situation, with_diagnosis,
                                                                notes, frozen_today):  # fmt: skip
    client.force_login(social_worker)
    text = pdf_text(client.get(url(situation, "dsf.pdf")))
    titles = [
        "1. Identité et coordonnées du rédacteur",
        "4. Identité du locataire assigné",
        "5. Situation familiale",
        "8. Endettement locatif",
        "10. Reprise du paiement du loyer",
        "11. Capacité à rembourser la dette",
        "15. Saisine et recommandations de la CCAPEX",
    ]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "DUPONT Hélène" in text and "2 980,00 €" in text and "091042400123" in text
    assert "Date de naissance" in text  # a label Prevex does not know, left to fill
    assert PRIVATE not in text and SHARED not in text
    page = client.get(url(situation, "dsf/"))
    assert page.status_code == 200 and "Date de naissance" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "sheet", "dsf"),
    [("juriste", 200, 200), ("coordinator", 200, 200), ("social_worker", 403, 200), ("funder", 403, 403)],
)
def test_who_may_print(client, request, situation, who, sheet, dsf, frozen_today):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(situation, "fiche.pdf")).status_code == sheet
    assert client.get(url(situation, "dsf.pdf")).status_code == dsf


def test_another_team_gets_nothing(client, other_team_member, situation, court_consent):
    client.force_login(other_team_member)
    for name in ("fiche.pdf", "fiche-juge.pdf", "dsf/", "dsf.pdf"):
        assert client.get(url(situation, name)).status_code == 404


def test_the_situation_page_links_the_documents(client, juriste, situation, court_consent):
    client.force_login(juriste)
    body = client.get(situation.get_absolute_url()).content.decode()
    assert url(situation, "fiche.pdf") in body and url(situation, "fiche-juge.pdf") in body
    assert "Consentement du ménage" in body
