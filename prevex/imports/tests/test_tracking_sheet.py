import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.imports.models import ImportBatch
from prevex.imports.reading import ImportFileError
from prevex.imports.suivi.services import batch_commit, batch_upload, import_file, read_preview
from prevex.imports.suivi.sheet import COLUMNS, Decision, SheetContext, validate_row
from prevex.imports.tests.conftest import DATA, FULL_ROW, GOOD_ROW, TODAY, full_sheet, good_row_situation, sheet
from prevex.organisations.models import SectorAssignee
from prevex.organisations.tests.factories import SectorFactory
from prevex.reports.bilan import BilanScope, compute_bilan
from prevex.situations.enums import (
    Channel,
    ClosureReason,
    EventKind,
    HearingPresence,
    LandlordKind,
    Recipient,
    Stage,
    VisitOutcome,
)
from prevex.situations.models import Event, Situation, SituationReferent
from prevex.situations.tests.factories import EventFactory
from prevex.territories.models import Commune

pytestmark = pytest.mark.usefixtures("essonne_communes", "frozen_today")


def counts():
    return Situation.objects.count(), Event.objects.count(), SituationReferent.objects.count()


# --- The sample sheet and the bilan ------------------------------------------------------------------------

SAMPLES = ["tableau-de-suivi-exemple.csv", "tableau-de-suivi-exemple.xlsx"]


def expected():
    return json.loads((DATA / "tableau-de-suivi-exemple.bilan.json").read_text())


@pytest.mark.parametrize("name", SAMPLES)
def test_the_sample_sheet_imports_whole_and_gives_the_expected_bilan(team, name):
    data = (DATA / name).read_bytes()
    preview = read_preview(team=team, data=data, filename=name)
    assert (len(preview.rows), preview.counts["new"], preview.errors) == (400, 400, [])
    assert [row.line for row in preview.rows[:2]] == [2, 3]
    import_file(team=team, data=data, filename=name)
    arguments = expected()["command_arguments"]
    scope = BilanScope(
        team=team,
        start=dt.date.fromisoformat(arguments["start"]),
        end=dt.date.fromisoformat(arguments["end"]),
        as_of=dt.date.fromisoformat(arguments["as_of"]),
    )
    assert arguments["team"] == team.slug
    assert compute_bilan(scope) == expected()["bilan"]


@pytest.mark.parametrize("name", SAMPLES)
def test_importing_the_sample_again_changes_nothing(team, name):
    data = (DATA / name).read_bytes()
    import_file(team=team, data=data, filename=name)
    before = counts()
    assert read_preview(team=team, data=data, filename=name).counts == {
        "new": 0,
        "update": 0,
        "unchanged": 400,
        "conflict": 0,
        "error": 0,
    }
    assert import_file(team=team, data=data, filename=name) == {"created": 0, "updated": 0, "events": 0}
    assert counts() == before


def test_the_csv_and_the_workbook_of_the_sample_are_the_same_data(team):
    import_file(team=team, data=(DATA / SAMPLES[0]).read_bytes(), filename=SAMPLES[0])
    before = counts()
    preview = read_preview(team=team, data=(DATA / SAMPLES[1]).read_bytes(), filename=SAMPLES[1])
    assert preview.counts["unchanged"] == 400 and counts() == before


# --- What a row becomes ------------------------------------------------------------------------------------


