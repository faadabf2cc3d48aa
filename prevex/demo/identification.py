"""The demo's identification: two préfecture lists and the social services' answer, through the real pipeline.

The files are made for the day the demo is loaded (dates relative to it, households invented) and go through
the use cases the upload pages call: `batch_upload`, `batch_remap` (the suggested columns confirmed and saved as
the team's profile, as on the columns page), `batch_commit`, then `answer_upload` and `answer_commit`. Only
`_through_the_pipeline` calls them: it is the one place to re-point when the pipeline moves.

- The first list, received about two weeks ago: new households, a few with a social landlord (not eligible),
  one line given twice (a duplicate) and one commune that does not match its postal code (an error).
- The second, received a few days ago in the same layout (the profile maps it): some households of the first
  list again, two of them with their hearing postponed (updates), and new households.
- The Département's answer for the first list: a few households it already follows, the others unknown. The
  team waits for that answer before contacting a household, so the second list's households are still to check.
"""

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, replace
from decimal import Decimal

from prevex.demo import data
from prevex.intake.mds import services as social_services
from prevex.intake.models import EligibilityRules
from prevex.intake.prefecture import services as prefecture
from prevex.situations.enums import LandlordKind
from prevex.territories.models import Commune

PROFILE_NAME = "Préfecture de l'Essonne (démo)"
HEADERS = [
    "N° procédure EXPLOC",
    "Nom locataire",
    "Prénom",
    "Adresse du logement",
    "CP",
    "Commune",
    "Bailleur",
    "Type de bailleur",
    "Date de l'assignation",
    "Date d'audience",
    "Tribunal",
    "Montant de la dette",
    "Téléphone",
]
ANSWER_HEADERS = ["N° procédure", "Nom", "Prénom", "Commune", "Connu MDS", "MDS de suivi"]
PRIVATE_KINDS = {
    LandlordKind.PERSONNE_PHYSIQUE: "Personne physique",
    LandlordKind.SCI: "SCI",
    LandlordKind.AGENCE: "Agence",
}
SOCIAL_LANDLORDS = ["Essonne Habitat", "Les Résidences de l'Essonne", "Habitat Francilien"]

FIRST_LIST_DAYS_AGO, SECOND_LIST_DAYS_AGO = 16, 3
FIRST_LIST_NEW, FIRST_LIST_SOCIAL = 18, 3  # + one line repeated and one in error
SECOND_LIST_NEW, SECOND_LIST_AGAIN, SECOND_LIST_POSTPONED = 6, 2, 2
KNOWN_TO_SOCIAL_SERVICES = 3  # of the first list's new households


@dataclass(frozen=True)
class Listed:
    """One household as a préfecture list gives it."""

    reference: str
    last_name: str
    first_name: str
    address: str
    postal_code: str
    commune: str
    landlord: str
    landlord_kind: str
    assignation_date: dt.date
    hearing_date: dt.date
    court: str
    debt: Decimal
    phone: str

    def row(self) -> list[str]:
        return [
            self.reference,
            self.last_name.upper(),
            self.first_name,
            self.address,
            self.postal_code,
            self.commune.upper(),
            self.landlord,
            self.landlord_kind,
            f"{self.assignation_date:%d/%m/%Y}",
            f"{self.hearing_date:%d/%m/%Y}",
            self.court,
            f"{self.debt:,.2f} €".replace(",", " ").replace(".", ","),
            self.phone,
        ]


@dataclass
class Identification:
    lists: int


def identification_load(*, team, coordinator, today: dt.date) -> Identification:
    """The two lists and the answer, made for `today`, imported by the coordinator."""
    first_on = today - dt.timedelta(days=FIRST_LIST_DAYS_AGO)
    second_on = today - dt.timedelta(days=SECOND_LIST_DAYS_AGO)
    first, second, answers = _files_content(team, first_on, second_on)
    _through_the_pipeline(
        team,
        coordinator,
        lists=[
            (first_on, f"assignations-{first_on:%Y-%m-%d}.csv", _list_file(first)),
            (second_on, f"assignations-{second_on:%Y-%m-%d}.csv", _list_file(second)),
        ],
        answer=(f"reponse-mds-{first_on:%Y-%m-%d}.csv", _answer_file(answers)),
    )
    return Identification(lists=2)


