"""Demo data: the Essonne team, its people and ~350 situations with realistic timelines.

Everything is invented. Dates are relative to today (the last 18 months), never in the future, and the
choices come from a seeded `random.Random`, so a given day always gives the same demo. All demo
accounts share one password, `DEMO_PASSWORD`, printed by `manage.py demo_data` (and so by `make run`):
the command refuses to run unless PREVEX_DEMO is on (or `--force` is given). Then the team receives two
préfecture lists and the social services' answer, through the intake pipeline (`identification.py`). A few
accompanied households have their diagnosis, consent and procedure acts (`support.py`, on its own seed).
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import User
from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.text import normalize
from prevex.demo import identification
from prevex.demo.support import support_load
from prevex.organisations.enums import OrganisationKind, Role
from prevex.organisations.models import Membership, Organisation, Sector, SectorAssignee, Team
from prevex.organisations.services import team_setup
from prevex.situations import services
from prevex.situations.enums import (
    Channel,
    ClosureReason,
    EventKind,
    HearingPresence,
    LandlordKind,
    Recipient,
    Recommendation,
    Stage,
    VisitOutcome,
)
from prevex.situations.households import stored_household_key
from prevex.situations.models import Event, Situation
from prevex.situations.services import NewSituation
from prevex.support.actions.models import Source
from prevex.support.actions.services import actions_create_many
from prevex.territories.models import Commune

DEMO_PASSWORD = "Demo-Prevex-91"
TEAM = {"slug": "essonne", "name": "Équipe mobile de l'Essonne", "departement": "91"}
SEED = 91
HISTORY_DAYS = 540  # 18 months

ORGANISATIONS = {"ADIL 91": OrganisationKind.LEGAL, "Tout Azimut": OrganisationKind.SOCIAL}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None


DEMO_USERS = [
    DemoUser("claire.lemaitre", "Claire", "Lemaître", Role.COORDINATOR, "ADIL 91"),
    DemoUser("helene.menard", "Hélène", "Ménard", Role.SOCIAL_WORKER, "Tout Azimut"),
    DemoUser("jerome.lefevre", "Jérôme", "Lefèvre", Role.SOCIAL_WORKER, "Tout Azimut"),
    DemoUser("anais.prevost", "Anaïs", "Prévost", Role.JURISTE, "ADIL 91"),
    DemoUser("noemie.chateau", "Noémie", "Château", Role.JURISTE, "ADIL 91"),
    DemoUser("francois.berenger", "François", "Bérenger", Role.FUNDER, None),
]

# How many situations end in each state: every stage and every closure reason, in the proportions of
# the Essonne team's bilan (about a third open, mostly without contact).
OUTCOMES: dict[str, int] = {
    Stage.TO_CONTACT: 6,
    Stage.FIRST_LETTER: 14,
    Stage.VISIT_1: 10,
    Stage.VISIT_2: 8,
    Stage.REMINDER: 36,
    Stage.CONTACT: 9,
    Stage.ACCOMPANIED: 25,
    ClosureReason.SANS_CONTACT: 120,
    ClosureReason.ABSENT_DE_L_ADRESSE: 36,
    ClosureReason.DEPART_VOLONTAIRE: 12,
    ClosureReason.REFUS_DE_POURSUIVRE: 40,
    ClosureReason.DETTE_SOLDEE: 8,
    ClosureReason.ORIENTATION_MDS: 8,
    ClosureReason.MESURE_ASLL_EN_COURS: 2,
    ClosureReason.ACCOMPAGNEMENT_TERMINE: 10,
    ClosureReason.AUTRE: 6,
}
URGENT_COUNT = 8  # early-stage situations whose hearing is within 15 days: they stand out on "Aujourd'hui"
REOPENED_COUNT = 6  # closed without contact, then the tenant called: reopened

LAST_NAMES = [
    "Lefèvre",
    "Müller",
    "Benali",
    "Nguyễn",
    "Da Silva",
    "Mbappé",
    "Crépin",
    "Lemaître",
    "Traoré",
    "Gaëtan",
    "Hébert",
    "Diallo",
    "Bérard",
    "Çelik",
    "Fournier",
    "Koné",
    "Ménard",
    "Pérez",
    "Rousseau",
    "Bénard",
    "Dubois",
    "Haddad",
    "Lévêque",
    "N'Diaye",
    "Sánchez",
    "Chevalier",
    "Bouchaïb",
    "Gauthier",
    "Doucouré",
    "Noël",
    "Moreau",
    "Camara",
    "Lefebvre",
    "Mercier",
    "El Amrani",
    "Garnier",
    "Régnier",
    "Cissé",
    "Lacroix",
    "Ferreira",
    "Boyer",
    "Aubert",
    "Kaddour",
    "Petitjean",
    "Dembélé",
    "Vasseur",
    "Collin",
    "Brahimi",
    "Thébault",
    "Joly",
]
FIRST_NAMES = [
    "Hélène",
    "Anaïs",
    "Jérôme",
    "François",
    "Noémie",
    "Loïc",
    "Zoé",
    "Inès",
    "Maëlle",
    "Cédric",
    "Aïcha",
    "Mamadou",
    "Fatoumata",
    "Karim",
    "Yasmine",
    "Élodie",
    "Gaëlle",
    "Séverine",
    "Benoît",
    "Joël",
    "Mélanie",
    "Thérèse",
    "Raphaël",
    "Chloé",
    "Océane",
    "Léa",
    "Sébastien",
    "Amélie",
    "Rachid",
    "Aurélie",
    "Moussa",
    "Nadège",
    "Stéphane",
    "Françoise",
    "Héloïse",
    "Léon",
    "Mariam",
    "Grégory",
    "Nathalie",
    "Ibrahim",
]
STREETS = [
    "rue Jean-Jaurès",
    "avenue du Général-de-Gaulle",
    "allée des Érables",
    "rue Victor-Hugo",
    "place de l'Église",
    "rue Émile-Zola",
    "boulevard de la Libération",
    "rue des Tilleuls",
    "impasse des Lilas",
    "rue Pasteur",
    "avenue de la République",
    "résidence Les Épinettes",
    "rue du Château-d'Eau",
    "chemin des Prés",
    "rue Gambetta",
    "square Albert-Camus",
    "rue de la Gare",
    "avenue Aristide-Briand",
    "cité Léo-Lagrange",
    "rue Louise-Michel",
]
PRIVATE_LANDLORDS = [
    "M. Bernard",
    "Mme Lecœur",
    "M. et Mme Girard",
    "M. Hamidi",
    "Mme Pélissier",
    "Indivision Rolland",
    "M. Dufresne",
    "Mme Ouédraogo",
    "M. Chénier",
    "Mme Nakamura",
]
LANDLORDS = {
    LandlordKind.PERSONNE_PHYSIQUE: PRIVATE_LANDLORDS,
    LandlordKind.SCI: ["SCI Les Tilleuls", "SCI du Moulin", "SCI Bellevue", "SCI Orée du Bois", "SCI Élysée 91"],
    LandlordKind.AGENCE: ["Agence de l'Orge", "Cabinet Lenôtre Gestion", "Immobilière du Hurepoix", "Agence Sénart"],
    LandlordKind.BAILLEUR_SOCIAL: ["Habitat Francilien", "Les Résidences de l'Essonne"],
}
LANDLORD_KIND_WEIGHTS = {
    LandlordKind.PERSONNE_PHYSIQUE: 55,
    LandlordKind.SCI: 20,
    LandlordKind.AGENCE: 20,
    LandlordKind.BAILLEUR_SOCIAL: 5,
}
COURTS = {
    "911": ["Tribunal de proximité d'Étampes"],
    "912": ["Tribunal judiciaire d'Évry", "Tribunal de proximité de Juvisy-sur-Orge"],
    "913": ["Tribunal de proximité de Palaiseau", "Tribunal de proximité de Longjumeau"],
}
NOTES = {
    "absent": ["Personne au domicile, avis de passage déposé.", "Pas de réponse ; nom sur la boîte aux lettres."],
    "met": ["Madame rencontrée au domicile, inquiète ; explique une baisse de revenus.", "Monsieur nous reçoit."],
    "npai": ["Courrier revenu NPAI ; le voisin dit ne pas connaître le ménage."],
    "left": ["Logement vide, la gardienne confirme un départ il y a un mois."],
    "refused": ["Le locataire refuse d'ouvrir et de parler de la procédure."],
    "indecent": ["Personne au domicile ; parties communes dégradées, humidité visible : logement à signaler."],
    "contact": ["Appel de la locataire suite au courrier.", "Le locataire rappelle après le SMS."],
    "landlord": ["Le bailleur accepte d'étudier un plan d'apurement.", "Échange avec le gestionnaire du bail."],
    "adhesion": ["Accord pour un accompagnement ; diagnostic budgétaire fait.", "Adhésion ; dossier FSL à monter."],
    "support": ["Dossier FSL déposé.", "Demande de logement social renouvelée.", "Ouverture des droits APL en cours."],
    "joint": ["Visite commune avec la juriste de l'ADIL : point sur la dette et l'audience."],
    "reopening": ["La locataire rappelle plusieurs semaines après la clôture."],
    "received": ["Situation reçue sur la liste de la préfecture."],
}


@dataclass
class Step:
    """One event of a story, `day` days after the situation was received."""

    day: int
    kind: str
    who: str  # "social", "legal" or "coordinator": whose referent recorded it
    fields: dict = field(default_factory=dict)


@dataclass
class DemoResult:
    created: bool
    team: Team
    situations: int
    events: int
    lists: int = 0  # the préfecture lists imported (through the real pipeline, `identification.py`)


@transaction.atomic
def demo_load(today: dt.date | None = None) -> DemoResult:
    """Create the demo team and its data, unless it already has situations (then do nothing)."""
    existing = Team.objects.filter(slug=TEAM["slug"]).first()
    if existing and existing.situations.exists():
        return DemoResult(
            created=False,
            team=existing,
            situations=existing.situations.count(),
            events=Event.objects.filter(situation__team=existing).count(),
        )
    team, _created = team_setup(**TEAM)
    organisations = {
        name: Organisation.objects.get_or_create(team=team, name=name, defaults={"kind": kind})[0]
        for name, kind in ORGANISATIONS.items()
    }
    users = _users(team, organisations)
    _sector_assignees(team, organisations, users)
    today = today or timezone.localdate()
    situations, events = _stories(team, users, today, random.Random(SEED))
    support_load(team, today)  # a few households' diagnosis, consent and procedure acts, on their own seed
    AuditEntry.log(
        actor=None,
        action=AuditAction.IMPORT,
        target=team,
        team=team,
        details={"demo": True, "situations": situations, "events": events},
    )
    # Imported last, as a team would receive them: the lists compare their households with those above.
    lists = identification.identification_load(team=team, coordinator=users[Role.COORDINATOR][0], today=today)
    return DemoResult(
        created=True,
        team=team,
        situations=team.situations.count(),
        events=Event.objects.filter(situation__team=team).count(),
        lists=lists.lists,
    )


def _users(team: Team, organisations: dict) -> dict[str, list[User]]:
    """The demo accounts, by role."""
    by_role = defaultdict(list)
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@demo.prevex.invalid",
                "is_demo": True,  # the published password: refused, and failing `check --deploy`, outside demo mode
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            defaults={"team": team, "organisation": organisations.get(demo.organisation), "role": demo.role},
        )
        by_role[demo.role].append(user)
    return by_role


def _sector_assignees(team: Team, organisations: dict, users: dict) -> None:
    """Each sector gets a default social worker (Tout Azimut) and juriste (ADIL 91), in turn."""
    for index, sector in enumerate(team.sectors.order_by("pk")):
        for organisation, role in (
            (organisations["Tout Azimut"], Role.SOCIAL_WORKER),
            (organisations["ADIL 91"], Role.JURISTE),
        ):
            people = users[role]
            SectorAssignee.objects.get_or_create(
                sector=sector, organisation=organisation, defaults={"user": people[index % len(people)]}
            )


# --- stories -------------------------------------------------------------------------------------------------


def _outcomes(rng: random.Random) -> list[tuple[str, bool]]:
    """(final state, urgent) for each situation, shuffled so references do not follow the outcome."""
    outcomes = [outcome for outcome, count in OUTCOMES.items() for _ in range(count)]
    rng.shuffle(outcomes)
    urgent_candidates = [i for i, o in enumerate(outcomes) if o in (Stage.FIRST_LETTER, Stage.VISIT_1, Stage.VISIT_2)]
    urgent = set(urgent_candidates[:URGENT_COUNT])
    return [(outcome, index in urgent) for index, outcome in enumerate(outcomes)]


def _first_letters(rng: random.Random) -> list[Step]:
    day = rng.randint(1, 6)
    steps = [Step(day, EventKind.LETTER, "social", {"recipient": Recipient.TENANT, "channel": Channel.POST})]
    if rng.random() < 0.5:
        steps.append(Step(day, EventKind.LETTER, "social", {"recipient": Recipient.TENANT, "channel": Channel.SMS}))
    if rng.random() < 0.7:
        steps.append(Step(day, EventKind.LETTER, "legal", {"recipient": Recipient.LANDLORD, "channel": Channel.POST}))
    return steps


def _visit(rng: random.Random, after: int, outcome: str, *, joint: bool = False) -> Step:
    note = rng.choice(NOTES["joint" if joint else outcome])
    return Step(
        after + rng.randint(6, 14),
        EventKind.VISIT,
        "social",
        {"visit_outcome": outcome, "is_joint": joint, "note": note},
    )


def _note(rng: random.Random, day: int, topic: str, who: str = "social") -> Step:
    return Step(day, EventKind.NOTE, who, {"note": rng.choice(NOTES[topic])})


def _outreach(rng: random.Random, visits: int, *, reminder: bool = False, last_outcome: str = VisitOutcome.ABSENT):
    """Letters, then `visits` unannounced visits (the last with `last_outcome`), then maybe the reminder."""
    steps = _first_letters(rng)
    for number in range(visits):
        outcome = last_outcome if number == visits - 1 else VisitOutcome.ABSENT
        steps.append(_visit(rng, steps[-1].day, outcome))
    if reminder:
        steps.append(Step(steps[-1].day + 15, EventKind.REMINDER, "social", {"channel": Channel.POST}))
    return steps


def _contact(rng: random.Random) -> list[Step]:
    """Outreach until the tenant is reached: a call after a letter or a visit, or met at the door."""
    way = rng.choice(["call", "call", "met_1", "met_2"])
    if way == "call":
        steps = _outreach(rng, rng.randint(0, 2))
        channel = rng.choice([Channel.PHONE, Channel.PHONE, Channel.SMS, Channel.EMAIL])
        call = {"channel": channel, "note": rng.choice(NOTES["contact"])}
        steps.append(Step(steps[-1].day + rng.randint(2, 12), EventKind.TENANT_CONTACT, "social", call))
        return steps
    return _outreach(rng, 1 if way == "met_1" else 2, last_outcome=VisitOutcome.MET)


def _support(rng: random.Random, after: int) -> list[Step]:
    """Adhesion, then the support: landlord contact, a joint visit, the partners' notes."""
    day = after + rng.randint(0, 10)
    steps = [Step(day, EventKind.ADHESION, "social", {"note": rng.choice(NOTES["adhesion"])})]
    if rng.random() < 0.5:
        talk = {"channel": Channel.PHONE, "note": rng.choice(NOTES["landlord"])}
        steps.append(Step(day + rng.randint(3, 20), EventKind.LANDLORD_CONTACT, "legal", talk))
    if rng.random() < 0.45:
        steps.append(_visit(rng, day + rng.randint(5, 20), VisitOutcome.MET, joint=True))
    steps.append(_note(rng, day + rng.randint(10, 40), "support"))
    return steps