def test_every_column_becomes_a_field_or_an_event(team):
    import_file(team=team, data=full_sheet({}), filename="s.csv")
    situation = Situation.objects.get()
    assert (situation.reference, situation.commune.name, situation.postal_code) == ("EM-9", "Athis-Mons", "91200")
    assert (situation.phone, situation.email, situation.landlord_kind) == (
        "+33647701930",
        "awa@example.org",
        LandlordKind.SCI,
    )
    assert (situation.debt_amount, situation.hearing_date) == (Decimal("2500.00"), dt.date(2024, 4, 10))
    # The préconisations are actions « à faire » now (prevex/support/actions), no longer a field of the situation.
    assert situation.recommendations == []
    assert list(situation.support_actions.values_list("kind__code", "status")) == [
        ("saisine_fsl", "a_faire"),
        ("plan_apurement", "a_faire"),
    ]
    events = list(
        situation.events.chronological().values_list(
            "kind",
            "occurred_on",
            "recipient",
            "channel",
            "visit_outcome",
            "is_joint",
            "hearing_presence",
            "closure_reason",
        )
    )
    assert events == [
        (EventKind.LETTER, dt.date(2024, 2, 5), Recipient.TENANT, Channel.POST, "", False, "", ""),
        (EventKind.VISIT, dt.date(2024, 2, 12), "", "", VisitOutcome.ABSENT, False, "", ""),
        (EventKind.VISIT, dt.date(2024, 2, 26), "", "", VisitOutcome.ABSENT, False, "", ""),
        (EventKind.REMINDER, dt.date(2024, 3, 11), "", "", "", False, "", ""),
        (EventKind.TENANT_CONTACT, dt.date(2024, 3, 15), "", "", "", False, "", ""),
        (EventKind.LANDLORD_CONTACT, dt.date(2024, 3, 16), "", "", "", False, "", ""),
        (EventKind.ADHESION, dt.date(2024, 3, 20), "", "", "", False, "", ""),
        (EventKind.VISIT, dt.date(2024, 3, 25), "", "", VisitOutcome.MET, True, "", ""),
        (EventKind.VISIT, dt.date(2024, 4, 2), "", "", VisitOutcome.MET, True, "", ""),
        (EventKind.HEARING, dt.date(2024, 4, 10), "", "", "", False, HearingPresence.WITH_JURISTE, ""),
        (EventKind.CLOSURE, dt.date(2024, 4, 25), "", "", "", False, "", ClosureReason.ACCOMPAGNEMENT_TERMINE),
    ]
    assert (situation.closed_on, situation.closure_reason, situation.is_accompanied) == (
        dt.date(2024, 4, 25),
        ClosureReason.ACCOMPAGNEMENT_TERMINE,
        True,
    )
    assert Situation.objects.search("n diaye awa athis").get() == situation


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"type_bailleur": "Personne Physique"}, "landlord_kind", LandlordKind.PERSONNE_PHYSIQUE),
        ({"type_bailleur": "bailleur social"}, "landlord_kind", LandlordKind.BAILLEUR_SOCIAL),
        ({"type_bailleur": "AGENCE"}, "landlord_kind", LandlordKind.AGENCE),
        ({"motif_cloture": "N'habite pas à l'adresse"}, "closure_reason", ClosureReason.ABSENT_DE_L_ADRESSE),
        ({"motif_cloture": "SANS CONTACT"}, "closure_reason", ClosureReason.SANS_CONTACT),
        ({"commune": "ATHIS MONS"}, "commune_id", "91027"),
        ({"telephone": "+33 6 47 70 19 30"}, "phone", "+33647701930"),
        ({"montant_dette": ""}, "debt_amount", None),
    ],
)
def test_values_are_read_tolerantly(team, changes, field, value):
    import_file(team=team, data=full_sheet(changes), filename="s.csv")
    assert getattr(Situation.objects.get(), field) == value


def test_a_stage_is_derived_from_the_imported_timeline(team):
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    situation = Situation.objects.get()
    assert situation.stage == Stage.VISIT_1
    assert list(situation.events.chronological().values_list("kind", flat=True)) == [EventKind.LETTER, EventKind.VISIT]


