"""A letter as a Word document (docxtpl), for a team that retouches it before printing.

The shipped template (`word/lettre.docx`) is built by `build_template` from python-docx; every value goes in
through `render(context, autoescape=True)` (a name with « & » or « < » stays text, never XML). Run
`python -m prevex.outreach.letters.docx` to rebuild the file after changing `build_template`.
"""

import io
from pathlib import Path

TEMPLATE = Path(__file__).parent / "word" / "lettre.docx"


def build_template(path: Path = TEMPLATE) -> Path:
    """The Word template: sender, recipient block, reference, date, subject, paragraphs, phone, signatory, notice."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.left_margin, section.right_margin = Mm(15), Mm(20), Mm(20)
    document.add_paragraph("{{ expediteur }}").runs[0].bold = True
    document.add_paragraph("{%p for ligne in expediteur_adresse %}")
    document.add_paragraph("{{ ligne }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("")
    recipient = document.add_paragraph("{%p for ligne in destinataire %}")
    recipient.paragraph_format.left_indent = Mm(85)
    line = document.add_paragraph("{{ ligne }}")
    line.paragraph_format.left_indent = Mm(85)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("")
    document.add_paragraph("Nos références : {{ reference }} — {{ date }}")
    subject = document.add_paragraph()
    subject.add_run("Objet : ").bold = True
    subject.add_run("{{ objet }}")
    document.add_paragraph("{%p for paragraphe in paragraphes %}")
    document.add_paragraph("{{ paragraphe }}")
    document.add_paragraph("{%p endfor %}")
    phone = document.add_paragraph()
    phone.add_run("{{ telephone }}").font.size = Pt(22)
    phone.runs[0].bold = True
    document.add_paragraph("{{ signataire }}")
    document.add_paragraph("{%p for paragraphe in mentions %}")
    document.add_paragraph("{{ paragraphe }}")
    document.add_paragraph("{%p endfor %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def docx_context(letter, sender, today_text: str) -> dict:
    """Plain strings only: docxtpl escapes them (autoescape)."""
    plain = letter.plain or {}
    return {
        "expediteur": sender.letterhead.sender_name,
        "expediteur_adresse": sender.address_lines + ([sender.letterhead.email] if sender.letterhead.email else []),
        "destinataire": letter.address_lines,
        "reference": letter.reference,
        "date": today_text,
        "objet": plain.get("subject", ""),
        "paragraphes": plain.get("paragraphs", []),
        "telephone": sender.letterhead.phone,
        "signataire": sender.letterhead.signatory,
        "mentions": plain.get("notice", []),
    }


def render_docx(letter, sender, today_text: str) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(TEMPLATE))
    template.render(docx_context(letter, sender, today_text), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


if __name__ == "__main__":
    print(build_template())