def _path(rng: random.Random, outcome: str) -> tuple[list[Step], str]:
    """The events leading to `outcome`, and when the closure comes ("" open, "before" or "after" the hearing)."""
    match outcome:
        case Stage.TO_CONTACT:
            return [_note(rng, rng.randint(0, 2), "received", "coordinator")] if rng.random() < 0.5 else [], ""
        case Stage.FIRST_LETTER:
            return _outreach(rng, 0), ""
        case Stage.VISIT_1:
            return _outreach(rng, 1), ""
        case Stage.VISIT_2:
            return _outreach(rng, 2), ""
        case Stage.REMINDER | ClosureReason.SANS_CONTACT:
            draw = rng.random()
            last = VisitOutcome.REFUSED if draw < 0.15 else VisitOutcome.INDECENT if draw < 0.2 else VisitOutcome.ABSENT
            return _outreach(rng, 2, reminder=True, last_outcome=last), "" if outcome == Stage.REMINDER else "after"
        case Stage.CONTACT:
            return _contact(rng), ""
        case Stage.ACCOMPANIED:
            steps = _contact(rng)
            return steps + _support(rng, steps[-1].day), ""
        case ClosureReason.ABSENT_DE_L_ADRESSE:
            return _outreach(rng, rng.randint(1, 2), last_outcome=VisitOutcome.NPAI), "before"
        case ClosureReason.DEPART_VOLONTAIRE:
            if rng.random() < 0.7:
                return _outreach(rng, rng.randint(1, 2), last_outcome=VisitOutcome.LEFT), "before"
            steps = _contact(rng)
            return steps + _support(rng, steps[-1].day), "after"
        case ClosureReason.REFUS_DE_POURSUIVRE:
            steps = _contact(rng)
            if rng.random() < 0.7:  # most agreed first, then stopped answering
                steps += _support(rng, steps[-1].day)
            return steps, "after"
        case ClosureReason.DETTE_SOLDEE:
            steps = _contact(rng)
            paid = {"channel": Channel.EMAIL, "note": "Le bailleur confirme le solde de la dette."}
            return [
                *steps,
                Step(steps[-1].day + rng.randint(3, 10), EventKind.LANDLORD_CONTACT, "legal", paid),
            ], "before"
        case ClosureReason.ORIENTATION_MDS | ClosureReason.MESURE_ASLL_EN_COURS:
            return _contact(rng), "before"
        case ClosureReason.ACCOMPAGNEMENT_TERMINE:
            steps = _contact(rng)
            return steps + _support(rng, steps[-1].day), "after"
        case ClosureReason.AUTRE:
            return _outreach(rng, 1) + [_note(rng, 20, "received", "coordinator")], "before"
    raise ValueError(outcome)