def test_new_situations_are_routed_like_those_typed_in_the_app(team, coordinator, adil):
    athis = Commune.objects.get(insee_code="91027")
    nord, autre = SectorFactory(team=team, name="Nord"), SectorFactory(team=team, name="Z-Autre")
    nord.communes.add(athis)
    autre.communes.add(athis)
    SectorAssignee.objects.create(sector=nord, organisation=adil, user=coordinator)
    import_file(team=team, data=full_sheet({}), filename="s.csv", user=coordinator)
    situation = Situation.objects.get()
    assert situation.sector == nord  # the first sector by name, as situation_create picks it
    assert [(r.organisation, r.user) for r in situation.referents.all()] == [(adil, coordinator)]
    assert (situation.created_by, situation.updated_by) == (coordinator, coordinator)
    assert set(situation.events.values_list("author", "organisation")) == {(coordinator.pk, adil.pk)}


# --- Importing again ---------------------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(team):
    data = sheet(GOOD_ROW)
    assert import_file(team=team, data=data, filename="s.csv") == {"created": 1, "updated": 0, "events": 2}
    preview = read_preview(team=team, data=data, filename="s.csv")
    assert preview.counts == {"new": 0, "update": 0, "unchanged": 1, "conflict": 0, "error": 0}
    assert import_file(team=team, data=data, filename="s.csv") == {"created": 0, "updated": 0, "events": 0}
    assert (Situation.objects.count(), Event.objects.count()) == (1, 2)


def test_a_later_version_of_the_sheet_adds_the_new_events_only(team):
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    later = GOOD_ROW.replace("absent;;;", "absent;30/04/2024;sans_contact;").replace("Dupré", "Dupré-Martin")
    preview = read_preview(team=team, data=sheet(later), filename="s.csv")
    assert preview.counts["update"] == 1
    assert preview.summary()["details"][0]["added"] == ["Clôture (Sans contact) du 30/04/2024"]
    import_file(team=team, data=sheet(later), filename="s.csv")
    situation = Situation.objects.get()
    assert situation.events.count() == 3
    assert situation.closed_on == dt.date(2024, 4, 30)
    assert situation.tenant_last_name == "Dupré"  # identity fields are not overwritten


