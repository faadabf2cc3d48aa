"""The walking order of a round, from addresses as typed: street, complement, number, then the order."""

import datetime as dt

import pytest

from prevex.outreach.rounds.walking import Stop, complement_of, parse_address, street_key, walking_order

D = dt.date
HEARING = D(2024, 6, 1)


@pytest.mark.parametrize(
    ("address", "street", "complement", "key", "number", "suffix"),
    [
        ("12 rue des Lilas", "12 rue des Lilas", "", "rue des lilas", 12, ""),
        (
            "12 bis rue des Lilas, Bât. B, 3e étage",
            "12 bis rue des Lilas",
            "Bât. B, 3e étage",
            "rue des lilas",
            12,
            "bis",
        ),
        ("12, rue des Lilas, porte 4", "12 rue des Lilas", "porte 4", "rue des lilas", 12, ""),
        (
            "Résidence Les Pins, 4 allée Jean Moulin",
            "4 allée Jean Moulin",
            "Résidence Les Pins",
            "allee jean moulin",
            4,
            "",
        ),
        ("7B av. de la République", "7B av. de la République", "", "avenue de la republique", 7, "b"),
        ("3 Bd Saint-Michel", "3 Bd Saint-Michel", "", "boulevard saint michel", 3, ""),
        ("10-12 pl. du Marché", "10-12 pl. du Marché", "", "place du marche", 10, ""),
        ("Lieu-dit La Ferme, escalier 2", "Lieu-dit La Ferme", "escalier 2", "lieu dit la ferme", None, ""),
        ("", "", "", "", None, ""),
    ],
)
def test_an_address_splits_into_its_street_and_its_complement(address, street, complement, key, number, suffix):
    parsed = parse_address(address)
    assert (parsed.street, parsed.complement, parsed.street_key, parsed.number, parsed.suffix) == (
        street,
        complement,
        key,
        number,
        suffix,
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("av. de la République", "Avenue de la Republique"),
        ("r. Victor Hugo", "RUE VICTOR-HUGO"),
        ("rue St Jacques", "rue Saint-Jacques"),
        ("imp. des Roses", "impasse des roses"),
    ],
)
def test_two_spellings_of_one_street_are_one_street(one, other):
    assert street_key(one) == street_key(other)


def test_the_complement_is_what_follows_the_street():
    assert complement_of("5 rue Pasteur, 2e étage gauche, porte 21") == "2e étage gauche, porte 21"


def stop(key, address, commune="Massy", hearing=HEARING):
    return Stop(key=key, commune=commune, address=address, hearing_date=hearing)


def test_a_street_is_walked_up_its_odd_side_and_back_down_its_even_side():
    stops = [
        stop("8", "8 rue Pasteur"),
        stop("3", "3 rue Pasteur"),
        stop("2", "2 rue Pasteur"),
        stop("11", "11 r. Pasteur"),
        stop("3bis", "3 bis rue Pasteur"),
        stop("none", "Rue Pasteur, local vélo"),
        stop("1", "1 RUE PASTEUR, apt 4"),
    ]
    assert [s.key for s in walking_order(stops)] == ["1", "3", "3bis", "11", "8", "2", "none"]


def test_communes_and_streets_come_most_urgent_hearing_first():
    stops = [
        stop("evry-late", "1 rue A", commune="Évry", hearing=D(2024, 7, 1)),
        stop("massy-b", "2 rue B", hearing=D(2024, 6, 20)),
        stop("massy-a-late", "5 rue A", hearing=D(2024, 6, 30)),
        stop("massy-a-urgent", "9 rue A", hearing=D(2024, 5, 20)),
        stop("evry-urgent", "3 rue C", commune="Evry", hearing=D(2024, 5, 25)),
        stop("athis-none", "1 rue Z", commune="Athis-Mons", hearing=None),
    ]
    # Massy holds the most urgent hearing (20/05), then Évry (25/05; accents ignored), then no hearing date.
    # In Massy, rue A (its urgent 20/05) before rue B; rue A walked in number order whatever the hearings.
    assert [s.key for s in walking_order(stops)] == [
        "massy-a-late",
        "massy-a-urgent",
        "massy-b",
        "evry-urgent",
        "evry-late",
        "athis-none",
    ]


def test_equal_urgency_is_broken_by_names_so_the_order_is_stable():
    stops = [stop("z", "1 rue Zola"), stop("a", "1 rue Arago"), stop("b", "1 rue Arago", commune="Antony")]
    assert [s.key for s in walking_order(stops)] == ["b", "a", "z"]
    assert [s.key for s in walking_order(list(reversed(stops)))] == ["b", "a", "z"]
