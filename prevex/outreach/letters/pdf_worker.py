"""Letters' HTML to one PDF, in a worker process: no Django here (a spawned process imports only this module
and WeasyPrint), so a large batch is laid out on every core (`pdf.render_pdf`)."""

import logging
from functools import cache

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# The letters embed their images (logo, signature, QR code) as data: URIs; WeasyPrint fetches nothing else, not a
# local file nor a URL, whatever ends up in a letter.
DATA_ONLY = URLFetcher(allowed_protocols={"data"})


@cache
def styles(css_path: str):
    fonts = FontConfiguration()
    return fonts, CSS(filename=css_path, font_config=fonts)


def pdf_of(letters: list[tuple[str, str | None]], css_path: str) -> bytes:
    """(letter HTML, its back page's HTML or None) each: a letter is a document of its own (its pages numbered
    from 1); a back page (the data-protection notice, the same for all) is laid out once and reused."""
    fonts, css = styles(css_path)
    backs, pages, first = {}, [], None
    for letter_html, back_html in letters:
        document = HTML(string=letter_html, url_fetcher=DATA_ONLY).render(stylesheets=[css], font_config=fonts)
        first = first or document
        pages += document.pages
        if back_html:
            if back_html not in backs:
                backs[back_html] = (
                    HTML(string=back_html, url_fetcher=DATA_ONLY).render(stylesheets=[css], font_config=fonts).pages
                )
            pages += backs[back_html]
    return first.copy(pages).write_pdf()