def test_an_event_recorded_in_the_app_is_not_added_twice(team):
    situation = good_row_situation(team)
    EventFactory(
        situation=situation,
        kind=EventKind.LETTER,
        occurred_on=dt.date(2024, 3, 4),
        recipient=Recipient.TENANT,
        channel=Channel.SMS,
    )
    preview = read_preview(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    assert [event.kind for event in preview.rows[0].new_events] == [EventKind.VISIT]


# --- Bad input: line, column, French, and nothing written for the row ---------------------------------------


def errors_of(team, data: bytes) -> list[str]:
    return [str(error) for error in read_preview(team=team, data=data, filename="s.csv").errors]


BAD_ROWS = [
    (
        GOOD_ROW.replace("01/03/2024", "31/02/2024"),
        "Ligne 3, colonne « date_reception » : « 31/02/2024 » est une date qui n'existe pas.",
    ),
    (
        GOOD_ROW.replace("1 234,56", "beaucoup"),
        "Ligne 3, colonne « montant_dette » : « beaucoup » n'est pas un montant",
    ),
    (
        GOOD_ROW.replace("1 234,56", "-5"),
        "Ligne 3, colonne « montant_dette » : le montant de la dette ne peut pas être négatif",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";30/04/2024;fini;1 234"),
        "Ligne 3, colonne « motif_cloture » : motif de clôture inconnu : « fini »",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";30/04/2024;;1 234"),
        "Ligne 3, colonne « motif_cloture » : la date de clôture est renseignée sans motif",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";;autre;1 234"),
        "Ligne 3, colonne « date_cloture » : le motif de clôture est renseigné sans date",
    ),
    (
        GOOD_ROW.replace("10/03/2024", "02/03/2024"),
        "Ligne 3, colonne « date_visite_1 » : dates dans le désordre : la visite 1 précède le premier courrier",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";20/02/2024;autre;1 234"),
        "Ligne 3, colonne « date_cloture » : dates dans le désordre : la clôture précède la réception",
    ),
    (
        GOOD_ROW.replace(";;;1 234", ";08/03/2024;autre;1 234"),
        "Ligne 3, colonne « date_cloture » : dates dans le désordre : la clôture précède la visite 1",
    ),
    (
        GOOD_ROW.replace("04/03/2024", "28/02/2024"),
        "Ligne 3, colonne « date_premier_courrier » : dates dans le désordre : "
        "le premier courrier précède la réception",
    ),
    (
        GOOD_ROW.replace("10/03/2024", "10/06/2024"),
        "Ligne 3, colonne « date_visite_1 » : la date 10/06/2024 est dans le futur",
    ),
    (
        GOOD_ROW.replace("10/03/2024;absent", ";absent"),
        "Ligne 3, colonne « date_visite_1 » : la date de la visite manque",
    ),
    (
        GOOD_ROW.replace("10/03/2024;absent", "10/03/2024;"),
        "Ligne 3, colonne « resultat_visite_1 » : le résultat de la visite manque",
    ),
    (GOOD_ROW.replace("absent", "peut-être"), "Ligne 3, colonne « resultat_visite_1 » : résultat de visite inconnu"),
    (
        GOOD_ROW.replace("91300;Massy", "75011;Paris"),
        "Ligne 3, colonne « code_postal » : le code postal 75011 n'est pas dans le département 91",
    ),
    (
        GOOD_ROW.replace("91300;Massy", "91300;Évry"),
        "Ligne 3, colonne « commune » : « Évry » ne correspond pas au code postal 91300",
    ),
    (
        GOOD_ROW.replace("91300;Massy", "9130;Massy"),
        "Ligne 3, colonne « code_postal » : le code postal 09130 n'est pas dans le département 91",
    ),
    (GOOD_ROW.replace("Dupré", ""), "Ligne 3, colonne « nom » : valeur obligatoire manquante"),
    (GOOD_ROW.replace("01/03/2024", ""), "Ligne 3, colonne « date_reception » : valeur obligatoire manquante"),
    (
        GOOD_ROW.replace("EM-1", "E" * 51),
        "Ligne 3, colonne « reference » : texte trop long (51 caractères, 50 au plus)",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_each_bad_value_is_reported_with_its_line_and_column_and_the_row_is_not_written(team, row, message):
    data = sheet(GOOD_ROW.replace("EM-1", "EM-0"), row)
    errors = errors_of(team, data)
    assert any(error.startswith(message) for error in errors), errors
    assert all(error.startswith("Ligne 3,") for error in errors)
    import_file(team=team, data=data, filename="s.csv")
    assert list(Situation.objects.values_list("reference", flat=True)) == ["EM-0"]
    assert Event.objects.exclude(situation__reference="EM-0").count() == 0


BAD_FULL_ROWS = [
    ({"date_visite_1": "", "resultat_visite_1": ""}, "date_visite_2", "une visite 2 est renseignée sans visite 1"),
    ({"date_visite_2": "10/02/2024"}, "date_visite_2", "dates dans le désordre : la visite 2 précède la visite 1"),
    ({"date_relance": "20/02/2024"}, "date_relance", "dates dans le désordre : la relance précède la visite 2"),
    ({"date_adhesion": "30/04/2024"}, "date_cloture", "dates dans le désordre : la clôture précède l'adhésion"),
    (
        {"date_contact_bailleur": "15/01/2024"},
        "date_contact_bailleur",
        "dates dans le désordre : le contact du bailleur précède la réception",
    ),
    (
        {"dates_visites_communes": "25/03/2024;28/04/2024"},
        "date_cloture",
        "dates dans le désordre : la clôture précède une visite commune",
    ),
    (
        {"dates_visites_communes": "20/01/2024"},
        "dates_visites_communes",
        "dates dans le désordre : une visite commune précède la réception",
    ),
    (
        {"dates_visites_communes": "25/03/2024;hier"},
        "dates_visites_communes",
        "« hier » n'est pas une date au format jj/mm/aaaa.",
    ),
    ({"date_audience": "10/01/2024"}, "date_audience", "l'audience ne peut pas précéder l'assignation"),
    ({"date_audience": ""}, "date_audience", "la présence à l'audience est renseignée sans date d'audience"),
    (
        {"date_audience": "10/06/2024", "date_cloture": "", "motif_cloture": ""},
        "presence_audience",
        "la présence est renseignée pour une audience à venir",
    ),
    ({"presence_audience": "oui"}, "presence_audience", "présence inconnue (non, seul, avec_juriste) : « oui »"),
    ({"preconisations": "saisine_fsl;loto"}, "preconisations", "préconisation inconnue : « loto »"),
    ({"type_bailleur": "copropriété"}, "type_bailleur", "type de bailleur inconnu : « copropriété »"),
    (
        {"date_assignation": "06/02/2024"},
        "date_premier_courrier",
        "La date 05/02/2024 précède l'assignation (06/02/2024) : vérifiez-la.",
    ),
    ({"date_visite_1": "10/03/1999"}, "date_visite_1", "dates dans le désordre : la visite 1 précède la réception"),
    ({"date_assignation": "03/05/2024"}, "date_assignation", "la date 03/05/2024 est dans le futur"),
]


@pytest.mark.parametrize(("changes", "column", "message"), BAD_FULL_ROWS)
def test_rules_between_columns(team, changes, column, message):
    data = full_sheet(changes)
    assert f"Ligne 2, colonne « {column} » : {message}" in errors_of(team, data)
    assert import_file(team=team, data=data, filename="s.csv")["created"] == 0
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"email": "awa@"}, "email", "adresse e-mail inutilisable (« awa@ ») : non importée"),
        (
            {"telephone": "06 47 70 19 3"},
            "telephone",
            "numéro de téléphone inutilisable (« 06 47 70 19 3 ») : non importé",
        ),
        ({"telephone": "12"}, "telephone", "numéro de téléphone inutilisable (« 12 ») : non importé"),
    ],
)
def test_an_unusable_phone_or_email_is_reported_and_the_row_imported_without_it(team, changes, column, message):
    """One policy with the préfecture's lists: the household's history is not refused for a contact detail."""
    [row] = read_preview(team=team, data=full_sheet(changes), filename="s.csv").rows
    assert not row.errors and [(w.column, w.message) for w in row.warnings] == [(column, message)]
    assert import_file(team=team, data=full_sheet(changes), filename="s.csv")["created"] == 1
    situation = Situation.objects.get()
    assert getattr(situation, {"email": "email", "telephone": "phone"}[column]) == ""


