#!/usr/bin/env python3
"""Generate the Essonne team's tracking sheet whose 18-month bilan is the seed's, figure for figure.

    python scripts/make_seed_sheet.py            # writes prevex/reports/tests/data/seed-essonne-18-mois.csv
    python scripts/make_seed_sheet.py --check    # exit 1 if the committed file differs from what it generates
    python scripts/make_seed_sheet.py --output /tmp/suivi.csv

425 fictitious households received between 01/04/2021 and 30/09/2022 in real Essonne communes (the
first phase's ten communes until September 2021, the whole département from October 2021, weighted by
population), in the `tableau de suivi` format of docs/bilan.md (UTF-8, `;`, dates dd/mm/yyyy). With
start=2021-04-01, end=2022-09-30, as_of=2022-09-30 its bilan is exactly the one in docs/bilan.md.
Every story holds together: letter after reception, visit 2 after visit 1, reminder 15 days after a
failed visit 2, contact before adhesion before closure, joint visits after adhesion, a tenant "met" at
a visit only on or after their contact date, nothing after 30/09/2022 (a hearing planned later is left
blank). Phone numbers are in ARCEP's range for fiction (01 99 00 xx xx), e-mails at example.org.

Deterministic: standard library only, one seeded random generator, so the output is byte for byte the same.
"""

import argparse
import csv
import datetime as dt
import io
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from prevex.reports.tests.sheet_figures import (  # noqa: E402
    COLUMNS,
    ESSONNE_18_MONTHS,
    SEED_SHEET,
    incoherences,
    sheet_bilan,
)

COMMUNES_CSV = ROOT / "prevex" / "territories" / "data" / "communes.csv"
SEED = 91_2021_04
START, END = dt.date(2021, 4, 1), dt.date(2022, 9, 30)
AS_OF = END
WHOLE_DEPARTEMENT_FROM = dt.date(2021, 10, 1)
LAST_RECEPTION = dt.date(2022, 9, 27)  # so that even the last one has had its first letter
FIRST_PHASE_INSEE = ["91228", "91174", "91286", "91521", "91377", "91692", "91477", "91027", "91687", "91161"]
RECEIVED_IN_FIRST_PHASE = 118

# How many situations end in each state on 30/09/2022 (docs/bilan.md).
OPEN_FIRST_LETTER, OPEN_REMINDER, OPEN_ACCOMPANIED = 29, 73, 31
CLOSED_REASONS = {  # reason -> (with contact and adhesion, without contact)
    "mesure_asll_en_cours": (1, 0),
    "accompagnement_termine": (1, 0),
    "orientation_mds": (8, 0),
    "dette_soldee": (10, 0),
    "refus_de_poursuivre": (55, 0),
    "depart_volontaire": (2, 13),
    "absent_de_l_adresse": (0, 49),
    "sans_contact": (0, 153),
}
# Days from adhesion to closure, by reason.
SUPPORT_DAYS = {
    "mesure_asll_en_cours": (3, 20),
    "accompagnement_termine": (120, 330),
    "orientation_mds": (15, 90),
    "dette_soldee": (10, 80),
    "refus_de_poursuivre": (15, 150),
    "depart_volontaire": (20, 120),
}
LANDLORD_CONTACTS = 43
JOINT_VISITS_OPEN = [2, 2, *[1] * 10]  # 14 visits in 12 situations
JOINT_VISITS_CLOSED = [2, 2, *[1] * 11]  # 15 visits in 13 situations
PRESENT_ALONE, PRESENT_WITH_JURISTE = 8, 8

