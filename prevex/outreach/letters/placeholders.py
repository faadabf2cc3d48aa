"""The placeholders a letter template may use, what each one means, and their values for one household (or for
the sample shown while a template is edited). Every value is a plain string: the sandbox escapes it."""

import datetime as dt
import importlib

from django.apps import apps
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "locataire": gettext_lazy("Prénom et nom du locataire (et des co-titulaires du bail)"),
    "adresse": gettext_lazy("Adresse du logement, sur une ligne"),
    "date_audience": gettext_lazy("Date de l'audience (« 14 mai 2024 »)"),
    "tribunal": gettext_lazy("Tribunal de l'audience"),
    "dette": gettext_lazy("Montant de la dette (« 3 250,40 € »)"),
    "bailleur": gettext_lazy("Nom du bailleur"),
    "reference": gettext_lazy("Référence de la situation"),
    "equipe": gettext_lazy("Nom de l'équipe (expéditeur)"),
    "equipe_telephone": gettext_lazy("Téléphone de l'équipe"),
    "equipe_adresse": gettext_lazy("Adresse de l'équipe, sur une ligne"),
    "equipe_email": gettext_lazy("E-mail de l'équipe"),
    "signataire": gettext_lazy("Signataire"),
    "lien_personnel": gettext_lazy("Lien personnel du locataire vers sa page (un QR code l'accompagne)"),
    "date_du_jour": gettext_lazy("Date du jour"),
}
NAMES = frozenset(PLACEHOLDERS)
# The data-protection notice speaks of the team, never of the household: the same page for every letter of a
# batch (laid out once, `pdf.py`), with nothing personal on it.
NOTICE_NAMES = frozenset({"equipe", "equipe_telephone", "equipe_adresse", "equipe_email", "signataire", "date_du_jour"})
# The app that gives each tenant a personal page (issue 10 §4), used when installed (imported lazily).
TENANT_APP = "prevex.outreach.tenant"
TENANT_SERVICES = "prevex.outreach.tenant.services"


def long_date(day: dt.date | None) -> str:
    return formats.date_format(day, "j F Y") if day else _("(date à venir)")


def amount(value) -> str:
    if value is None:
        return _("(montant non connu)")
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"


def one_line(text: str) -> str:
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _tenant_services():
    return importlib.import_module(TENANT_SERVICES) if apps.is_installed(TENANT_APP) else None


def personal_link(situation) -> str | None:
    """The tenant's personal link (`prevex.outreach.tenant`, issue 10 §4: made on first use), or None while that
    app is not installed: the letter then prints a neutral text."""
    services = _tenant_services()
    return services.personal_url(situation) if services is not None else None


def personal_links(situations) -> dict[int, str]:
    """{situation pk: personal link} for a batch: the tenant app's bulk `personal_urls` when it has one, else one
    at a time ({} without the app)."""
    services = _tenant_services()
    if services is None:
        return {}
    bulk = getattr(services, "personal_urls", None)
    if bulk is not None:
        return dict(bulk(situations))
    return {situation.pk: services.personal_url(situation) for situation in situations}


def printable_link(link: str) -> str:
    """The link as printed: its hyphens (base64url tokens have some) made non-breaking, so that a line never
    breaks at one and a reader never takes it for a hyphenation."""
    return link.replace("-", "\u2011")


def team_values(letterhead) -> dict[str, str]:
    return {
        "equipe": letterhead.sender_name,
        "equipe_telephone": letterhead.phone or _("[téléphone de l'équipe]"),
        "equipe_adresse": one_line(letterhead.address) or _("[adresse de l'équipe]"),
        "equipe_email": letterhead.email or _("[e-mail de l'équipe]"),
        "signataire": letterhead.signatory,
    }


def tenant_name(situation) -> str:
    name = f"{situation.tenant_first_name} {situation.tenant_last_name.upper()}".strip()
    return f"{name}, {situation.other_tenants}" if situation.other_tenants else name


def situation_values(situation, letterhead, today: dt.date, link: str | None) -> dict[str, str]:
    """The values of every placeholder for one household."""
    commune = situation.commune.name if situation.commune_id else ""
    return {
        "locataire": tenant_name(situation),
        "adresse": ", ".join(
            part for part in (situation.address, f"{situation.postal_code} {commune}".strip()) if part
        ),
        "date_audience": long_date(situation.hearing_date),
        "tribunal": situation.court or _("tribunal judiciaire"),
        "dette": amount(situation.debt_amount),
        "bailleur": situation.landlord_name or _("votre bailleur"),
        "reference": situation.reference,
        **team_values(letterhead),
        "lien_personnel": printable_link(link)
        if link
        else _("(votre page personnelle vous sera indiquée par téléphone)"),
        "date_du_jour": long_date(today),
    }


def sample_values(letterhead, today: dt.date) -> dict[str, str]:
    """The values shown while a template is edited without a chosen situation: nobody real."""
    return {
        "locataire": "Camille EXEMPLE",
        "adresse": "1 rue de l'Exemple, 91000 Évry-Courcouronnes",
        "date_audience": long_date(today + dt.timedelta(days=40)),
        "tribunal": _("tribunal judiciaire d'Évry"),
        "dette": amount(2480),
        "bailleur": "Bailleur Exemple",
        "reference": "EXEMPLE-0001",
        **team_values(letterhead),
        "lien_personnel": "https://prevex.example/l/EXEMPLE",
        "date_du_jour": long_date(today),
    }
