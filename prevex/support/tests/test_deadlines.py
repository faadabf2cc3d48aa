"""The deadline engine against hand-worked examples (each expected date counted on a calendar, with the French
public holidays of the year; the comment says how)."""

import datetime as dt

import pytest

from prevex.support.deadlines import (
    SIX_WEEKS,
    TWO_MONTHS,
    Acts,
    Deadline,
    DeadlineInputError,
    acts_from_json,
    add_months,
    compute_deadlines,
    extended_to_working_day,
    jex_delay_bounds,
    next_deadline,
    out_of_winter_truce,
    working_days_before,
)

D = dt.date.fromisoformat


def deadline(acts: Acts, deadline_id: str) -> Deadline | None:
    return next((found for found in compute_deadlines(acts) if found.id == deadline_id), None)


def ids(acts: Acts) -> list[str]:
    return [found.id for found in compute_deadlines(acts)]


# CPC 641: month arithmetic ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-03-15", 2, "2024-05-15"),  # same day number
        ("2025-01-31", 1, "2025-02-28"),  # no 31 February: last day of the month
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-12-31", 2, "2025-02-28"),  # across the year
        ("2024-11-15", 2, "2025-01-15"),
        ("2024-02-29", 12, "2025-02-28"),  # one year from 29 February
    ],
)
def test_a_delay_in_months_ends_on_the_same_day_number_or_the_last_day_of_the_month(start, months, expected):
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-05-15", "2025-05-15"),  # a Thursday: unchanged
        ("2025-03-15", "2025-03-17"),  # Saturday → Monday
        ("2025-03-16", "2025-03-17"),  # Sunday → Monday
        ("2025-05-01", "2025-05-02"),  # Thursday 1 May (fête du travail) → Friday
        ("2022-11-11", "2022-11-14"),  # Friday 11 November, then a weekend → Monday
        ("2024-07-14", "2024-07-15"),  # Sunday and 14 July → Monday
    ],
)
def test_cpc_642_extends_to_the_next_working_day(day, expected):
    assert extended_to_working_day(D(day)) == D(expected)


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        ("2025-03-14", 5, "2025-03-07"),  # Fri: Thu 13, Wed 12, Tue 11, Mon 10, Fri 7
        ("2025-05-13", 5, "2025-05-05"),  # Tue: Mon 12, Fri 9, (Thu 8 May), Wed 7, Tue 6, Mon 5
        ("2025-05-09", 5, "2025-04-30"),  # Fri: (8 May), 7, 6, 5, Fri 2, (1 May), Wed 30 April
        ("2025-03-14", 15, "2025-02-21"),  # three whole weeks back
    ],
)
def test_working_days_are_counted_back_without_weekends_and_public_holidays(day, count, expected):
    assert working_days_before(D(day), count) == D(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-10-31", "2024-10-31"),  # the day before the trêve
        ("2024-11-01", "2025-04-01"),  # its first day
        ("2024-12-11", "2025-04-01"),
        ("2025-01-15", "2025-04-01"),  # after New Year: 1 April of the same year
        ("2025-03-31", "2025-04-01"),  # its last day
        ("2025-04-01", "2025-04-01"),  # the day it ends
        ("2025-08-04", "2025-08-04"),
    ],
)
def test_the_winter_truce_runs_from_1_november_to_31_march(day, expected):
    assert out_of_winter_truce(D(day)) == D(expected)


