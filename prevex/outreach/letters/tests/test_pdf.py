"""The letters of the day as one PDF: text extracted with pypdf, pages counted, the address block in the
envelope's window, the reference and page numbers on every page; a blocked letter listed apart, never printed."""

import io

import pytest
from pypdf import PdfReader

from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.letters import build_letter, letterhead_for, sender_for, texts_for
from prevex.outreach.letters.pdf import render_pdf
from prevex.outreach.letters.services import letters_of_the_day
from prevex.outreach.letters.tests.support import due_situation
from prevex.situations.tests.factories import SituationFactory

pytestmark = pytest.mark.usefixtures("frozen_today")
MM = 72 / 25.4  # PDF points per millimetre
A4_HEIGHT = 297 * MM


def spaced(text: str) -> str:
    """Text with its no-break spaces (French number grouping, before « : ») as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def pages_of(content: bytes):
    return PdfReader(io.BytesIO(content)).pages


def lines_with_positions(page):
    """(text, x mm from the left, y mm from the top) of each piece of text of a page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x / MM, (A4_HEIGHT - y) / MM))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def two_households(team):
    first = due_situation(team, reference="EM91-00001", tenant_last_name="Martin", tenant_first_name="Lou")
    second = due_situation(team, reference="EM91-00002", tenant_last_name="Durand", tenant_first_name="Noé")
    return first, second


def test_the_batch_prints_each_letter_on_its_own_pages_with_its_reference_and_numbers(
    team, two_households, frozen_today
):
    batch = letters_of_the_day(team, frozen_today)
    # Each household: a first letter (letter + its data-protection notice: 2 pages); the landlord letters are
    # blocked (Prevex keeps no landlord address).
    assert [(letter.reference, letter.kind) for letter in batch.ready] == [
        ("EM91-00001", LetterKind.TENANT_FIRST),
        ("EM91-00002", LetterKind.TENANT_FIRST),
    ]
    pages = pages_of(render_pdf(batch.ready, batch.sender, frozen_today))
    assert len(pages) == 4
    texts = [page.extract_text() for page in pages]
    assert "Lou MARTIN" in texts[0] and "Noé DURAND" in texts[2]
    assert "Noé DURAND" not in texts[0] + texts[1]
    # Each letter's page: its reference and its number; its back page: the notice, the same for every household
    # (nothing personal on it).
    assert "Réf. EM91-00001" in texts[0] and "Page 1 / 1" in texts[0]
    assert "Réf. EM91-00002" in texts[2] and "Page 1 / 1" in texts[2]
    for back in (texts[1], texts[3]):
        assert back.startswith("Vos données personnelles") and "préfecture" in back and "verso du courrier" in back
        assert "MARTIN" not in back and "DURAND" not in back and "Réf." not in back
    assert texts[1] == texts[3]
    assert "14 mai 2024" in texts[0] and "3 250,40 €" in spaced(texts[0])


def test_the_address_block_sits_in_the_window_of_a_dl_envelope(team, frozen_today):
    situation = due_situation(team, tenant_last_name="Fenêtre", tenant_first_name="Ada", address="3 allée du Pli")
    batch = letters_of_the_day(team, frozen_today)
    first_page = pages_of(render_pdf(batch.ready, batch.sender, frozen_today))[0]
    positions = {text: (x, y) for text, x, y in lines_with_positions(first_page)}
    commune = f"{situation.postal_code} {situation.commune.name.upper()}"
    address = ("Ada FENÊTRE", "3 allée du Pli", commune)
    for line in address:
        x, y = positions[line]
        # The window shows 100–200 mm across and 50–95 mm down; with the sheet's play, 105–195 × 50–84 mm.
        assert 105 <= x <= 120, (line, x)
        assert 50 <= y <= 84, (line, y)
    # Nothing else shows through the window wherever the sheet sits (it can rise 11 mm: down to 95 mm): the
    # line of the reference and the date, which spans the page's width, and the subject come below.
    below = {text.split(" :")[0]: y for text, _x, y in lines_with_positions(first_page)}
    assert below["Nos références"] > 97 and below["Objet"] > 97


