"""The Word version of a letter: docxtpl autoescapes every value (a name with « & » and « < » stays text)."""

import io
import zipfile
from xml.etree import ElementTree

import pytest

from prevex.outreach.letters.docx import TEMPLATE, render_docx
from prevex.outreach.letters.enums import LetterKind
from prevex.outreach.letters.letters import build_letter, letterhead_for, sender_for, texts_for
from prevex.outreach.letters.tests.support import due_situation

pytestmark = pytest.mark.usefixtures("frozen_today")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def paragraphs(xml: str) -> list[str]:
    root = ElementTree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_the_shipped_template_holds_its_placeholders():
    xml = document_xml(TEMPLATE.read_bytes())
    for name in ("expediteur", "destinataire", "reference", "objet", "paragraphes", "telephone", "mentions"):
        assert name in xml


def test_a_name_with_an_ampersand_and_a_chevron_is_text_in_document_xml(team, frozen_today):
    situation = due_situation(team, tenant_last_name="Martin & <Fils>", tenant_first_name="Lou")
    sender = sender_for(letterhead_for(team))
    letter = build_letter(LetterKind.TENANT_FIRST, situation, sender, texts_for(team), frozen_today)
    xml = document_xml(render_docx(letter, sender, "2 mai 2024"))
    assert "Lou MARTIN &amp; &lt;FILS&gt;" in xml and "<FILS>" not in xml
    lines = paragraphs(xml)  # parses: the document is well-formed
    assert "Lou MARTIN & <FILS>" in lines
    assert any("nous pouvons vous aider" in line for line in lines)
    assert any(line.startswith("Vos données personnelles") for line in lines)
    assert "{{" not in "".join(lines) and "{%" not in "".join(lines)
