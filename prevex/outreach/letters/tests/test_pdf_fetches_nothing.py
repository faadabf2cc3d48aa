"""The letters' PDF worker fetches no file and no URL, whatever reached a letter's HTML: only the data: URIs
the letters embed (logo, signature, QR code)."""

import io

from pypdf import PdfReader

from prevex.outreach.letters import pdf
from prevex.outreach.letters.pdf_worker import pdf_of

PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def text_of(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_local_stylesheet_named_in_a_letter_is_not_read(tmp_path):
    leak = tmp_path / "leak.css"
    leak.write_text('body::after { content: "CONTENU-DU-DISQUE"; }')
    html = f'<html><head><link rel="stylesheet" href="file://{leak}"></head><body><p>Madame,</p></body></html>'
    text = text_of(pdf_of([(html, None)], pdf.PRINT_CSS))
    assert "Madame" in text and "CONTENU-DU-DISQUE" not in text


def test_the_embedded_images_are_still_drawn():
    html = f'<html><body><p>Madame,</p><img src="{PIXEL}" alt="logo"></body></html>'
    document = PdfReader(io.BytesIO(pdf_of([(html, None)], pdf.PRINT_CSS)))
    assert any("/XObject" in page["/Resources"] for page in document.pages)