def test_a_household_without_an_address_is_blocked_with_a_message_never_a_blank_page(team, frozen_today):
    due_situation(team, reference="EM91-00001")
    due_situation(team, reference="EM91-00002", address="  ")
    batch = letters_of_the_day(team, frozen_today)
    assert [letter.reference for letter in batch.ready] == ["EM91-00001"]
    blocked = {(letter.reference, letter.kind): letter.problem for letter in batch.blocked}
    assert blocked[("EM91-00002", LetterKind.TENANT_FIRST)] == "Adresse incomplète : il manque l'adresse."
    assert (
        blocked[("EM91-00001", LetterKind.LANDLORD)]
        == "Adresse du bailleur à compléter (elle figure sur l'assignation)."
    )
    pages = pages_of(render_pdf(batch.ready, batch.sender, frozen_today))
    assert len(pages) == 2 and all(page.extract_text().strip() for page in pages)


def test_a_missing_postal_code_blocks_the_letter(team, frozen_today):
    situation = SituationFactory.build(team=team, postal_code="", address="1 rue A")
    letter = build_letter(
        LetterKind.TENANT_FIRST, situation, sender_for(letterhead_for(team)), texts_for(team), frozen_today
    )
    assert letter.problem == "Adresse incomplète : il manque le code postal."
    assert letter.paragraphs == []


def test_the_reminder_and_the_door_notice_print_on_one_page(team, frozen_today):
    situation = due_situation(team)
    sender, texts = sender_for(letterhead_for(team)), texts_for(team)
    letters = [build_letter(kind, situation, sender, texts, frozen_today) for kind in ("relance", "avis_de_passage")]
    pages = pages_of(render_pdf(letters, sender, frozen_today))
    assert len(pages) == 2
    assert "Votre audience approche" in pages[0].extract_text()
    assert "Avis de passage" in pages[1].extract_text() and "Page 1 / 1" in pages[1].extract_text()


def test_the_printed_letter_carries_the_tenants_personal_link_and_its_qr_code(team, frozen_today):
    from prevex.outreach.tenant.models import TenantLink

    situation = due_situation(team)
    due_situation(team, address="")
    batch = letters_of_the_day(team, frozen_today, printed=True)
    letter = batch.ready[0]
    # A link is made for each letter printed, none for a blocked one.
    assert set(TenantLink.objects.values_list("situation_id", flat=True)) == {situation.pk}
    assert letter.link.startswith("https://prevex.example/aller-vers/locataire/")
    assert letter.qr.startswith("data:image/png;base64,")
    text = pages_of(render_pdf(batch.ready, batch.sender, frozen_today))[0].extract_text()
    token = letter.link.rsplit("/", 2)[-2]
    assert token.replace("-", "\u2011") in text.replace("\n", "")
    # The list of the day makes no link (nothing printed yet).
    assert letters_of_the_day(team, frozen_today).ready[0].link is None
    assert situation.reference in text


def test_a_teams_own_template_is_printed_for_it_only(team, other_team_member, frozen_today):
    from prevex.outreach.letters.models import LetterTemplate

    LetterTemplate.objects.create(
        team=team, kind="premier_courrier", subject="Objet A", body="Texte de l'équipe A pour {{ locataire }}.",
        notice="Données : {{ equipe }}.",
    )  # fmt: skip
    due_situation(team, tenant_last_name="Alpha")
    other_team = other_team_member.membership.team
    due_situation(other_team, tenant_last_name="Beta")
    mine = letters_of_the_day(team, frozen_today).ready
    theirs = letters_of_the_day(other_team, frozen_today).ready
    assert [str(p) for p in mine[0].paragraphs] == ["Texte de l&#x27;équipe A pour Hélène ALPHA."]
    assert "Texte de l" not in " ".join(str(p) for p in theirs[0].paragraphs)
    assert [letter.situation.tenant_last_name for letter in theirs] == ["Beta"]


def test_a_large_batch_is_laid_out_by_worker_processes_in_order(team, frozen_today, monkeypatch, settings):
    from prevex.outreach.letters import pdf

    monkeypatch.setattr(pdf, "PARALLEL_FROM", 2)
    settings.PREVEX_LETTERS_PDF_WORKERS = 2
    for number in range(1, 4):
        due_situation(team, reference=f"EM91-0000{number}")
    batch = letters_of_the_day(team, frozen_today)
    assert pdf._workers(len(batch.ready)) == 2
    pages = pages_of(render_pdf(batch.ready, batch.sender, frozen_today))
    letters = [page.extract_text() for page in pages][::2]
    assert [text.split("Réf. ")[-1][:10] for text in letters] == ["EM91-00001", "EM91-00002", "EM91-00003"]
    assert all(page.extract_text().startswith("Vos données personnelles") for page in pages[1::2])
