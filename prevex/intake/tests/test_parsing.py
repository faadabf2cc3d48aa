"""Headers, names, addresses and the layout of a sheet, then properties: no input crashes the importer or
half-writes an import."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.imports.identity import address_key, name_key
from prevex.imports.layout import read_layout
from prevex.imports.reading import ImportFileError, Table, read_table
from prevex.intake.prefecture import services
from prevex.intake.prefecture.decisions import DECISIONS
from prevex.intake.prefecture.fields import CATALOGUE
from prevex.intake.prefecture.rows import split_full_name
from prevex.situations.models import Situation


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("CP", "postal_code"),
        ("C.P.", "postal_code"),
        ("Code postal", "postal_code"),
        ("DATE AUD.", "hearing_date"),
        ("Date d'audience", "hearing_date"),
        ("Date de l'audience", "hearing_date"),
        ("Nom locataire", "tenant_last_name"),
        ("NOM DU LOCATAIRE", "tenant_last_name"),
        ("Nom", "tenant_last_name"),
        ("Prénom", "tenant_first_name"),
        ("N° procédure EXPLOC", "reference"),
        ("Réf.", "reference"),
        ("Montant de la dette (€)", "debt_amount"),
        ("Dette", "debt_amount"),
        ("TYPE PROP.", "landlord_kind"),
        ("Propriétaire", "landlord_name"),
        ("Ville", "commune"),
        ("Tél.", "phone"),
        ("E-mail", "email"),
        ("Date assign.", "assignation_date"),
        ("Nom Prénom", "tenant_full_name"),
        ("Connu MDS", "social_services_known"),
    ],
)
def test_headers_are_recognised_whatever_their_spelling(header, field):
    assert CATALOGUE.match_header(header)[0] == field


@pytest.mark.parametrize("header", ["", "Loyer mensuel", "Commissaire de justice", "Date de notification", "Obs."])
def test_other_headers_are_left_unmapped(header):
    assert CATALOGUE.match_header(header) is None


def test_each_field_goes_to_one_column_the_exact_name_first():
    assert CATALOGUE.suggest_mapping(["Nom loc.", "Nom du locataire", "Adresse", "Adresse"]) == [
        "",
        "tenant_last_name",
        "address",
        "",
    ]


@pytest.mark.parametrize(
    ("full", "last", "first"),
    [
        ("DA SILVA Maria", "DA SILVA", "Maria"),
        ("Maria DA SILVA", "DA SILVA", "Maria"),
        ("Dupont Jean", "Dupont", "Jean"),
        ("Le Gall Anne Marie", "Le Gall", "Anne Marie"),
        ("MARTIN", "MARTIN", ""),
    ],
)
def test_a_full_name_column_is_split(full, last, first):
    assert split_full_name(full) == (last, first)


def test_names_match_in_any_order_without_accents_or_hyphens():
    assert name_key("LEFÈVRE", "Jean-Noël") == name_key("Jean Noel", "Lefevre") == name_key("jean noël", "LEFEVRE")
    assert name_key("Martin", "Léa") != name_key("Martin", "Lea Marie")


def test_addresses_match_with_bis_ter_abbreviations_and_without_flat_details():
    assert address_key("25 bis avenue de la Gare, bât. A, apt 30") == address_key("25B AV. DE LA GARE")
    assert address_key("3 ter place de l'Église") == address_key("3T pl de l eglise")
    assert address_key("25 bis avenue de la Gare") != address_key("25 ter avenue de la Gare")


def test_the_header_is_found_below_a_title_block_and_totals_are_not_rows():
    table = Table(
        rows=[
            ["PRÉFECTURE"],
            ["Assignations de mars"],
            [],
            ["Nom", "Adresse", "CP", "Ville"],
            ["A", "1 rue", "91100", "Corbeil"],
            [],
            ["Total", "", "", ""],
            ["Sous-total", 2],
        ]
    )
    layout = read_layout(table, catalogue=CATALOGUE)
    assert (layout.header_line, len(layout.data), layout.skipped_total_rows) == (4, 1, 2)


def test_a_section_title_merged_across_the_row_is_skipped():
    table = Table(
        rows=[["Nom", "Adresse", "CP"], ["Arrondissement d'Étampes", "", ""], ["A", "1 rue", "91150"]],
        merged=[((1, 0), (1, 2))],
    )
    assert [line for line, _cells in read_layout(table, catalogue=CATALOGUE).data] == [3]


HEADER = "Nom;Prénom;Adresse;CP;Ville;Date assignation;Date audience;Dette;Téléphone\n"
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "91100",
            "Corbeil-Essonnes",
            "31/02/2024",
            "20/05/24",
            "2024-05-20",
            "1 234,56 €",
            "=SUM(A1)",
            "-5",
            "",
            "TOTAL",
            "0612345678",
            "bis",
            "\u00a0",
            "1e400",
            "NaN",
        ]
    ),
)
row = st.lists(cell, min_size=0, max_size=11).map(lambda cells: ";".join(c.replace(";", ",") for c in cells))


def as_csv(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(r.replace("\n", " ").replace("\r", " ").replace('"', "") for r in rows)).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_any_rows_get_exactly_one_decision_each_and_never_crash(essonne, rows):
    try:
        preview = services.preview_list(team=essonne, data=as_csv(rows), filename="liste.csv")
    except ImportFileError:
        return  # e.g. no data row under the header: a French message, not a crash
    counts = preview.counts()
    assert counts["rows"] == sum(counts[key] for key in DECISIONS) == len(preview.rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_read_or_refused_in_french(data):
    try:
        table = read_table(data, "liste.xlsx")
        read_layout(table, catalogue=CATALOGUE)
    except ImportFileError as error:
        assert error.messages and all(isinstance(message, str) and message for message in error.messages)


class Rollback(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=6))
def test_a_commit_writes_exactly_the_new_rows_or_nothing(essonne, coordinator, rows):
    try:
        with transaction.atomic():
            try:
                batch = services.batch_upload(
                    team=essonne,
                    data=as_csv(rows),
                    filename="liste.csv",
                    user=coordinator,
                    received_on=dt.date(2024, 3, 18),
                )
            except ImportFileError:
                raise Rollback from None
            expected = batch.summary["new"]
            services.batch_commit(batch=batch, user=coordinator)
            assert Situation.objects.filter(import_batch=batch).count() == expected
            assert Situation.objects.count() == expected
            raise Rollback
    except Rollback:
        pass
    assert not Situation.objects.exists()
