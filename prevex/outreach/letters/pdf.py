"""Letters printed as one PDF (WeasyPrint): each letter is its own document (its pages numbered « page 1 / 1 », its
reference on every page), the pages of all put in one file. The first letter's back page, the data-protection
notice (RGPD art. 14), speaks of the team only: it is laid out once per batch and put after each letter. A large
batch is laid out by worker processes, one chunk each, and the chunks joined (pypdf): WeasyPrint uses one core.

The recipient's address sits in the window of a DL envelope (220 × 110 mm) with its window on the right (100 × 45
mm, 20 mm from the right edge and 15 mm from the bottom: from 100 to 200 mm across and 50 to 95 mm down the
envelope). An A4 sheet folded in three (99 mm panels) can move in it by about 5 mm sideways and up to 11 mm down,
so the block is kept where the window shows it whatever the play: 105 mm from the sheet's left edge, 50 mm from its
top, 85 × 32 mm (`static/letters/print.css`, `.recipient`). The fold marks are at 99 and 198 mm.
"""

import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfWriter

from prevex.outreach.letters.pdf_worker import pdf_of

PRINT_CSS = str(Path(__file__).parent / "static" / "letters" / "print.css")
# Below this many letters, one process (starting workers costs about a second).
PARALLEL_FROM = 40


def letter_html(letter, sender, today) -> str:
    return render_to_string("letters/pdf/letter.html", {"letter": letter, "sender": sender, "today": today})


def _items(letters, sender, today) -> list[tuple[str, str | None]]:
    """(letter HTML, back page HTML) of each letter; the back pages rendered once per distinct notice."""
    backs = {}
    items = []
    for letter in letters:
        key = tuple(str(paragraph) for paragraph in letter.notice)
        if key and key not in backs:
            backs[key] = render_to_string("letters/pdf/notice.html", {"notice": letter.notice})
        items.append((letter_html(letter, sender, today), backs.get(key)))
    return items


def _workers(count: int) -> int:
    wanted = getattr(settings, "PREVEX_LETTERS_PDF_WORKERS", None) or min(4, os.cpu_count() or 1)
    return max(1, min(wanted, count // (PARALLEL_FROM // 2)))


def render_pdf(letters, sender, today) -> bytes:
    """One PDF of these letters (each a set of pages of its own). At least one letter."""
    htmls = _items(letters, sender, today)
    workers = _workers(len(htmls)) if len(htmls) >= PARALLEL_FROM else 1
    if workers == 1:
        return pdf_of(htmls, PRINT_CSS)
    size = -(-len(htmls) // workers)
    chunks = [htmls[start : start + size] for start in range(0, len(htmls), size)]
    # Spawned, not forked: a fork of a threaded server process copies its locks and connections.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(pdf_of, chunks, [PRINT_CSS] * len(chunks)))
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