# The CDP delay (loi 1989 art. 24 I) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acts", "expected", "regime_said"),
    [
        # A lease running before 29/07/2023 keeps 2 months: 15 March + 2 months.
        (Acts(lease_signed_on=D("2023-07-28"), cdp_served_on=D("2024-03-15")), "2024-05-15", "avant le 29/07/2023"),
        # A lease concluded on 29/07/2023 or later: 6 weeks = 42 days, 15 March + 42 = 26 April (a Friday too).
        (Acts(lease_signed_on=D("2023-07-29"), cdp_served_on=D("2024-03-15")), "2024-04-26", "à partir du 29/07/2023"),
        # Renewed after the law: not settled, 2 months kept and said.
        (
            Acts(lease_signed_on=D("2020-01-10"), lease_renewed_on=D("2024-01-10"), cdp_served_on=D("2024-03-15")),
            "2024-05-15",
            "n'est pas tranchée",
        ),
        # Unknown lease: the shorter, safe delay.
        (Acts(cdp_served_on=D("2024-03-15")), "2024-04-26", "Date du bail inconnue"),
        # The juriste forces the regime, both ways.
        (
            Acts(lease_signed_on=D("2020-01-10"), cdp_regime=SIX_WEEKS, cdp_served_on=D("2024-03-15")),
            "2024-04-26",
            "choisi par le juriste",
        ),
        (
            Acts(lease_signed_on=D("2024-01-10"), cdp_regime=TWO_MONTHS, cdp_served_on=D("2024-03-15")),
            "2024-05-15",
            "choisi par le juriste",
        ),
        # 31 December + 2 months = 28 February.
        (Acts(lease_signed_on=D("2019-05-01"), cdp_served_on=D("2024-12-31")), "2025-02-28", "avant le 29/07/2023"),
        # 15 January + 2 months = Saturday 15 March: not moved to the Monday.
        (Acts(lease_signed_on=D("2019-05-01"), cdp_served_on=D("2025-01-15")), "2025-03-15", "avant le 29/07/2023"),
    ],
)
def test_cdp_end(acts, expected, regime_said):
    found = deadline(acts, "cdp_end")
    assert found.date == D(expected)
    assert regime_said in found.rule
    assert "art. 24 I" in found.article


# Notification of the assignation to the préfet (art. 24 III, Cass. avis 6 Nov 2025) ---------------------------


@pytest.mark.parametrize(
    ("notified", "late"),
    [
        ("2025-01-30", False),  # 43 days before the hearing of Friday 14 March 2025
        ("2025-01-31", False),  # 42 days: the last day allowed
        ("2025-02-01", True),  # 41 days: late, a defence
        (None, False),  # not notified yet: nothing to say
    ],
)
def test_prefet_notice_latest_is_42_days_before_the_hearing(notified, late):
    acts = Acts(
        assignation_served_on=D("2025-01-10"),
        prefet_notified_on=D(notified) if notified else None,
        hearing_on=D("2025-03-14"),
    )
    found = deadline(acts, "prefet_notice_latest")
    assert found.date == D("2025-01-31")
    assert (found.late, found.defence, found.done) == (late, late, notified is not None)
    assert ("irrecevable" in found.rule) is late


@pytest.mark.parametrize(
    ("notified", "said"),
    [("2025-02-01", "soit 41 jours avant l'audience"), ("2025-03-20", "à la date de l'audience ou après")],
)
def test_a_late_notice_says_how_late(notified, said):
    found = deadline(Acts(prefet_notified_on=D(notified), hearing_on=D("2025-03-14")), "prefet_notice_latest")
    assert said in found.rule


def test_prefet_notice_latest_is_never_extended_past_a_public_holiday():
    """Hearing Thursday 12 June 2025 − 42 days = Thursday 1 May, a public holiday: the notification of Friday
    2 May is late (CPC 642 would have allowed it)."""
    acts = Acts(prefet_notified_on=D("2025-05-02"), hearing_on=D("2025-06-12"))
    found = deadline(acts, "prefet_notice_latest")
    assert (found.date, found.late) == (D("2025-05-01"), True)


def test_after_a_renvoi_the_prefet_notice_counts_from_the_first_hearing_and_the_dsf_from_the_new_one():
    acts = Acts(hearing_on=D("2025-03-14"), postponed_hearing_on=D("2025-05-13"))
    assert deadline(acts, "prefet_notice_latest").date == D("2025-01-31")
    assert deadline(acts, "dsf_due").date == D("2025-05-05")  # see the working-days table