def test_the_sample_row_is_valid(team):
    assert errors_of(team, full_sheet({})) == []


def test_duplicate_references_within_the_file_refuse_every_copy(team):
    errors = errors_of(team, sheet(GOOD_ROW, GOOD_ROW.replace("Élise", "Elise"), GOOD_ROW.replace("EM-1", "EM-2")))
    assert errors == [
        "Ligne 2, colonne « reference » : la référence EM-1 apparaît aussi ligne 3",
        "Ligne 3, colonne « reference » : la référence EM-1 apparaît aussi ligne 2",
    ]


def test_missing_required_columns_stop_the_whole_file(team, coordinator):
    data = b"reference;nom\nEM-1;Dupont\n"
    preview = read_preview(team=team, data=data, filename="s.csv")
    assert [str(e) for e in preview.errors] == [
        "Ligne 1, colonne « date_reception » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « adresse » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « code_postal » : colonne obligatoire absente de l'en-tête",
        "Ligne 1, colonne « commune » : colonne obligatoire absente de l'en-tête",
    ]
    assert not preview.can_commit
    batch, _preview = batch_upload(team=team, data=data, filename="s.csv", user=coordinator)  # to its column step
    assert "Ligne 1, colonne « adresse » : colonne obligatoire absente de l'en-tête" in batch.summary["problems"]
    with pytest.raises(ImportFileError, match="colonne « adresse » : colonne obligatoire absente"):
        batch_commit(batch=batch, user=coordinator)


