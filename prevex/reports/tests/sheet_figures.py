"""The bilan of a tracking sheet (`tableau de suivi`), in plain Python, from docs/bilan.md's definitions.

Independent of Prevex's code on purpose (standard library only, no Django): the acceptance test compares
what Prevex computes after importing a sheet with what this module reads in the sheet's rows, and
`scripts/make_seed_sheet.py` uses it to check the sheet it generates. Codes only (`motif_cloture` as a
code, `presence_audience` as `non`/`seul`/`avec_juriste`), dates `dd/mm/yyyy`.
"""

import csv
import datetime as dt
from pathlib import Path

SEED_SHEET = Path(__file__).parent / "data" / "seed-essonne-18-mois.csv"

COLUMNS = [
    "reference",
    "date_reception",
    "nom",
    "prenom",
    "adresse",
    "code_postal",
    "commune",
    "telephone",
    "email",
    "bailleur",
    "type_bailleur",
    "date_assignation",
    "date_audience",
    "montant_dette",
    "date_premier_courrier",
    "date_visite_1",
    "resultat_visite_1",
    "date_visite_2",
    "resultat_visite_2",
    "date_relance",
    "date_contact_locataire",
    "date_contact_bailleur",
    "date_adhesion",
    "dates_visites_communes",
    "presence_audience",
    "date_cloture",
    "motif_cloture",
    "preconisations",
]

STAGES = ["to_contact", "first_letter", "visit_1", "visit_2", "reminder", "contact", "accompanied"]
REASONS = [
    "mesure_asll_en_cours",
    "accompagnement_termine",
    "orientation_mds",
    "dette_soldee",
    "refus_de_poursuivre",
    "depart_volontaire",
    "absent_de_l_adresse",
    "sans_contact",
    "autre",
]
OUTCOMES = ["tenant_contact", "left_or_not_at_address", "no_contact"]
LEFT_REASONS = {"depart_volontaire", "absent_de_l_adresse"}
ATTENDED = {"seul", "avec_juriste"}
FAILED_VISIT_RESULTS = {"absent", "refus", "parti", "npai"}

# The machine-readable bilan of docs/bilan.md: the Essonne team after 18 months.
ESSONNE_18_MONTHS = {
    "scope": {"team": "essonne", "start": "2021-04-01", "end": "2022-09-30", "as_of": "2022-09-30"},
    "situations": 425,
    "social_services_known": 0,
    "accompanied": 108,
    "open": {
        "total": 133,
        "accompanied": 31,
        "joint_visits": 14,
        "by_stage": {
            "to_contact": 0,
            "first_letter": 29,
            "visit_1": 0,
            "visit_2": 0,
            "reminder": 73,
            "contact": 0,
            "accompanied": 31,
        },
    },
    "closed": {
        "total": 292,
        "accompanied": 77,
        "joint_visits": 15,
        "by_reason": {
            "mesure_asll_en_cours": 1,
            "accompagnement_termine": 1,
            "orientation_mds": 8,
            "dette_soldee": 10,
            "refus_de_poursuivre": 55,
            "depart_volontaire": 15,
            "absent_de_l_adresse": 49,
            "sans_contact": 153,
            "autre": 0,
        },
        "by_outcome": {"tenant_contact": 77, "left_or_not_at_address": 62, "no_contact": 153},
    },
    "landlord_contact": {"count": 43, "rate": 0.1012},
    "hearings": {"tenant_present": 16, "with_legal_advisor": 8},
    # Not in the seed's bilan: what its sheet says (a contact's channel is not one of its columns).
    "first_contact": {
        "total": 108,
        "by_channel": {
            "post": 0,
            "sms": 0,
            "email": 0,
            "phone": 0,
            "in_person": 0,
            "link": 0,
            "other": 0,
            "non_renseigne": 108,
        },
        "median_days": 20,
    },
}
CHANNELS = ["post", "sms", "email", "phone", "in_person", "link", "other", "non_renseigne"]
# The shipped catalogue of préconisations, in its order (prevex/support/actions/catalogue.py; a test keeps the two
# equal), and the statuses of an action. A sheet's préconisations are actions « à faire », proposed on the
# adhesion (else on the reception).
ACTION_CODES = [
    "ouverture_droits_apl", "ouverture_droits_aah", "ouverture_droits_invalidite", "ouverture_droits_rsa",
    "ouverture_droits_prime_activite", "ouverture_droits_prestations_familiales", "demande_logement_social",
    "recours_dalo", "accords_collectifs", "saisine_fsl", "dossier_surendettement", "aide_ponctuelle_energie",
    "orientation_asll_avdl", "orientation_mds", "orientation_ccas", "relogement", "verification_conge",
    "verification_dette", "plan_apurement", "aide_juridictionnelle", "demande_delais_jcp",
    "suspension_clause_resolutoire", "saisine_jex",
]  # fmt: skip
ACTION_STATUSES = ["a_faire", "deposee", "accordee", "refusee", "abandonnee"]