# The DSF (décret 2021-8 art. 1) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hearing", "sent", "expected", "late"),
    [
        ("2025-03-14", None, "2025-03-07", False),
        ("2025-03-14", "2025-03-07", "2025-03-07", False),  # on the day
        ("2025-03-14", "2025-03-10", "2025-03-07", True),  # 4 working days before: late
        ("2025-05-09", None, "2025-04-30", False),  # 1 and 8 May skipped
    ],
)
def test_dsf_due_5_working_days_before_the_hearing(hearing, sent, expected, late):
    found = deadline(Acts(hearing_on=D(hearing), dsf_sent_on=D(sent) if sent else None), "dsf_due")
    assert (found.date, found.late, found.done) == (D(expected), late, sent is not None)


def test_dsf_interview_offer_within_15_working_days_of_the_request():
    """Requested Friday 25 April 2025: 28, 29, 30 April, (1 May), 2, 5, 6, 7, (8 May), 9, 12–16, 19, 20 May."""
    assert deadline(Acts(dsf_requested_on=D("2025-04-25")), "dsf_interview_offer_due").date == D("2025-05-20")


def test_dsf_new_offer_15_working_days_before_the_hearing():
    assert deadline(Acts(hearing_on=D("2025-03-14")), "dsf_new_offer_from").date == D("2025-02-21")


# Appeal (CPC 538, 641, 642) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("served", "expected", "extended"),
    [
        ("2025-04-15", "2025-05-15", False),  # Thursday 15 May
        ("2025-02-15", "2025-03-17", True),  # Saturday 15 March → Monday 17
        ("2025-04-01", "2025-05-02", True),  # Thursday 1 May, public holiday → Friday 2
        ("2022-10-11", "2022-11-14", True),  # Friday 11 November, then the weekend → Monday 14
        ("2024-06-14", "2024-07-15", True),  # Sunday 14 July → Monday 15
        ("2025-01-31", "2025-02-28", False),  # no 31 February: Friday 28
    ],
)
def test_appeal_end_one_month_after_service_extended_to_a_working_day(served, expected, extended):
    found = deadline(Acts(judgment_served_on=D(served)), "appeal_end")
    assert found.date == D(expected)
    assert ("prorogé" in found.rule) is extended
    assert "538" in found.article


def test_no_appeal_end_without_the_service_of_the_judgment():
    assert "appeal_end" not in ids(Acts(judgment_on=D("2025-04-11")))


# CQL, trêve and the earliest eviction (CPCE L412-1, L412-6) ----------------------------------------------------


@pytest.mark.parametrize(
    ("cql", "cql_end", "earliest", "truce"),
    [
        ("2025-06-03", "2025-08-03", "2025-08-04", False),  # June: 2 months end in August, outside the trêve
        ("2024-10-10", "2024-12-10", "2025-04-01", True),  # October: ends in the trêve → 1 April
        ("2024-08-30", "2024-10-30", "2024-10-31", False),  # the day before the trêve
        ("2024-08-31", "2024-10-31", "2025-04-01", True),  # the day after is 1 November
        ("2024-12-31", "2025-02-28", "2025-04-01", True),  # month end, within the trêve
        ("2025-01-31", "2025-03-31", "2025-04-01", False),  # the day after is 1 April anyway
    ],
)
def test_cql_end_and_earliest_eviction(cql, cql_end, earliest, truce):
    acts = Acts(cql_served_on=D(cql))
    assert deadline(acts, "cql_end").date == D(cql_end)
    found = deadline(acts, "earliest_eviction")
    assert found.date == D(earliest)
    assert ("trêve hivernale" in found.rule) is truce


@pytest.mark.parametrize(
    ("cql", "earliest", "warned"),
    [
        ("2024-06-14", "2024-08-15", True),  # 15 August, public holiday: the judge's leave is needed
        ("2023-10-10", "2024-04-01", True),  # 1 April 2024 was Easter Monday
        ("2025-06-09", "2025-08-10", True),  # a Sunday
        ("2025-06-08", "2025-08-09", False),  # a Saturday: allowed
        ("2025-06-03", "2025-08-04", False),  # a Monday
    ],
)
def test_earliest_eviction_warns_of_a_sunday_or_a_public_holiday(cql, earliest, warned):
    found = deadline(Acts(cql_served_on=D(cql)), "earliest_eviction")
    assert found.date == D(earliest)
    assert ("jour férié" in found.rule) is warned