def test_a_column_given_twice_stops_the_whole_file(team):
    header = "reference;date_reception;nom;adresse;code_postal;commune;Commune\n"
    assert errors_of(team, sheet("EM-1;01/03/2024;Dupré;4 rue Pasteur;91300;Massy;Massy", header=header)) == [
        "Ligne 1, colonne « Commune » : cette colonne apparaît deux fois dans l'en-tête"
    ]


def test_a_header_without_rows_is_reported(team):
    assert errors_of(team, b"reference;date_reception;nom;adresse;code_postal;commune\n;;;;;\n") == [
        "Ligne 1, colonne « reference » : aucune ligne de données sous l'en-tête"
    ]


def test_headers_ignore_case_accents_and_unknown_columns_are_reported(team):
    header = "Référence;Date Réception;NOM;Adresse;Code postal;Commune;Observations\n"
    preview = read_preview(
        team=team, data=sheet("EM-1;01/03/2024;Dupré;4 rue Pasteur;91300;Massy;RAS", header=header), filename="s.csv"
    )
    assert (preview.counts["new"], preview.ignored_columns) == (1, ["Observations"])


def test_blank_lines_above_the_header_are_skipped(team):
    preview = read_preview(team=team, data=b"\n;;\n" + sheet(GOOD_ROW), filename="s.csv")
    assert (preview.errors, [row.line for row in preview.rows]) == ([], [4])


def test_blank_lines_are_skipped_and_line_numbers_stay_the_files(team):
    data = sheet("", GOOD_ROW, ";;;;;;;;;;;;;", GOOD_ROW.replace("EM-1", "EM-2").replace("absent", "?"))
    assert errors_of(team, data) == [
        "Ligne 5, colonne « resultat_visite_1 » : résultat de visite inconnu (absent, rencontre, refus, parti, npai, "
        "indecent) : « ? »"
    ]


def test_windows_1252_and_comma_separated_files_are_read(team):
    data = (
        "reference,date_reception,nom,adresse,code_postal,commune\nEM-1,01/03/2024,Müller,4 rue Pasteur,91300,Massy\n"
    )
    preview = read_preview(team=team, data=data.encode("cp1252"), filename="s.csv")
    assert preview.rows[0].situation_fields["tenant_last_name"] == "Müller"


def test_a_pdf_renamed_xlsx_is_refused_in_french_and_nothing_is_written(team, coordinator):
    with pytest.raises(ImportFileError, match="« liste.xlsx » est un PDF, pas un tableur"):
        batch_upload(team=team, data=b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", filename="liste.xlsx", user=coordinator)
    assert not ImportBatch.objects.exists() and counts() == (0, 0, 0)


def test_a_file_over_the_size_limit_is_refused(team, settings):
    settings.PREVEX_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ImportFileError, match="dépasse la taille maximale de 1 Mo"):
        read_preview(team=team, data=b"x" * (1024 * 1024 + 1), filename="gros.csv")


# --- Scale -------------------------------------------------------------------------------------------------


def many_rows(count: int) -> bytes:
    return sheet(*(GOOD_ROW.replace("EM-1", f"EM-{number}") for number in range(count)))


def test_the_number_of_queries_does_not_grow_with_the_rows(team):
    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            import_file(team=team, data=data, filename="s.csv")
        return len(captured)

    small = queries(many_rows(20))
    Situation.objects.all().delete()
    assert queries(many_rows(400)) == small


# --- Whatever is typed in a cell, validating the row does not crash ----------------------------------------

CONTEXT = SheetContext.build(
    "91",
    [
        Commune(insee_code="91377", name="Massy", departement="91", postal_codes="91300"),
        Commune(insee_code="91027", name="Athis-Mons", departement="91", postal_codes="91200"),
    ],
    TODAY,
)
cell = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.sampled_from(["", "absent", "rencontre", "seul", "autre", "SCI", "91300", "Massy", "1 234,56", "01/03/2024"]),
    st.dates(),
    st.datetimes(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(st.sampled_from(COLUMNS), cell))