def _hearing_presence(rng: random.Random, steps: list[Step]) -> str | None:
    kinds = {step.kind for step in steps}
    if EventKind.ADHESION in kinds:
        return rng.choice([HearingPresence.WITH_JURISTE] * 2 + [HearingPresence.ALONE, HearingPresence.ABSENT])
    contact = EventKind.TENANT_CONTACT in kinds or any(s.fields.get("visit_outcome") == VisitOutcome.MET for s in steps)
    if contact:
        return rng.choice([HearingPresence.ALONE] + [HearingPresence.ABSENT] * 3)
    return HearingPresence.ABSENT if rng.random() < 0.3 else None  # the juriste went and noted the absence


# Extra days an open situation may have stayed at its stage: recent for the early stages, up to a year otherwise.
OPEN_SLACK = {
    Stage.TO_CONTACT: 4,
    Stage.FIRST_LETTER: 10,
    Stage.VISIT_1: 8,
    Stage.VISIT_2: 10,
    Stage.REMINDER: 400,
    Stage.CONTACT: 40,
    Stage.ACCOMPANIED: 300,
}


def story(rng: random.Random, outcome: str, today: dt.date, *, urgent: bool = False, reopened: bool = False):
    """(received_on, hearing_date, steps) of one situation ending in `outcome` as of `today`."""
    steps, closure = _path(rng, outcome)
    span = max((step.day for step in steps), default=0)
    hearing_day = rng.randint(35, 80)
    if closure == "before":  # e.g. the debt was paid: closed before the hearing, which the team does not follow
        hearing_day = max(hearing_day, span + 6)
        steps.append(
            Step(rng.randint(span + 1, hearing_day - 1), EventKind.CLOSURE, "social", {"closure_reason": outcome})
        )
    elif closure == "after":
        close_day = max(span, hearing_day) + rng.randint(7, 45)
        steps.append(Step(close_day, EventKind.CLOSURE, "social", {"closure_reason": outcome}))
        if reopened:  # the tenant calls back weeks later
            call = close_day + rng.randint(15, 60)
            steps += [
                Step(call, EventKind.REOPENING, "coordinator", {"note": rng.choice(NOTES["reopening"])}),
                Step(call, EventKind.TENANT_CONTACT, "social", {"channel": Channel.PHONE}),
                *_support(rng, call),
            ]
            if rng.random() < 0.5:
                last = max(step.day for step in steps)
                done = {"closure_reason": ClosureReason.ACCOMPAGNEMENT_TERMINE}
                steps.append(Step(last + rng.randint(20, 60), EventKind.CLOSURE, "social", done))
    span = max((step.day for step in steps), default=0)

    if urgent:  # hearing within 15 days, nobody reached yet
        days_left = rng.randint(2, 14)
        hearing_day = max(hearing_day, span + days_left)
        received_on = today + dt.timedelta(days=days_left - hearing_day)
    else:
        slack = OPEN_SLACK.get(outcome, HISTORY_DAYS) if not closure else HISTORY_DAYS
        received_on = today - dt.timedelta(days=span + rng.randint(0, max(0, min(slack, HISTORY_DAYS - span))))
    hearing_date = received_on + dt.timedelta(days=hearing_day)
    before_hearing = [step for step in steps if step.day <= hearing_day]
    if hearing_date <= today and closure != "before" and (presence := _hearing_presence(rng, before_hearing)):
        steps.append(Step(hearing_day, EventKind.HEARING, "legal", {"hearing_presence": presence}))
    steps = [step for step in steps if received_on + dt.timedelta(days=step.day) <= today]
    steps.sort(key=lambda step: step.day)  # stable: same-day events keep their order
    return received_on, hearing_date, steps


