"""One data row of a préfecture list read through a column mapping: a candidate situation, or its errors.

Reading a row touches no database: the département's communes come in a `CommuneNames`, loaded once. The
policy on errors and warnings is every pipeline's (`prevex/imports/rows.py`).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from prevex.core.text import normalize
from prevex.imports import cells
from prevex.imports.rows import Row
from prevex.imports.rows import RowReader as BaseReader
from prevex.intake.prefecture.fields import CATALOGUE
from prevex.situations.enums import LandlordKind
from prevex.territories.matching import CommuneNames
from prevex.territories.models import Commune

MAX_LENGTHS = {
    "reference": 50,
    "tenant_last_name": 150,
    "tenant_first_name": 150,
    "address": 300,
    "landlord_name": 200,
    "court": 200,
    "email": 254,
}
LANDLORD_KINDS = {
    "bailleur social": LandlordKind.BAILLEUR_SOCIAL,
    "social": LandlordKind.BAILLEUR_SOCIAL,
    "hlm": LandlordKind.BAILLEUR_SOCIAL,
    "oph": LandlordKind.BAILLEUR_SOCIAL,
    "esh": LandlordKind.BAILLEUR_SOCIAL,
    "parc social": LandlordKind.BAILLEUR_SOCIAL,
    "organisme hlm": LandlordKind.BAILLEUR_SOCIAL,
    "personne physique": LandlordKind.PERSONNE_PHYSIQUE,
    "particulier": LandlordKind.PERSONNE_PHYSIQUE,
    "sci": LandlordKind.SCI,
    "agence": LandlordKind.AGENCE,
    "administrateur de biens": LandlordKind.AGENCE,
}
# A hearing further ahead than this is a typing error (2099 for 2026).
MAX_YEARS_AHEAD = 2
YES = frozenset({"oui", "o", "x", "yes", "vrai", "1", "connu", "connue"})


@dataclass
class Candidate:
    line: int
    values: dict = field(default_factory=dict)  # Situation field -> value
    commune: Commune | None = None
    landlord_kind_text: str = ""
    procedure_stage: str = ""
    social_services_known: bool = False
    errors: list = field(default_factory=list)  # (header, message)
    warnings: list = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


class RowReader(BaseReader):
    """Reads rows of one list: its headers, its mapping and the département's communes."""

    def __init__(self, headers: list[str], mapping: list[str], communes: CommuneNames, **options):
        super().__init__(headers, mapping, CATALOGUE, max_lengths=MAX_LENGTHS, **options)
        self.communes = communes
        self.today = timezone.localdate()  # the day the hearings are compared with, once per list

    def read(self, line: int, row: list) -> "Candidate":
        return _Row(self, line, row).candidate()