def test_no_cell_content_makes_the_row_validation_crash(changes):
    plan = validate_row(7, {**FULL_ROW, "date_cloture": "", "motif_cloture": "", **changes}, CONTEXT)
    assert all(error.line == 7 and error.column in COLUMNS and error.message for error in plan.errors)
    assert (plan.decision == Decision.ERROR) == bool(plan.errors)
    if not plan.errors:
        assert plan.situation_fields["commune"] is not None and plan.situation_fields["received_on"] <= TODAY
        assert all(event.occurred_on <= TODAY or event.kind == EventKind.HEARING for event in plan.events)


@settings(deadline=None, max_examples=200)
@given(st.lists(st.text(max_size=20), max_size=len(COLUMNS)))
def test_arbitrary_rows_of_text_never_crash(texts):
    plan = validate_row(2, dict(zip(COLUMNS, texts, strict=False)), CONTEXT)
    assert plan.errors or plan.decision == Decision.NEW


def test_a_row_without_a_postal_code_cell_is_an_error():
    plan = validate_row(2, {**FULL_ROW, "code_postal": None}, CONTEXT)
    assert plan.decision == Decision.ERROR
    assert [(error.column, error.message) for error in plan.errors] == [("code_postal", "valeur obligatoire manquante")]


def test_the_sample_rows_are_valid_against_the_real_communes(team):
    context = SheetContext.for_team(team)
    assert context.postal_codes >= {"91300", "91200", "91000"}
    with time_machine.travel(dt.datetime(2024, 5, 2, 12, tzinfo=dt.UTC), tick=False):
        assert validate_row(2, FULL_ROW, context).errors == []


def test_a_row_of_an_anonymised_situation_is_an_error_and_adds_nothing(team):
    import_file(team=team, data=sheet(GOOD_ROW), filename="s.csv")
    Situation.objects.update(anonymised_on=dt.date(2024, 5, 1), tenant_last_name="ANONYMISÉ", phone="", address="")
    later = GOOD_ROW.replace("absent;;;", "absent;30/04/2024;sans_contact;")
    preview = read_preview(team=team, data=sheet(later), filename="s.csv")
    assert preview.counts == {"new": 0, "update": 0, "unchanged": 0, "conflict": 0, "error": 1}
    assert [str(error) for error in preview.errors] == [
        "Ligne 2, colonne « reference » : la situation EM-1 est anonymisée : elle ne peut plus être mise à jour"
    ]
    assert import_file(team=team, data=sheet(later), filename="s.csv") == {"created": 0, "updated": 0, "events": 0}
    situation = Situation.objects.get()
    assert (situation.events.count(), situation.closed_on, situation.phone) == (2, None, "")


def test_a_joint_visit_date_listed_twice_gives_two_visits_and_reimports_unchanged(team):
    data = full_sheet({"dates_visites_communes": "25/03/2024;25/03/2024;02/04/2024"})
    assert errors_of(team, data) == []
    import_file(team=team, data=data, filename="s.csv")
    situation = Situation.objects.get()
    assert situation.events.filter(kind=EventKind.VISIT, is_joint=True).count() == 3
    assert situation.joint_visit_count == 3
    assert read_preview(team=team, data=data, filename="s.csv").counts["unchanged"] == 1


def test_the_imported_presence_belongs_to_the_sheets_hearing(team):
    import_file(team=team, data=full_sheet(), filename="s.csv")
    presence = Event.objects.get(kind=EventKind.HEARING)
    assert (presence.hearing_on, presence.occurred_on, presence.hearing_presence) == (
        dt.date(2024, 4, 10),
        dt.date(2024, 4, 10),
        HearingPresence.WITH_JURISTE,
    )