def _stories(team: Team, users: dict, today: dt.date, rng: random.Random) -> tuple[int, int]:
    communes = list(Commune.objects.in_departement(team.departement).order_by("insee_code"))
    weights = [commune.population or 500 for commune in communes]
    sector_of = dict(Sector.communes.through.objects.filter(sector__team=team).values_list("commune_id", "sector_id"))
    assignees = defaultdict(dict)
    for assignee in SectorAssignee.objects.filter(sector__team=team).select_related("organisation", "user"):
        assignees[assignee.sector_id][assignee.organisation.kind] = assignee
    coordinator = users[Role.COORDINATOR][0]
    coordinator_organisation_id = coordinator.membership.organisation_id

    outcomes = _outcomes(rng)
    reopened = {i for i, (outcome, _) in enumerate(outcomes) if outcome == ClosureReason.SANS_CONTACT}
    reopened = set(sorted(reopened)[:REOPENED_COUNT])
    situations, timelines = [], []
    for index, (outcome, urgent) in enumerate(outcomes):
        commune = rng.choices(communes, weights)[0]
        received_on, hearing_date, steps = story(rng, outcome, today, urgent=urgent, reopened=index in reopened)
        accompanied = any(step.kind == EventKind.ADHESION for step in steps)
        sector_id = sector_of.get(commune.insee_code)
        situation = build_situation(rng, team, index + 1, commune, sector_id, received_on, hearing_date, accompanied)
        situations.append(situation)
        timelines.append(steps)

    new = []
    for situation, steps in zip(situations, timelines, strict=True):
        people = assignees.get(situation.sector_id, {})
        events = []
        for step in steps:
            assignee = people.get(OrganisationKind.LEGAL if step.who == "legal" else OrganisationKind.SOCIAL)
            author_id, organisation_id = (
                (coordinator.pk, coordinator_organisation_id)
                if step.who == "coordinator" or assignee is None
                else (assignee.user_id, assignee.organisation_id)
            )
            day = situation.received_on + dt.timedelta(days=step.day)
            events.append(
                {
                    "kind": step.kind,
                    "occurred_on": day,
                    "author_id": author_id,
                    "organisation_id": organisation_id,
                    **_typed_on(day, 17),
                    **step.fields,
                }
            )
        new.append(NewSituation(fields={**_fields(situation), **_typed_on(situation.received_on, 9)}, events=events))
    created = services.situations_create_many(team=team, situations=new, author=None, journaled=False)
    proposals = [
        (pk, public_id, _adhesion_on(situation, steps), situation.demo_recommendations)
        for situation, steps, (pk, public_id) in zip(situations, timelines, created, strict=True)
        if situation.demo_recommendations
    ]
    actions_create_many(team=team, proposals=proposals, author=None, source=Source.DEMO)
    return len(new), sum(len(situation.events) for situation in new)