@pytest.mark.parametrize(
    ("until", "earliest"),
    [
        ("2025-07-31", "2025-08-04"),  # the JEX delay ends before the CQL delay: the CQL delay rules
        ("2025-09-30", "2025-10-01"),  # it ends later: the day after it
        ("2025-10-31", "2026-04-01"),  # the day after is 1 November: the trêve
    ],
)
def test_a_jex_delay_pushes_the_earliest_eviction(until, earliest):
    acts = Acts(cql_served_on=D("2025-06-03"), jex_decided_on=D("2025-06-10"), jex_delay_until=D(until))
    assert deadline(acts, "earliest_eviction").date == D(earliest)
    assert deadline(acts, "jex_delay_end").date == D(until)


# JEX bounds (CPCE L412-4) -------------------------------------------------------------------------------------


def test_jex_delay_bounds_are_one_month_and_one_year():
    assert jex_delay_bounds(D("2025-01-31")) == (D("2025-02-28"), D("2026-01-31"))


@pytest.mark.parametrize(
    ("until", "accepted"),
    [
        ("2025-02-27", False),  # a day short of 1 month
        ("2025-02-28", True),  # 1 month (31 January + 1 month)
        ("2026-01-31", True),  # 1 year
        ("2026-02-01", False),  # a day over 1 year
    ],
)
def test_a_jex_delay_outside_its_bounds_is_refused(until, accepted):
    data = {"cql_served_on": "2025-01-10", "jex_decided_on": "2025-01-31", "jex_delay_until": until}
    if accepted:
        assert acts_from_json(data).jex_delay_until == D(until)
    else:
        with pytest.raises(DeadlineInputError, match="1 mois à 1 an"):
            acts_from_json(data)


# CFP (CPCE R153-1) --------------------------------------------------------------------------------------------


def test_cfp_silence_is_a_refusal_after_two_months_unless_answered():
    acts = Acts(cql_served_on=D("2024-11-20"), cfp_requested_on=D("2025-01-31"))
    assert deadline(acts, "cfp_implicit_refusal").date == D("2025-03-31")
    answered = Acts(cql_served_on=D("2024-11-20"), cfp_requested_on=D("2025-01-31"), cfp_answered_on=D("2025-02-20"))
    assert deadline(answered, "cfp_implicit_refusal") is None


# The whole procedure ------------------------------------------------------------------------------------------

WHOLE = Acts(
    lease_signed_on=D("2023-09-01"),
    cdp_served_on=D("2024-09-16"),
    assignation_served_on=D("2025-01-10"),
    prefet_notified_on=D("2025-01-20"),
    hearing_on=D("2025-03-14"),
    judgment_on=D("2025-04-11"),
    judgment_served_on=D("2025-04-15"),
    cql_served_on=D("2025-06-03"),
)


def test_the_deadlines_of_a_whole_procedure_in_date_order():
    assert [(found.id, found.date) for found in compute_deadlines(WHOLE)] == [
        ("cdp_end", D("2024-10-28")),  # 16 September + 42 days
        ("prefet_notice_latest", D("2025-01-31")),
        ("dsf_new_offer_from", D("2025-02-21")),
        ("dsf_due", D("2025-03-07")),
        ("appeal_end", D("2025-05-15")),
        ("cql_end", D("2025-08-03")),
        ("earliest_eviction", D("2025-08-04")),
    ]


def test_no_acts_no_deadlines():
    assert compute_deadlines(Acts()) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2024-10-01", "cdp_end"),
        ("2024-10-28", "cdp_end"),  # its last day: still running
        ("2024-10-29", "dsf_new_offer_from"),  # prefet_notice_latest is done: the notification is recorded
        ("2025-03-08", "appeal_end"),
        ("2025-08-04", "earliest_eviction"),
        ("2025-08-05", None),
    ],
)
def test_next_deadline(today, expected):
    found = next_deadline(compute_deadlines(WHOLE), D(today))
    assert (found.id if found else None) == expected