def actions_figures(by_kind: dict[str, int], situations: int) -> dict:
    """The bilan's "actions" of préconisations all « à faire » ({code: count}, the others at zero)."""
    kinds = {code: {"total": 0, **dict.fromkeys(ACTION_STATUSES, 0)} for code in ACTION_CODES}
    for code, count in by_kind.items():
        kinds[code]["total"] = kinds[code]["a_faire"] = count
    total = sum(by_kind.values())
    return {
        "total": total,
        "situations": situations,
        "by_status": {"a_faire": total, **dict.fromkeys(ACTION_STATUSES[1:], 0)},
        "by_kind": kinds,
    }


# Not in the seed's bilan either: the préconisations its sheet gives the 108 households accompanied.
ESSONNE_18_MONTHS["actions"] = actions_figures(
    {
        "ouverture_droits_apl": 26,
        "demande_logement_social": 20,
        "recours_dalo": 28,
        "saisine_fsl": 19,
        "dossier_surendettement": 24,
        "orientation_mds": 8,
        "plan_apurement": 28,
        "aide_juridictionnelle": 20,
        "demande_delais_jcp": 22,
    },
    situations=108,
)


def _sheet_actions(rows: list[dict], as_of: dt.date) -> dict:
    counted, households = {}, 0
    for row in rows:
        proposed_on = parse_date(row["date_adhesion"]) or parse_date(row["date_reception"])
        codes = list(dict.fromkeys(code.strip() for code in row["preconisations"].split(";") if code.strip()))
        if not codes or proposed_on > as_of:
            continue
        households += 1
        for code in codes:
            counted[code] = counted.get(code, 0) + 1
    return actions_figures(counted, households)


def read_sheet(path: Path = SEED_SHEET) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter=";"))


def parse_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    return dt.datetime.strptime(value, "%d/%m/%Y").date() if value else None


def joint_visit_dates(row: dict) -> list[dt.date]:
    return [parse_date(part) for part in row["dates_visites_communes"].split(";") if part.strip()]


def visits(row: dict) -> list[tuple[dt.date, str]]:
    """Every home visit of the row: the two outreach visits and the joint visits (met at home)."""
    outreach = [(parse_date(row[f"date_visite_{n}"]), row[f"resultat_visite_{n}"]) for n in (1, 2)]
    return [(day, result) for day, result in outreach if day] + [(day, "rencontre") for day in joint_visit_dates(row)]


def row_state(row: dict, as_of: dt.date) -> dict:
    """What a row says had happened on or before `as_of`."""

    def seen(column: str) -> bool:
        day = parse_date(row[column])
        return day is not None and day <= as_of

    visits_seen = [(day, result) for day, result in visits(row) if day <= as_of]
    tenant_contact = seen("date_contact_locataire") or any(result == "rencontre" for _, result in visits_seen)
    # (day, rank, channel): the earliest; on one day, the contact before the visit. No channel in the sheet.
    contacts = [(parse_date(row[column]), 0, "non_renseigne") for column in ("date_contact_locataire", "date_adhesion")]
    contacts += [(day, 1, "in_person") for day, result in visits_seen if result == "rencontre"]
    first = min((contact for contact in contacts if contact[0] and contact[0] <= as_of), default=None)
    first_contact = (first[0], first[2]) if first else None
    state = {
        "accompanied": seen("date_adhesion"),
        "closed": seen("date_cloture"),
        "reason": row["motif_cloture"] if seen("date_cloture") else "",
        "tenant_contact": tenant_contact,
        "landlord_contact": seen("date_contact_bailleur"),
        "joint_visits": sum(1 for day in joint_visit_dates(row) if day <= as_of),
        "hearing_attended": seen("date_audience") and row["presence_audience"] in ATTENDED,
        "hearing_with_juriste": seen("date_audience") and row["presence_audience"] == "avec_juriste",
        "first_contact": first_contact,
        "days_to_first_contact": max((first_contact[0] - parse_date(row["date_reception"])).days, 0)
        if first_contact
        else None,
    }
    state["stage"] = None if state["closed"] else _stage(state, row, seen, len(visits_seen))
    return state


def _stage(state: dict, row: dict, seen, visit_count: int) -> str:
    if state["accompanied"]:
        return "accompanied"
    if state["tenant_contact"]:
        return "contact"
    if seen("date_relance"):
        return "reminder"
    if visit_count >= 2:
        return "visit_2"
    if visit_count == 1:
        return "visit_1"
    if seen("date_premier_courrier"):
        return "first_letter"
    return "to_contact"


def _outcome(state: dict) -> str:
    if state["tenant_contact"]:
        return "tenant_contact"
    if state["reason"] in LEFT_REASONS:
        return "left_or_not_at_address"
    return "no_contact"