LAST_NAMES = [
    "Martin",
    "Bernard",
    "Lefèvre",
    "Moreau",
    "Fournier",
    "Girard",
    "Rousseau",
    "Lemaître",
    "Mercier",
    "Faure",
    "Chevalier",
    "Gauthier",
    "Perrin",
    "Morel",
    "Bonnet",
    "Dupré",
    "Leroy",
    "Roussel",
    "Benoît",
    "Lécuyer",
    "Ménard",
    "Bréhier",
    "Pétillon",
    "Guérin",
    "Hébert",
    "Lefébure",
    "Carré",
    "Legrand",
    "Boucher",
    "Gaillard",
    "Diallo",
    "Traoré",
    "Camara",
    "Konaté",
    "Diop",
    "Ndiaye",
    "Coulibaly",
    "Sissoko",
    "Keïta",
    "Touré",
    "Benali",
    "Haddad",
    "Bensaïd",
    "Mansouri",
    "Cherif",
    "Belkacem",
    "Amrani",
    "Boukhari",
    "Zerrouki",
    "Hamidi",
    "Da Silva",
    "Dos Santos",
    "Ferreira",
    "Pereira",
    "Gonçalves",
    "Rodrigues",
    "Nguyen",
    "Tran",
    "Pham",
    "Lê",
    "Kaya",
    "Yılmaz",
    "Popescu",
    "Ionescu",
    "Kowalski",
    "Mendy",
    "Gomis",
    "Tshibangu",
    "Mbemba",
    "Kaboré",
]
FIRST_NAMES = [
    "Hélène",
    "Anaïs",
    "Chloé",
    "Zoé",
    "Noémie",
    "Céline",
    "Maëlle",
    "Léa",
    "Inès",
    "Aïcha",
    "Fatoumata",
    "Mélanie",
    "Sandrine",
    "Nathalie",
    "Sévérine",
    "Élodie",
    "Bérénice",
    "Josiane",
    "Françoise",
    "Gisèle",
    "Awa",
    "Mariam",
    "Jérôme",
    "François",
    "Loïc",
    "Raphaël",
    "Théo",
    "Benoît",
    "Gaël",
    "Noël",
    "Hervé",
    "Stéphane",
    "Frédéric",
    "Mamadou",
    "Moussa",
    "Ibrahima",
    "Karim",
    "Mehdi",
    "Rachid",
    "Youssef",
    "Joël",
    "Thierry",
    "Mickaël",
    "José",
    "João",
    "Minh",
    "Thanh",
    "Ömer",
    "Ionuț",
    "Grégory",
    "Sébastien",
    "Cédric",
    "Aurélien",
    "Jean-Luc",
]
STREETS = [
    "rue de la République",
    "avenue du Général-de-Gaulle",
    "rue Jean-Jaurès",
    "allée des Érables",
    "rue Pasteur",
    "boulevard Victor-Hugo",
    "rue des Écoles",
    "place de l'Église",
    "rue de la Mairie",
    "avenue de la Gare",
    "rue du Moulin",
    "impasse des Tilleuls",
    "rue Émile-Zola",
    "chemin des Prés",
    "rue de Châtillon",
    "allée Gérard-Philipe",
    "rue Aristide-Briand",
    "square des Hêtres",
    "rue de l'Essonne",
    "allée du Parc",
    "cours Blaise-Pascal",
    "rue Paul-Éluard",
    "avenue de Fontainebleau",
    "rue du Château",
]
BUILDINGS = ["", "", "", "bât. A", "bât. B", "bât. C", "escalier 2", "appt 14", "appt 31", "3e étage"]
LANDLORD_PEOPLE = ["M. {first} {last}", "Mme {first} {last}", "M. et Mme {last}", "Indivision {last}"]
LANDLORD_SCI = ["SCI Les Tilleuls", "SCI du Parc", "SCI Bellevue", "SCI Les Érables", "SCI Saint-Éloi", "SCI Horizon"]
LANDLORD_AGENCIES = ["Agence du Centre", "Cabinet Delorme Gestion", "Agence de la Gare", "Immobilière des Coteaux"]
RECOMMENDATIONS = [
    "ouverture_droits_apl",
    "saisine_fsl",
    "demande_logement_social",
    "recours_dalo",
    "dossier_surendettement",
    "aide_juridictionnelle",
    "demande_delais_jcp",
    "plan_apurement",
]


