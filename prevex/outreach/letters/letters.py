"""One letter, built: its recipient's address block (or why it cannot be posted), its texts filled in for the
household, the team's letterhead and the tenant's personal link and QR code. Pure of any database write."""

import datetime as dt
import re
from dataclasses import dataclass, field

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from prevex.outreach.letters.defaults import default_texts
from prevex.outreach.letters.enums import LANDLORD_KINDS, LetterKind
from prevex.outreach.letters.images import data_uri
from prevex.outreach.letters.models import LandlordAddress, Letterhead, LetterTemplate
from prevex.outreach.letters.placeholders import NOTICE_NAMES, personal_link, situation_values
from prevex.outreach.letters.sandbox import TextRefused, render_text

TEXT_FIELDS = ("subject", "body", "notice")


@dataclass
class Letter:
    """What the layout prints (HTML-escaped texts) and what the DOCX fills (plain texts)."""

    kind: str
    situation: object
    task: object = None
    address_lines: list[str] = field(default_factory=list)
    problem: str | None = None  # why it cannot be printed (a missing address…), in French
    subject: str = ""
    paragraphs: list[SafeString] = field(default_factory=list)
    notice: list[SafeString] = field(default_factory=list)
    plain: dict = field(default_factory=dict)  # subject, paragraphs, notice as plain text (DOCX)
    link: str | None = None
    qr: str | None = None  # a data: URI (SVG)

    @property
    def reference(self) -> str:
        return self.situation.reference

    @property
    def label(self) -> str:
        return LetterKind(self.kind).label


@dataclass
class Sender:
    """The team's letterhead with its images read once for a whole batch."""

    letterhead: Letterhead
    logo: str | None
    signature: str | None
    address_lines: list[str]


def letterhead_for(team) -> Letterhead:
    """The team's letterhead, or an unsaved one with its name while the coordinator has not filled it in."""
    try:
        return Letterhead.objects.get(team=team)
    except Letterhead.DoesNotExist:
        return Letterhead(team=team, sender_name=team.name)


def sender_for(letterhead: Letterhead) -> Sender:
    lines = [line.strip() for line in (letterhead.address or "").splitlines() if line.strip()]
    return Sender(letterhead, data_uri(letterhead.logo), data_uri(letterhead.signature), lines)


def texts_for(team) -> dict[str, dict[str, str]]:
    """{kind: {subject, body, notice}}: the team's own templates, the shipped defaults for the others."""
    texts = {kind: default_texts(kind) for kind in LetterKind.values}
    for template in LetterTemplate.objects.filter(team=team):
        texts[template.kind] = {name: getattr(template, name) for name in TEXT_FIELDS}
    return texts


def landlord_address_of(situation) -> LandlordAddress | None:
    """The landlord's postal address typed for this situation (selected with it in a batch), or None."""
    try:
        return situation.landlord_address
    except LandlordAddress.DoesNotExist:
        return None


def address_problem(situation, kind: str) -> str | None:
    """Why this letter cannot be put in a window envelope, in French (None: it can)."""
    if kind in LANDLORD_KINDS:
        if landlord_address_of(situation) is None:
            return _("Adresse du bailleur à compléter (elle figure sur l'assignation).")
        return None
    missing = []
    if not (situation.address or "").strip():
        missing.append(_("l'adresse"))
    if not (situation.postal_code or "").strip():
        missing.append(_("le code postal"))
    if not (situation.commune_id and situation.commune.name.strip()):
        missing.append(_("la commune"))
    if not (situation.tenant_last_name or "").strip():
        missing.append(_("le nom du locataire"))
    if missing:
        return _("Adresse incomplète : il manque %(missing)s.") % {"missing": ", ".join(missing)}
    return None


def address_lines(situation, kind: str) -> list[str]:
    """The recipient's block, as La Poste reads it: name, street, postal code and commune in capitals."""
    if kind in LANDLORD_KINDS:
        found = landlord_address_of(situation)
        return [line for line in found.lines() if line] if found else []
    name = f"{situation.tenant_first_name} {situation.tenant_last_name.upper()}".strip()
    lines = [name]
    if situation.other_tenants:
        lines.append(situation.other_tenants)
    lines += [line.strip() for line in situation.address.splitlines() if line.strip()]
    commune = situation.commune.name.upper() if situation.commune_id else ""
    lines.append(f"{situation.postal_code} {commune}".strip())
    return [line for line in lines if line]


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single line break is a space (the text is prose, wrapped anywhere)."""
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return [" ".join(part.split()) for part in parts if part.strip()]


def _html(paragraph: str) -> SafeString:
    """A paragraph already escaped by the sandbox (`render_text`)."""
    return mark_safe(paragraph)


def qr_code(link: str | None) -> str | None:
    """The link's QR code as a PNG data: address (WeasyPrint draws a bitmap far faster than an SVG of paths)."""
    return segno.make(link, error="m").png_data_uri(scale=6, border=2) if link else None


def build_letter(
    kind: str, situation, sender: Sender, texts: dict, today: dt.date, task=None, *, with_link=True
) -> Letter:
    """The letter of `kind` for a household; `problem` says why it cannot be printed (then nothing else).
    `with_link`: True makes the tenant's personal link; a string is that link (found for a whole batch); False
    leaves it out (a list of letters, not printed: no link made for it)."""
    letter = Letter(kind=kind, situation=situation, task=task)
    letter.problem = address_problem(situation, kind) if kind != LetterKind.DOOR_NOTICE else None
    if letter.problem:
        return letter
    letter.address_lines = address_lines(situation, kind)
    if kind in LANDLORD_KINDS or not with_link:
        letter.link = None
    else:
        letter.link = with_link if isinstance(with_link, str) else personal_link(situation)
    letter.qr = qr_code(letter.link)
    values = situation_values(situation, sender.letterhead, today, letter.link)
    fill_texts(letter, texts[kind], values)
    return letter


def fill_texts(letter: Letter, texts: dict, values: dict) -> Letter:
    """The texts of a letter filled in (escaped for the PDF, plain for the DOCX); a text a template cannot
    render any more blocks the letter with the reason."""
    scoped = {name: values if name != "notice" else {key: values[key] for key in NOTICE_NAMES} for name in TEXT_FIELDS}
    try:
        html = {name: render_text(texts[name], scoped[name]) for name in TEXT_FIELDS}
        plain = {name: render_text(texts[name], scoped[name], autoescape=False) for name in TEXT_FIELDS}
    except TextRefused as refusal:
        letter.problem = _("Modèle de courrier à corriger : %(problems)s") % {"problems": " ".join(refusal.messages)}
        return letter
    letter.subject = " ".join(html["subject"].split())
    letter.paragraphs = [_html(part) for part in paragraphs(html["body"])]
    letter.notice = [_html(part) for part in paragraphs(html["notice"])]
    letter.plain = {
        "subject": " ".join(plain["subject"].split()),
        "paragraphs": paragraphs(plain["body"]),
        "notice": paragraphs(plain["notice"]),
    }
    return letter


def sample_letter(kind: str, sender: Sender, texts: dict, values: dict, situation) -> Letter:
    """A letter for the editor's preview (a sample household, or one of the team's situations)."""
    letter = Letter(kind=kind, situation=situation)
    letter.address_lines = [values["locataire"], *values["adresse"].split(", ")]
    letter.link = values["lien_personnel"] if values["lien_personnel"].startswith("http") else None
    letter.qr = qr_code(letter.link)
    return fill_texts(letter, texts, values)
