"""The journal's pages as people read them: who did what to which situation, in French (`audit/presenters.py`)."""

import datetime as dt

from django.urls import reverse

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.models import ImportBatch, ImportKind
from prevex.organisations.tests.factories import SectorFactory
from prevex.situations.tests.factories import EventFactory, SituationFactory

JOURNAL = reverse("journal:team_journal")


def _batch(team, **fields):
    return ImportBatch.objects.create(
        team=team,
        kind=ImportKind.PREFECTURE,
        filename="Dupont.csv",
        sha256="0" * 64,
        received_on=dt.date(2024, 3, 18),
        **fields,
    )


def _journal_of_a_day(team, coordinator, social_worker, n=1, first=0):
    """`n` times each kind of entry a team's journal holds."""
    for i in range(first, first + n):
        situation = SituationFactory(team=team, reference=f"91-2024-{i:04d}")
        AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
        change = {"before": {"hearing_date": "2024-05-14"}, "after": {"hearing_date": "2024-05-21"}}
        AuditEntry.log(actor=social_worker, action=AuditAction.UPDATE, target=situation, details=change)
        event = EventFactory(
            situation=situation,
            kind="visit",
            visit_outcome="absent",
            author=social_worker,
            occurred_on=dt.date(2024, 4, 2),
        )
        AuditEntry.log(
            actor=coordinator,
            action=AuditAction.UPDATE,
            target=event,
            details={
                "situation": str(situation.public_id),
                "before": {"note": "x"},
                "after": {"note": "y"},
                "author": social_worker.pk,
            },
        )
        AuditEntry.log(
            actor=coordinator, action=AuditAction.UPDATE, target=social_worker, details={"fields": ["first_name"]}
        )
        AuditEntry.log(actor=coordinator, action=AuditAction.IMPORT, target=_batch(team), team=team)
        AuditEntry.log(actor=coordinator, action=AuditAction.UPDATE, target=team, details={"retention_months": 12})
        AuditEntry.log(actor=coordinator, action=AuditAction.UPDATE, target=SectorFactory(team=team, name=f"Nord {i}"))


def _cells(html: str) -> str:
    return " ".join(html.split())


def test_the_team_journal_speaks_french(client, team, coordinator, social_worker):
    _journal_of_a_day(team, coordinator, social_worker)
    client.force_login(coordinator)
    html = _cells(client.get(JOURNAL).text)
    situation = AuditEntry.objects.filter(target_type="situations.situation").first().target_id
    assert f'<a href="{reverse("situations:detail", args=[situation])}">la situation 91-2024-0000</a>' in html
    assert "date d&#x27;audience" in html  # the field's verbose name
    assert "l&#x27;événement « Visite à domicile du 02/04/2024 » de la situation 91-2024-0000" in html
    assert '(entrée de Sonia Sociale (Tout Azimut))</span></td> <td data-label="Champs">commentaire' in html
    assert "le compte de Sonia Sociale" in html and "prénom" in html
    assert "l&#x27;import du 18/03/2024 (liste de la préfecture)" in html and "Dupont" not in html
    assert "l&#x27;équipe" in html and "le secteur « Nord 0 »" in html
    assert "Claire Coordinatrice" in html and "ADIL 91" in html and "Modification" in html
    for code in (
        "accounts.user",
        "situations.situation",
        "situations.event",
        "imports.importbatch",
        "organisations.team",
    ):
        assert code not in html, code


def test_the_journal_costs_the_same_queries_whatever_its_length(
    client, team, coordinator, social_worker, django_assert_num_queries
):
    client.force_login(coordinator)
    _journal_of_a_day(team, coordinator, social_worker, n=1)
    # The session, the account, its second factor, membership and team; the page's count and entries; one
    # query per type of object named (sector, import, account, situation, event) and for the authors; the
    # header's organisation, the filter's people; the session saved.
    with django_assert_num_queries(19):
        assert client.get(JOURNAL).status_code == 200
    _journal_of_a_day(team, coordinator, social_worker, n=5, first=1)
    with django_assert_num_queries(19):
        assert client.get(JOURNAL).status_code == 200


def test_a_situation_the_reader_may_not_open_is_not_named(client, team, coordinator, other_team_member):
    """One's own history keeps what one did in a former team, without naming that team's situations."""
    theirs = SituationFactory(team=other_team_member.membership.team, reference="93-SECRET")
    AuditEntry.log(actor=coordinator, action=AuditAction.VIEW, target=theirs)
    client.force_login(coordinator)
    content = client.get(reverse("journal:my_history")).content.decode("utf-8-sig")
    assert "une situation" in content and "93-SECRET" not in content


def test_one_s_own_history_speaks_french_and_neutralises_formulas(client, team, coordinator, social_worker):
    situation = SituationFactory(team=team, reference="91-2024-0012")
    AuditEntry.log(actor=social_worker, action=AuditAction.VIEW, target=situation)
    coordinator.first_name, coordinator.last_name = "=HYPERLINK(1)", ""
    coordinator.save()
    AuditEntry.log(actor=coordinator, action=AuditAction.UPDATE, target=social_worker, details={"fields": ["email"]})
    client.force_login(social_worker)
    lines = client.get(reverse("journal:my_history")).content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Date;Personne;Organisation;Action;Objet;Champs;Remarque;Détails techniques"
    assert ";Sonia Sociale;Tout Azimut;Consultation;la situation 91-2024-0012;;;{}" in lines[1]
    assert ";'=HYPERLINK(1);ADIL 91;Modification;votre compte;adresse électronique;;" in lines[2]
    assert not any(";accounts.user;" in line or ";situations.situation;" in line for line in lines)