def french_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def french_amount(cents: int) -> str:
    """324040 -> '3 240,40' (spaces between thousands, decimal comma)."""
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", " ") + f",{rest:02d}"


def ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def fit(drawn: list[int], gaps: list[tuple[int, int]], room: int) -> list[int]:
    """The drawn gaps, shrunk towards their minimum so that they add up to `room` days at most."""
    minimum = sum(low for low, _ in gaps)
    if minimum > room:
        raise ValueError(f"no room for {gaps} in {room} days")
    if sum(drawn) <= room:
        return drawn
    extra, spare = sum(drawn) - minimum, room - minimum
    return [low + (value - low) * spare // extra for value, (low, _) in zip(drawn, gaps, strict=True)]


def working_day(day: dt.date, earliest: dt.date, latest: dt.date) -> dt.date:
    """The day moved off the week-end, to the nearest working day the bounds allow (Saturday -> Friday)."""
    if day.weekday() < 5:
        return day
    monday, friday = day + days(7 - day.weekday()), day - days(day.weekday() - 4)
    for candidate in (friday, monday) if day.weekday() == 5 else (monday, friday):
        if earliest <= candidate <= latest:
            return candidate
    return day


def chain(rng: random.Random, start: dt.date, gaps: list[tuple[int, int]], deadline: dt.date) -> list[dt.date]:
    """Dates after `start`, one gap (drawn in its range) after another, all by `deadline`, on working days.

    A fixed gap (the reminder, 15 days after the second visit) is kept exactly, whatever the day."""
    drawn = [rng.randint(low, high) for low, high in gaps]
    dates, day = [], start
    for n, (low, high) in enumerate(gaps):
        gap = fit(drawn[n:], gaps[n:], (deadline - day).days)[0]
        latest = deadline - days(sum(low for low, _ in gaps[n + 1 :]))
        day = day + days(gap) if low == high else working_day(day + days(gap), day + days(low), latest)
        dates.append(day)
    return dates


class Household:
    """One row of the sheet, built as a story: dates are `datetime.date` until written."""

    def __init__(self, received_on: dt.date):
        self.received_on = received_on
        self.kind = ""
        self.reason = ""
        self.letter = self.visit_1 = self.visit_2 = self.reminder = None
        self.result_1 = self.result_2 = ""
        self.contact = self.landlord_contact = self.adhesion = self.closure = None
        self.joint_visits: list[dt.date] = []
        self.assignation = self.hearing = None
        self.presence = ""
        self.recommendations: list[str] = []

    @property
    def last_day(self) -> dt.date:
        """Nothing of the story may happen after this day."""
        return self.closure or AS_OF

    def events(self) -> list[dt.date]:
        dated = [self.letter, self.visit_1, self.visit_2, self.reminder, self.contact, self.landlord_contact]
        return [day for day in [*dated, self.adhesion, *self.joint_visits] if day]


# Stories -------------------------------------------------------------------------------------------------


def outreach_until_contact(rng: random.Random, household: Household, deadline: dt.date) -> None:
    """Letter, then the tenant gets in touch: by phone, met at a visit, or after the reminder."""
    path = rng.choices(["phone", "met_1", "met_2", "after_reminder"], weights=[40, 30, 15, 15])[0]
    rec = household.received_on
    if path == "phone":
        household.letter, household.contact = chain(rng, rec, [(1, 4), (1, 20)], deadline)
    elif path == "met_1":
        household.letter, household.visit_1 = chain(rng, rec, [(1, 4), (6, 20)], deadline)
        household.result_1, household.contact = "rencontre", household.visit_1
    elif path == "met_2":
        household.letter, household.visit_1, household.visit_2 = chain(rng, rec, [(1, 4), (6, 20), (7, 18)], deadline)
        household.result_1, household.result_2, household.contact = "absent", "rencontre", household.visit_2
    else:
        dates = chain(rng, rec, [(1, 4), (6, 20), (7, 18), (15, 15), (1, 20)], deadline)
        household.letter, household.visit_1, household.visit_2, household.reminder, household.contact = dates
        household.result_1, household.result_2 = "absent", rng.choice(["absent", "absent", "refus"])


def failed_outreach(rng: random.Random, household: Household, deadline: dt.date) -> None:
    """Letter, two failed unannounced visits, the reminder 15 days after the second."""
    dates = chain(rng, household.received_on, [(1, 4), (6, 20), (7, 18), (15, 15)], deadline)
    household.letter, household.visit_1, household.visit_2, household.reminder = dates
    household.result_1, household.result_2 = "absent", "absent"


def accompanied(rng: random.Random, household: Household, reason: str = "") -> None:
    """Contact, adhesion, then (for a closed situation) the support ends for `reason`."""
    support = SUPPORT_DAYS.get(reason, (0, 0))
    outreach_until_contact(rng, household, AS_OF - days(support[0] + 1))
    household.adhesion = chain(rng, household.contact, [(0, 15)], AS_OF - days(support[0]))[0]
    if reason:
        household.closure = chain(rng, household.adhesion, [support], AS_OF)[0]
        household.reason = reason
    household.recommendations = sorted(rng.sample(RECOMMENDATIONS, rng.randint(1, 3)), key=RECOMMENDATIONS.index)
    if reason == "orientation_mds":
        household.recommendations = ["orientation_mds"]
    if reason == "accompagnement_termine":
        household.recommendations = ["demande_logement_social", "dossier_surendettement"]


def never_reached(rng: random.Random, household: Household, reason: str) -> None:
    """Closed without any contact: after the reminder, or once a visit showed the household gone."""
    rec = household.received_on
    if reason == "sans_contact":
        failed_outreach(rng, household, AS_OF - days(15))
        household.closure = chain(rng, household.reminder, [(15, 120)], AS_OF)[0]
    elif rng.random() < 0.6:
        household.letter, household.visit_1, household.closure = chain(rng, rec, [(1, 4), (6, 20), (1, 30)], AS_OF)
        household.result_1 = "parti" if reason == "depart_volontaire" else "npai"
    else:
        dates = chain(rng, rec, [(1, 4), (6, 20), (7, 18), (1, 30)], AS_OF)
        household.letter, household.visit_1, household.visit_2, household.closure = dates
        household.result_1, household.result_2 = "absent", "parti" if reason == "depart_volontaire" else "npai"
    household.reason = reason


def tell_story(rng: random.Random, household: Household) -> None:
    kind = household.kind
    if kind == "open_first_letter":
        household.letter = chain(rng, household.received_on, [(1, 4)], AS_OF)[0]
    elif kind == "open_reminder":
        failed_outreach(rng, household, AS_OF)
    elif kind == "open_accompanied":
        accompanied(rng, household)
    elif kind.startswith("contact:"):
        accompanied(rng, household, kind.split(":")[1])
    else:
        never_reached(rng, household, kind.split(":")[1])


# Who ends where ------------------------------------------------------------------------------------------


def reception_dates(rng: random.Random) -> list[dt.date]:
    def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
        return [first + days(n) for n in range((last - first).days + 1) if (first + days(n)).weekday() < 5]

    first_phase = weekdays(START, WHOLE_DEPARTEMENT_FROM - days(1))
    whole = weekdays(WHOLE_DEPARTEMENT_FROM, LAST_RECEPTION)
    total = ESSONNE_18_MONTHS["situations"]
    dates = [START] + rng.choices(first_phase, k=RECEIVED_IN_FIRST_PHASE - 1)
    dates += rng.choices(whole, k=total - RECEIVED_IN_FIRST_PHASE - 1) + [LAST_RECEPTION]
    return sorted(dates)


def closed_kinds() -> list[str]:
    kinds = []
    for reason, (with_contact, without) in CLOSED_REASONS.items():
        kinds += [f"contact:{reason}"] * with_contact + [f"none:{reason}"] * without
    return kinds


def assign_kinds(rng: random.Random, households: list[Household]) -> None:
    """The latest situations are still open; which of the others are open or closed is drawn."""
    for household in households[-OPEN_FIRST_LETTER:]:
        household.kind = "open_first_letter"
    rest = households[:-OPEN_FIRST_LETTER]
    late = [h for h in rest if h.received_on > dt.date(2022, 7, 25)]
    for household in late[:3]:
        household.kind = "open_accompanied"
    for household in late[3:]:
        household.kind = "open_reminder"
    spring = [h for h in rest if dt.date(2022, 3, 1) <= h.received_on <= dt.date(2022, 7, 25)]
    for household in rng.sample(spring, OPEN_REMINDER - len(late) + 3):
        household.kind = "open_reminder"
    winter = [h for h in rest if dt.date(2021, 11, 1) <= h.received_on <= dt.date(2022, 7, 25) and not h.kind]
    for household in rng.sample(winter, OPEN_ACCOMPANIED - 3):
        household.kind = "open_accompanied"
    closed = [h for h in rest if not h.kind]
    closed[0].kind = "contact:accompagnement_termine"  # the long support, ended by a rehousing
    kinds = closed_kinds()
    kinds.remove(closed[0].kind)
    rng.shuffle(kinds)
    for household, kind in zip(closed[1:], kinds, strict=True):
        household.kind = kind


# Landlords, joint visits, hearings -----------------------------------------------------------------------


def add_landlord_contacts(rng: random.Random, households: list[Household]) -> None:
    candidates = [h for h in households if (h.last_day - h.letter).days >= 3]
    for household in rng.sample(candidates, LANDLORD_CONTACTS):
        household.landlord_contact = chain(rng, household.letter, [(2, 45)], household.last_day)[0]


def add_joint_visits(rng: random.Random, households: list[Household], counts: list[int]) -> None:
    candidates = [h for h in households if (h.last_day - h.adhesion).days >= 20]
    for household, count in zip(rng.sample(candidates, len(counts)), counts, strict=True):
        gaps = [(3, 40)] + [(5, 60)] * (count - 1)
        household.joint_visits = chain(rng, household.adhesion, gaps, household.last_day - days(1))


def add_procedure(rng: random.Random, household: Household) -> None:
    """The assignation (before the situation reached the team) and the hearing, at least two months later."""
    household.assignation = household.received_on - days(rng.randint(7, 45))
    hearing = household.assignation + days(rng.randint(61, 120))
    if household.reason == "dette_soldee" and hearing <= household.closure:
        hearing = household.closure + days(rng.randint(3, 40))  # the debt was paid before the hearing
    household.hearing = hearing if hearing <= AS_OF else None


def add_hearing_presence(rng: random.Random, households: list[Household]) -> None:
    candidates = [
        h
        for h in households
        if h.contact and h.hearing and h.contact <= h.hearing <= h.last_day and h.reason != "dette_soldee"
    ]
    present = rng.sample(candidates, PRESENT_ALONE + PRESENT_WITH_JURISTE)
    for n, household in enumerate(present):
        household.presence = "avec_juriste" if n < PRESENT_WITH_JURISTE else "seul"
    for household in candidates:
        if not household.presence and rng.random() < 0.4:
            household.presence = "non"


# Identities ----------------------------------------------------------------------------------------------


def load_communes() -> list[dict]:
    with open(COMMUNES_CSV, encoding="utf-8", newline="") as source:
        return [row for row in csv.DictReader(source) if row["departement"] == "91"]


def pick_commune(rng: random.Random, communes: list[dict], received_on: dt.date) -> dict:
    if received_on < WHOLE_DEPARTEMENT_FROM:
        pool = [c for c in communes if c["code_insee"] in FIRST_PHASE_INSEE]
    else:
        pool = communes
    return rng.choices(pool, weights=[int(c["population"] or 1) for c in pool])[0]


def landlord(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(["personne_physique", "sci", "agence"], weights=[60, 25, 15])[0]
    if kind == "sci":
        return rng.choice(LANDLORD_SCI), kind
    if kind == "agence":
        return rng.choice(LANDLORD_AGENCIES), kind
    pattern = rng.choice(LANDLORD_PEOPLE)
    return pattern.format(first=rng.choice(FIRST_NAMES), last=rng.choice(LAST_NAMES)), kind


def identity(rng: random.Random, communes: list[dict], household: Household, number: int) -> dict:
    commune = pick_commune(rng, communes, household.received_on)
    last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
    building = rng.choice(BUILDINGS)
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}" + (f", {building}" if building else "")
    postal_codes = [code for code in commune["codes_postaux"].split() if code.startswith("91")]
    landlord_name, landlord_kind = landlord(rng)
    phone = f"01 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}" if rng.random() < 0.7 else ""
    email = f"{ascii_word(first)}.{ascii_word(last)}@example.org" if rng.random() < 0.35 else ""
    debt = rng.randint(60_000, 1_800_000)
    return {
        "reference": f"EM91-{household.received_on:%y}-{number:04d}",
        "nom": last,
        "prenom": first,
        "adresse": address,
        "code_postal": rng.choice(postal_codes),
        "commune": commune["nom"],
        "telephone": phone,
        "email": email,
        "bailleur": landlord_name,
        "type_bailleur": landlord_kind,
        "montant_dette": french_amount(debt) + (" €" if rng.random() < 0.3 else ""),
    }


def as_row(household: Household, identity_columns: dict) -> dict:
    return {
        **identity_columns,
        "date_reception": french_date(household.received_on),
        "date_assignation": french_date(household.assignation),
        "date_audience": french_date(household.hearing),
        "date_premier_courrier": french_date(household.letter),
        "date_visite_1": french_date(household.visit_1),
        "resultat_visite_1": household.result_1,
        "date_visite_2": french_date(household.visit_2),
        "resultat_visite_2": household.result_2,
        "date_relance": french_date(household.reminder),
        "date_contact_locataire": french_date(household.contact),
        "date_contact_bailleur": french_date(household.landlord_contact),
        "date_adhesion": french_date(household.adhesion),
        "dates_visites_communes": ";".join(french_date(day) for day in household.joint_visits),
        "presence_audience": household.presence,
        "date_cloture": french_date(household.closure),
        "motif_cloture": household.reason,
        "preconisations": ";".join(household.recommendations),
    }


# The sheet -----------------------------------------------------------------------------------------------


def build_rows() -> list[dict]:
    rng = random.Random(SEED)
    households = [Household(day) for day in reception_dates(rng)]
    assign_kinds(rng, households)
    for household in households:
        tell_story(rng, household)
        add_procedure(rng, household)
    add_landlord_contacts(rng, households)
    add_joint_visits(rng, [h for h in households if h.kind == "open_accompanied"], JOINT_VISITS_OPEN)
    add_joint_visits(rng, [h for h in households if h.kind.startswith("contact:")], JOINT_VISITS_CLOSED)
    add_hearing_presence(rng, households)
    communes = load_communes()
    numbers = Counter()
    rows = []
    for household in households:
        numbers[household.received_on.year] += 1
        rows.append(as_row(household, identity(rng, communes, household, numbers[household.received_on.year])))
    return rows


def render(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def check(rows: list[dict]) -> None:
    """The sheet must tell coherent stories and give the seed's bilan exactly."""
    problems = [problem for row in rows for problem in incoherences(row, AS_OF)]
    if problems:
        raise SystemExit("Incoherent rows:\n" + "\n".join(problems[:20]))
    figures = sheet_bilan(rows, team="essonne", start=START, end=END, as_of=AS_OF)
    if figures != ESSONNE_18_MONTHS:
        raise SystemExit(f"The sheet's bilan is not the seed's:\n{figures}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=SEED_SHEET)
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args()
    rows = build_rows()
    check(rows)
    content = render(rows)
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == content
        print("identique" if same else f"{args.output} diffère de la sortie du générateur")
        return 0 if same else 1
    args.output.write_bytes(content)
    print(f"{len(rows)} situations écrites dans {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