# Reading acts from JSON ---------------------------------------------------------------------------------------


def test_acts_from_json_reads_dates_and_takes_null_as_absent():
    acts = acts_from_json({"hearing_on": "2025-03-14", "judgment_on": None, "cdp_regime": "two_months"})
    assert acts == Acts(hearing_on=D("2025-03-14"), cdp_regime=TWO_MONTHS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hearing_on": "2025-02-30"}, "Date invalide pour « hearing_on » : « 2025-02-30 »"),
        ({"hearing_on": "14/03/2025"}, "Date invalide"),
        ({"hearing_on": "20250314"}, "Date invalide"),
        ({"hearing_on": 20250314}, "Date invalide"),
        ({"hearing_on": ""}, "Date invalide"),
        ({"audience": "2025-03-14"}, "Clé inconnue : « audience »"),
        ({"cdp_regime": "trois_mois"}, "Régime du commandement de payer inconnu"),
        ({"cdp_regime": 6}, "six_weeks ou two_months"),
        (["2025-03-14"], "objet JSON"),
        ({"assignation_served_on": "2025-03-14", "hearing_on": "2025-03-13"}, "postérieure à l'assignation"),
        ({"assignation_served_on": "2025-03-14", "hearing_on": "2025-03-14"}, "postérieure à l'assignation"),
        ({"lease_signed_on": "2024-01-10", "cdp_served_on": "2024-01-09"}, "signature du bail"),
        ({"lease_signed_on": "2024-01-10", "lease_renewed_on": "2023-01-10"}, "reconduction du bail"),
        ({"assignation_served_on": "2025-01-10", "prefet_notified_on": "2025-01-09"}, "notification au préfet"),
        ({"hearing_on": "2025-03-14", "postponed_hearing_on": "2025-03-14"}, "audience de renvoi"),
        ({"hearing_on": "2025-03-14", "judgment_on": "2025-03-13"}, "Le jugement ne peut précéder l'audience."),
        ({"postponed_hearing_on": "2025-05-13", "judgment_on": "2025-04-11"}, "audience de renvoi"),
        ({"judgment_on": "2025-04-11", "judgment_served_on": "2025-04-10"}, "signification du jugement ne peut"),
        ({"judgment_served_on": "2025-04-15", "cql_served_on": "2025-04-14"}, "quitter les lieux ne peut précéder"),
        ({"jex_requested_on": "2025-07-01", "jex_decided_on": "2025-06-30"}, "précéder sa saisine"),
        ({"jex_decided_on": "2025-07-01", "jex_delay_until": "2025-07-01"}, "finir après sa décision"),
        ({"cql_served_on": "2025-06-03", "cfp_requested_on": "2025-06-02"}, "réquisition de la force publique"),
        ({"cfp_requested_on": "2025-08-04", "cfp_answered_on": "2025-08-03"}, "réponse du préfet"),
    ],
)
def test_acts_from_json_refuses_in_french(data, message):
    with pytest.raises(DeadlineInputError) as refused:
        acts_from_json(data)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "data",
    [
        {"judgment_on": "2025-03-14", "hearing_on": "2025-03-14"},  # judged at the hearing
        {"judgment_served_on": "2025-04-15", "cql_served_on": "2025-04-15"},  # CQL in the act of service
        {"assignation_served_on": "2025-01-10", "prefet_notified_on": "2025-01-10"},
        {"prefet_notified_on": "2025-03-20", "hearing_on": "2025-03-14"},  # after the hearing: late, not impossible
    ],
)
def test_acts_from_json_accepts_possible_same_day_and_late_acts(data):
    assert acts_from_json(data) == Acts(**{key: D(value) for key, value in data.items()})


def test_acts_from_json_reports_every_problem_at_once():
    with pytest.raises(DeadlineInputError) as refused:
        acts_from_json({"hearing_on": "demain", "audience": "2025-03-14", "judgment_on": "2025-13-01"})
    assert len(refused.value.messages) == 3