def _adhesion_on(situation: Situation, steps: list[Step]) -> dt.date:
    days = [step.day for step in steps if step.kind == EventKind.ADHESION]
    return situation.received_on + dt.timedelta(days=min(days)) if days else situation.received_on


def _typed_on(day: dt.date, hour: int) -> dict:
    """Pretend each fact was typed in on its day, at that hour (rather than now, when the demo is loaded)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))
    return {"created_at": moment, "updated_at": moment}


# 06 10… to 06 89…, less 06 39 (Mayotte): metropolitan mobile ranges, valid for `phonenumbers` (the forms and
# imports refuse an unallocated number, and the bench imports sheets made of these situations).
_MOBILE_PREFIXES = [prefix for prefix in range(10, 90) if prefix != 39]


def _mobile_number(rng) -> str:
    return f"+336{rng.choice(_MOBILE_PREFIXES)}{rng.randint(0, 999_999):06d}"


_FIELDS = (
    "reference",
    "received_on",
    "tenant_last_name",
    "tenant_first_name",
    "other_tenants",
    "phone",
    "email",
    "address",
    "postal_code",
    "commune",
    "sector_id",
    "landlord_name",
    "landlord_kind",
    "assignation_date",
    "court",
    "hearing_date",
    "debt_amount",
)


def _fields(situation: Situation) -> dict:
    return {name: getattr(situation, name) for name in _FIELDS}


def build_situation(rng, team, number, commune, sector_id, received_on, hearing_date, accompanied) -> Situation:
    last_name, first_name = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
    kind = rng.choices(list(LANDLORD_KIND_WEIGHTS), list(LANDLORD_KIND_WEIGHTS.values()))[0]
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    if rng.random() < 0.3:
        address += f", bât. {rng.choice('ABCDE')}, appt {rng.randint(1, 80)}"
    situation = Situation(
        team=team,
        reference=f"EM91-{number:05d}",
        received_on=received_on,
        tenant_last_name=last_name,
        tenant_first_name=first_name,
        other_tenants=f"{rng.choice(FIRST_NAMES)} {last_name}" if rng.random() < 0.25 else "",
        phone=_mobile_number(rng) if rng.random() < 0.7 else "",
        email=f"{normalize(first_name)}.{normalize(last_name)}@example.org".replace(" ", "-")
        if rng.random() < 0.3
        else "",
        address=address,
        postal_code=rng.choice(commune.postal_code_list),
        commune=commune,
        sector_id=sector_id,
        landlord_name=rng.choice(LANDLORDS[kind]),
        landlord_kind=kind,
        assignation_date=received_on - dt.timedelta(days=rng.randint(3, 20)),
        court=rng.choice(COURTS.get(commune.arrondissement, COURTS["912"])),
        hearing_date=hearing_date,
        debt_amount=Decimal(rng.randint(60_000, 1_500_000)) / 100,
    )
    # Its préconisations, proposed on its adhesion as actions « à faire » (`_stories`); not a field any more.
    situation.demo_recommendations = rng.sample(list(Recommendation.values), rng.randint(1, 3)) if accompanied else []
    situation.search_text = services.search_text(situation)  # for the bench, which inserts these itself
    situation.household_key = stored_household_key(situation)
    return situation