class _Row(Row):
    def __init__(self, reader: RowReader, line: int, row: list):
        super().__init__(reader, line, row)
        self.candidate_ = Candidate(line=line, errors=self.errors, warnings=self.warnings)

    def candidate(self) -> Candidate:
        values = self.candidate_.values
        values["reference"] = self.text("reference")
        values["tenant_last_name"], values["tenant_first_name"] = self._names()
        values["address"] = self._address()
        values["postal_code"], self.candidate_.commune = self._place()
        values["landlord_name"] = self.text("landlord_name")
        self.candidate_.landlord_kind_text = self.text("landlord_kind")
        values["landlord_kind"] = LANDLORD_KINDS.get(normalize(self.candidate_.landlord_kind_text), "")
        values["court"] = self.text("court")
        values["assignation_date"], values["hearing_date"] = self._dates()
        values["debt_amount"] = self._debt()
        values["phone"] = self.phone()
        values["email"] = self.email()
        self.candidate_.procedure_stage = normalize(self.text("procedure_stage"))
        self.candidate_.social_services_known = normalize(self.text("social_services_known")) in YES
        return self.candidate_

    def _names(self) -> tuple[str, str]:
        last, first = self.text("tenant_last_name"), self.text("tenant_first_name")
        if not last and (full := self.text("tenant_full_name")):
            last, first = split_full_name(full)
        if not last:
            self.error(
                "tenant_last_name" if "tenant_last_name" in self.reader.columns else "tenant_full_name",
                _("le nom du locataire est obligatoire"),
            )
        return last, first

    def _address(self) -> str:
        address = self.text("address")
        detail = self.text("address_detail")
        if detail:
            address = f"{address}, {detail}" if address else detail
        if not address:
            self.error("address", _("l'adresse est obligatoire"))
        return address[:300]

    def _place(self) -> tuple[str, Commune | None]:
        postal_code = self.parsed("postal_code", cells.parse_postal_code) or ""
        name = self.text("commune")
        departement = self.reader.communes.departement
        if not name and not postal_code:
            self.error("commune", _("la commune est obligatoire"))
            return postal_code, None
        if postal_code and postal_code not in self.reader.communes.by_postal_code:
            self.error(
                "postal_code",
                _("le code postal %(cp)s n'est pas dans le département %(dep)s")
                % {"cp": postal_code, "dep": departement},
            )
            return postal_code, None
        commune = self.reader.communes.find(name, postal_code)
        if commune is None and name and postal_code:
            self.error(
                "commune",
                _("« %(name)s » ne correspond pas au code postal %(cp)s (liste INSEE)")
                % {"name": name, "cp": postal_code},
            )
        elif commune is None and name:
            self.error(
                "commune",
                _("« %(name)s » n'est pas une commune du département %(dep)s (liste INSEE)")
                % {"name": name, "dep": departement},
            )
        elif commune is None:
            self.error(
                "commune",
                _("le code postal %(cp)s couvre plusieurs communes : indiquez la commune") % {"cp": postal_code},
            )
        if commune is not None and not postal_code:
            postal_code = commune.postal_code_list[0]
        return postal_code, commune

    def _dates(self) -> tuple[dt.date | None, dt.date | None]:
        assignation = self.parsed("assignation_date", cells.parse_date)
        hearing = self.parsed("hearing_date", cells.parse_date)
        if hearing is None and not self.has_error("hearing_date"):
            self.error("hearing_date", _("la date d'audience est obligatoire"))
        if assignation and hearing and hearing < assignation:
            message = _("l'audience (%(hearing)s) ne peut pas précéder l'assignation (%(assignation)s)")
            self.error(
                "hearing_date", message % {"hearing": f"{hearing:%d/%m/%Y}", "assignation": f"{assignation:%d/%m/%Y}"}
            )
        if hearing:
            self._check_hearing_is_ahead(hearing)
        return assignation, hearing

    def _check_hearing_is_ahead(self, hearing: dt.date) -> None:
        """A list announces hearings to come: one already held is shown (the situation still comes, to record
        or close), one absurdly far ahead is a typing error."""
        today = self.reader.today
        if hearing > years_after(today, MAX_YEARS_AHEAD):
            self.error(
                "hearing_date",
                _("l'audience du %(date)s est à plus de %(years)s ans : date à vérifier")
                % {"date": f"{hearing:%d/%m/%Y}", "years": MAX_YEARS_AHEAD},
            )
        elif hearing < today:
            self.warn(
                "hearing_date",
                _(
                    "l'audience du %(date)s est passée : la situation sera créée « audience "
                    "passée » (enregistrer l'audience ou clôturer)"
                )
                % {"date": f"{hearing:%d/%m/%Y}"},
            )

    def _debt(self) -> Decimal | None:
        amount = self.parsed("debt_amount", cells.parse_amount)
        if amount is not None and amount < 0:
            self.error("debt_amount", _("le montant de la dette ne peut pas être négatif"))
            return None
        return amount


_PARTICLES = frozenset({"de", "du", "des", "le", "la", "da", "van", "von", "ben", "el", "al", "dos", "di"})
_UPPER_WORD = re.compile(r"^[^a-zà-ÿ]+$")


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def split_full_name(full: str) -> tuple[str, str]:
    """« DA SILVA Maria » → ('DA SILVA', 'Maria'): the upper-case words are the last name; else the first word."""
    words = full.split()
    upper = [word for word in words if _UPPER_WORD.match(word) and any(c.isalpha() for c in word)]
    if upper and len(upper) < len(words):
        return " ".join(upper), " ".join(word for word in words if word not in upper)
    if len(words) > 2 and words[0].lower() in _PARTICLES:
        return " ".join(words[:2]), " ".join(words[2:])
    return words[0], " ".join(words[1:])