def _files_content(team, first_on: dt.date, second_on: dt.date):
    """The households of each list, and the Département's answer (known or not) for the first list's new ones."""
    rng = random.Random(data.SEED + 1)
    communes = list(Commune.objects.in_departement(team.departement).order_by("insee_code"))
    numbers = iter(range(101, 1000))

    def household(received_on, *, social=False):
        return _household(rng, communes, next(numbers), received_on, social=social)

    first_new = [household(first_on) for _ in range(FIRST_LIST_NEW)]
    first = [*first_new, *(household(first_on, social=True) for _ in range(FIRST_LIST_SOCIAL))]
    first.insert(5, first[4])  # the same procedure twice in one list
    first.append(replace(household(first_on), commune="Massy", postal_code="91150"))  # Massy is 91300: an error
    again = first_new[-SECOND_LIST_AGAIN - SECOND_LIST_POSTPONED :]
    postponed = [
        replace(listed, hearing_date=listed.hearing_date + dt.timedelta(weeks=5))
        for listed in again[:SECOND_LIST_POSTPONED]
    ]
    second = [*postponed, *again[SECOND_LIST_POSTPONED:], *(household(second_on) for _ in range(SECOND_LIST_NEW))]
    known = set(rng.sample(range(len(first_new)), KNOWN_TO_SOCIAL_SERVICES))
    return first, second, [(listed, index in known) for index, listed in enumerate(first_new)]


def _through_the_pipeline(team, coordinator, *, lists: list[tuple[dt.date, str, bytes]], answer: tuple[str, bytes]):
    """What a coordinator does on the pages *Listes préfecture* and *Services sociaux*, through their use cases."""
    # The team's rule (page *Règles d'éligibilité*): a new household waits for the social services' answer.
    EligibilityRules.objects.update_or_create(team=team, defaults={"wait_for_social_services_check": True})
    for received_on, filename, content in lists:
        batch = prefecture.batch_upload(
            team=team, data=content, filename=filename, user=coordinator, received_on=received_on
        )
        if not batch.summary.get("profile"):  # the columns page: the suggested mapping, kept for the next list
            prefecture.batch_remap(batch=batch, mapping=batch.mapping, save_as=PROFILE_NAME, user=coordinator)
        prefecture.batch_commit(batch=batch, user=coordinator)
    filename, content = answer
    batch = social_services.answer_upload(team=team, data=content, filename=filename, user=coordinator)
    social_services.answer_commit(batch=batch, user=coordinator)


def _household(rng: random.Random, communes: list, number: int, received_on: dt.date, *, social: bool) -> Listed:
    commune = rng.choices(communes, [commune.population or 500 for commune in communes])[0]
    last_name = rng.choice(data.LAST_NAMES)
    if social:
        landlord, kind = rng.choice(SOCIAL_LANDLORDS), "Bailleur social"
    else:
        kind_key = rng.choice(list(PRIVATE_KINDS))
        landlord, kind = rng.choice(data.LANDLORDS[kind_key]), PRIVATE_KINDS[kind_key]
    hearing_date = received_on + dt.timedelta(days=rng.randint(FIRST_LIST_DAYS_AGO + 6, 75))
    phone = data._mobile_number(rng).replace("+33", "0") if rng.random() < 0.6 else ""
    return Listed(
        reference=f"EXP-91-{received_on:%Y}-{number:05d}",
        last_name=last_name,
        first_name=rng.choice(data.FIRST_NAMES),
        address=f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}",
        postal_code=rng.choice(commune.postal_code_list),
        commune=commune.name,
        landlord=landlord,
        landlord_kind=kind,
        assignation_date=received_on - dt.timedelta(days=rng.randint(3, 12)),
        hearing_date=hearing_date,
        court=rng.choice(data.COURTS.get(commune.arrondissement, data.COURTS["912"])),
        debt=Decimal(rng.randint(80_000, 900_000)) / 100,
        phone=phone,
    )


def _csv(rows: list[list[str]]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return output.getvalue().encode("utf-8")


def _list_file(listed: list[Listed]) -> bytes:
    return _csv([HEADERS, *(household.row() for household in listed)])


def _answer_file(answers: list[tuple[Listed, bool]]) -> bytes:
    rows = [
        [
            listed.reference,
            listed.last_name.upper(),
            listed.first_name,
            listed.commune,
            "OUI" if known else "NON",
            f"MDS de {listed.commune}" if known else "",
        ]
        for listed, known in answers
    ]
    return _csv([ANSWER_HEADERS, *rows])