def sheet_bilan(rows: list[dict], *, team: str, start: dt.date, end: dt.date, as_of: dt.date) -> dict:
    """The bilan of docs/bilan.md for the rows received in `start..end` and on or before `as_of`."""
    in_scope = [row for row in rows if start <= parse_date(row["date_reception"]) <= min(end, as_of)]
    states = [row_state(row, as_of) for row in in_scope]
    opened = [state for state in states if not state["closed"]]
    closed = [state for state in states if state["closed"]]
    landlords = sum(state["landlord_contact"] for state in states)
    present = [state for state in states if state["hearing_attended"]]
    return {
        "scope": {"team": team, "start": start.isoformat(), "end": end.isoformat(), "as_of": as_of.isoformat()},
        "situations": len(states),
        "social_services_known": 0,  # the sheet has no such column
        "accompanied": sum(state["accompanied"] for state in states),
        "open": {
            "total": len(opened),
            "accompanied": sum(state["accompanied"] for state in opened),
            "joint_visits": sum(state["joint_visits"] for state in opened),
            "by_stage": {stage: sum(state["stage"] == stage for state in opened) for stage in STAGES},
        },
        "closed": {
            "total": len(closed),
            "accompanied": sum(state["accompanied"] for state in closed),
            "joint_visits": sum(state["joint_visits"] for state in closed),
            "by_reason": {reason: sum(state["reason"] == reason for state in closed) for reason in REASONS},
            "by_outcome": {outcome: sum(_outcome(state) == outcome for state in closed) for outcome in OUTCOMES},
        },
        "landlord_contact": {"count": landlords, "rate": round(landlords / len(states), 4) if states else 0.0},
        "hearings": {
            "tenant_present": len(present),
            "with_legal_advisor": sum(state["hearing_with_juriste"] for state in present),
        },
        "first_contact": _first_contacts([state for state in states if state["first_contact"]]),
        "actions": _sheet_actions(in_scope, as_of),
    }


def _first_contacts(contacted: list[dict]) -> dict:
    days = sorted(state["days_to_first_contact"] for state in contacted)
    middle = len(days) // 2
    # Of an even count, the mean of the two middle values, rounded half up.
    median = (days[middle] if len(days) % 2 else (days[middle - 1] + days[middle] + 1) // 2) if days else None
    return {
        "total": len(contacted),
        "by_channel": {code: sum(state["first_contact"][1] == code for state in contacted) for code in CHANNELS},
        "median_days": median,
    }


def incoherences(row: dict, last_day: dt.date) -> list[str]:
    """What is wrong with the dates of a row (empty when the story holds together)."""
    day = {column: parse_date(row[column]) for column in COLUMNS if column.startswith("date_")}
    problems = []

    def check(condition: bool, message: str) -> None:
        if not condition:
            problems.append(f"{row['reference']}: {message}")

    def before(first: str, then: str, strictly: bool = True) -> None:
        if day[first] and day[then]:
            ok = day[first] < day[then] if strictly else day[first] <= day[then]
            check(ok, f"{first} {day[first]} not before {then} {day[then]}")

    joints = joint_visit_dates(row)
    dated = [value for column, value in day.items() if value and column != "date_audience"] + joints
    check(all(value <= last_day for value in dated), f"an event after {last_day}")
    check(not day["date_audience"] or day["date_audience"] <= last_day, "a hearing after the last day")
    before("date_assignation", "date_reception")
    before("date_assignation", "date_audience")
    before("date_reception", "date_premier_courrier")
    before("date_premier_courrier", "date_visite_1")
    before("date_visite_1", "date_visite_2")
    before("date_premier_courrier", "date_contact_locataire", strictly=False)
    before("date_premier_courrier", "date_contact_bailleur")
    before("date_contact_locataire", "date_adhesion", strictly=False)
    check(not day["date_visite_2"] or bool(day["date_visite_1"]), "a second visit without a first one")
    if day["date_relance"]:
        check(row["resultat_visite_2"] in FAILED_VISIT_RESULTS, "a reminder without a failed second visit")
        check(
            day["date_relance"] == day["date_visite_2"] + dt.timedelta(days=15), "a reminder not 15 days after visit 2"
        )
    for n in (1, 2):
        if row[f"resultat_visite_{n}"] == "rencontre":
            contact = day["date_contact_locataire"]
            check(
                contact is not None and contact <= day[f"date_visite_{n}"], f"visit {n} 'rencontre' before any contact"
            )
    check(not row["date_adhesion"] or bool(row["date_contact_locataire"]), "an adhesion without a contact date")
    check(
        all(day["date_adhesion"] and joint > day["date_adhesion"] for joint in joints), "a joint visit before adhesion"
    )
    if row["presence_audience"]:
        check(bool(day["date_audience"]), "a presence at a hearing without its date")
    if row["presence_audience"] in ATTENDED:
        check(
            bool(day["date_contact_locataire"]) and day["date_contact_locataire"] <= day["date_audience"],
            "a tenant present at the hearing before any contact",
        )
    if day["date_cloture"]:
        check(bool(row["motif_cloture"]), "a closure without a reason")
        others = [value for column, value in day.items() if value and column not in ("date_cloture", "date_audience")]
        check(all(value <= day["date_cloture"] for value in [*others, *joints]), "an event after the closure")
        if row["presence_audience"]:
            check(day["date_audience"] <= day["date_cloture"], "a hearing attended after the closure")
    return problems
