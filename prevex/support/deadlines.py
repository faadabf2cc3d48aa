"""The legal deadline engine of an eviction procedure for unpaid rent: from the dates of the acts, every date a
juriste needs, each with the rule and the article it comes from (issue 12 §4; docs/procedure.md).

Pure on purpose: no database, no clock (today is a parameter), so that the same dates come out of the situation
page, the "Aujourd'hui" page and `manage.py legal_deadlines`, and so that each rule is tested against
hand-worked examples. The rules follow `domain.md` §1 as corrected by `domain-corrections.md` (Dec 2026).

How delays are counted (code de procédure civile, CPC):
- a delay in days or weeks starts the day after the act (CPC 641 al. 1: the day of the act does not count), so a
  6-week delay ends 42 days after the act, on the same weekday;
- a delay in months ends on the same day number of the last month, or on that month's last day when it has no
  such day (CPC 641 al. 2): `add_months`;
- a procedural delay that would end on a Saturday, a Sunday or a public holiday is extended to the next working
  day (CPC 642 al. 2): `extended_to_working_day`. Only the appeal delay is extended here. A delay counted back
  from a hearing is never extended (Cass. 3e civ., avis 6 Nov 2025, n° 25-70.018), and the waiting delays (CDP,
  CQL, CFP silence) are given as the texts state them; each rule says which case it is.
- *jours ouvrés* are the days from Monday to Friday that are not French public holidays (metropolitan calendar
  of the `holidays` library; the extra days of Alsace-Moselle are not counted).
"""

import datetime as dt
import json
import re
from calendar import monthrange
from dataclasses import dataclass, fields

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.public_holidays import is_public_holiday

# Loi n° 2023-668 du 27 juillet 2023, in force on 29 July 2023: the CDP delay of leases concluded from that day.
LAW_2023_IN_FORCE = dt.date(2023, 7, 29)
SIX_WEEKS = "six_weeks"
TWO_MONTHS = "two_months"
CDP_REGIMES = (SIX_WEEKS, TWO_MONTHS)
PREFET_NOTICE_DAYS = 42  # loi 1989 art. 24 III: "au moins six semaines avant l'audience"
DSF_DUE_WORKING_DAYS = 5  # décret 2021-8 art. 1: DSF with the judge 5 jours ouvrés before the hearing
DSF_OFFER_WORKING_DAYS = 15  # décret 2021-8 art. 1: interview proposed within 15 jours ouvrés
APPEAL_MONTHS = 1  # CPC 538
CQL_MONTHS = 2  # CPCE L412-1
JEX_MIN_MONTHS, JEX_MAX_MONTHS = 1, 12  # CPCE L412-4, since loi 2023-668
CFP_SILENCE_MONTHS = 2  # CPCE R153-1
WINTER_TRUCE_END = (3, 31)  # CPCE L412-6: from 1 November to 31 March of the next year

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DeadlineInputError(ValueError):
    """Acts that cannot be read or cannot have happened in that order; `messages` are in French, for the user."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Acts:
    """The dates of the acts of one procedure, each optional (a procedure is recorded as it goes).

    `hearing_on` is the first hearing (the one the préfet's notification is counted from);
    `postponed_hearing_on` the hearing after a *renvoi*, from which the DSF is counted. `jex_delay_until` is the
    last day of the delay granted by the JEX (or by the judgment, CPCE L412-3 al. 2). `cdp_regime` lets the
    juriste force the CDP regime (SIX_WEEKS or TWO_MONTHS) where the lease's dates do not settle it."""

    lease_signed_on: dt.date | None = None
    lease_renewed_on: dt.date | None = None
    cdp_regime: str | None = None
    cdp_served_on: dt.date | None = None
    assignation_served_on: dt.date | None = None
    prefet_notified_on: dt.date | None = None
    dsf_requested_on: dt.date | None = None
    dsf_sent_on: dt.date | None = None
    hearing_on: dt.date | None = None
    postponed_hearing_on: dt.date | None = None
    judgment_on: dt.date | None = None
    judgment_served_on: dt.date | None = None
    cql_served_on: dt.date | None = None
    jex_requested_on: dt.date | None = None
    jex_decided_on: dt.date | None = None
    jex_delay_until: dt.date | None = None
    cfp_requested_on: dt.date | None = None
    cfp_answered_on: dt.date | None = None

    @property
    def current_hearing_on(self) -> dt.date | None:
        """The hearing that will judge the case: the postponed one when there was a *renvoi*."""
        return self.postponed_hearing_on or self.hearing_on


@dataclass(frozen=True)
class Deadline:
    """One computed date. `late`: the act this deadline governs was recorded after it. `done`: that act is
    recorded (in time or not), so the deadline is no longer ahead of anyone. `defence`: the lateness is a
    procedural defect the juriste may raise (an *irrecevabilité*)."""

    id: str
    date: dt.date
    rule: str
    article: str
    label: str
    late: bool = False
    done: bool = False
    defence: bool = False


# Calendar arithmetic ------------------------------------------------------------------------------------------


def add_months(start: dt.date, months: int) -> dt.date:
    """CPC 641 al. 2: a delay of `months` ends on the day of the last month with the same number as the day of
    the act, or on the last day of that month when it has none (31 January + 1 month = 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, monthrange(year, month)[1]))


def is_working_day(day: dt.date) -> bool:
    """A *jour ouvré*: Monday to Friday, not a public holiday. It is also the day a delay extended by CPC 642 may
    end on, since 642 excludes Saturdays, Sundays and public holidays."""
    return day.weekday() < 5 and not is_public_holiday(day)


def extended_to_working_day(day: dt.date) -> dt.date:
    """CPC 642 al. 2: a delay that would end on a Saturday, a Sunday or a public holiday is extended to the next
    working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The `count`-th *jour ouvré* before `day`, `day` excluded (décret 2021-8: "5 jours ouvrés avant
    l'audience" is the 5th working day counted back from the hearing)."""
    return _count_working_days(day, count, step=-1)


def working_days_after(day: dt.date, count: int) -> dt.date:
    """The `count`-th *jour ouvré* after `day`, `day` excluded (CPC 641 al. 1: the day of the act does not
    count)."""
    return _count_working_days(day, count, step=1)


def _count_working_days(day: dt.date, count: int, step: int) -> dt.date:
    while count:
        day += dt.timedelta(days=step)
        count -= is_working_day(day)
    return day


def in_winter_truce(day: dt.date) -> bool:
    """CPCE L412-6: no forced eviction from 1 November to 31 March of the next year (the *trêve hivernale*)."""
    return day.month >= 11 or day <= dt.date(day.year, *WINTER_TRUCE_END)


def out_of_winter_truce(day: dt.date) -> dt.date:
    """The day itself, or 1 April after the trêve hivernale it falls in (CPCE L412-6)."""
    if not in_winter_truce(day):
        return day
    return dt.date(day.year + 1 if day.month >= 11 else day.year, 4, 1)


def jex_delay_bounds(decided_on: dt.date) -> tuple[dt.date, dt.date]:
    """CPCE L412-4 (loi 2023-668): the delay the JEX grants lasts at least 1 month and at most 1 year; the
    shortest and the longest last days of a delay granted on `decided_on` (months counted per CPC 641)."""
    return add_months(decided_on, JEX_MIN_MONTHS), add_months(decided_on, JEX_MAX_MONTHS)


def _fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# The rules, one function each ----------------------------------------------------------------------------------


def cdp_regime(acts: Acts) -> tuple[str, str]:
    """The CDP regime and, in French, why: loi 1989 art. 24 I gives 6 weeks to leases concluded from 29 July 2023;
    the leases running on that day keep the 2 months of their clause (Cass. 3e civ., avis 13 June 2024,
    n° 24-70.002). A tacit renewal after that day is not settled (the ANIL says 6 weeks): 2 months are kept, the
    juriste may force the regime. An unknown lease date gives the shorter delay, the one that is safe for the
    tenant's payment."""
    if acts.cdp_regime:
        return acts.cdp_regime, _("Régime choisi par le juriste.")
    if acts.lease_signed_on is None:
        return SIX_WEEKS, _("Date du bail inconnue : le délai le plus court (6 semaines) est retenu par prudence.")
    if acts.lease_signed_on >= LAW_2023_IN_FORCE:
        return SIX_WEEKS, _("Bail conclu le %(signed)s, à partir du 29/07/2023 : 6 semaines.") % {
            "signed": _fr(acts.lease_signed_on)
        }
    reason = _("Bail conclu le %(signed)s, avant le 29/07/2023 : il garde les 2 mois de sa clause.") % {
        "signed": _fr(acts.lease_signed_on)
    }
    if acts.lease_renewed_on and acts.lease_renewed_on >= LAW_2023_IN_FORCE:
        reason += " " + _(
            "Il a été reconduit le %(renewed)s : l'ANIL retient alors 6 semaines, la question n'est pas tranchée "
            "(le juriste peut forcer le régime)."
        ) % {"renewed": _fr(acts.lease_renewed_on)}
    return TWO_MONTHS, reason


def cdp_end(acts: Acts) -> Deadline | None:
    """Last day of the delay of the *commandement de payer* (loi 1989 art. 24 I): 6 weeks (42 days) or 2 months
    (CPC 641) after its service, per `cdp_regime`. Not extended to a working day: the tenant is told the earlier,
    safe date."""
    if acts.cdp_served_on is None:
        return None
    regime, reason = cdp_regime(acts)
    if regime == SIX_WEEKS:
        end, delay = acts.cdp_served_on + dt.timedelta(weeks=6), _("6 semaines")
    else:
        end, delay = add_months(acts.cdp_served_on, 2), _("2 mois")
    rule = _(
        "Le locataire a %(delay)s à compter du commandement de payer du %(served)s pour régler la dette ; "
        "à défaut, la clause résolutoire est acquise le lendemain. %(reason)s Date non reportée si elle tombe "
        "un samedi, un dimanche ou un jour férié."
    ) % {"delay": delay, "served": _fr(acts.cdp_served_on), "reason": reason}
    return Deadline(
        id="cdp_end",
        date=end,
        rule=rule,
        article=_("Loi n° 89-462 du 6 juillet 1989, art. 24 I ; CPC art. 641"),
        label=_("Fin du délai du commandement de payer"),
    )


def prefet_notice_latest(acts: Acts) -> Deadline | None:
    """Latest notification of the assignation to the préfet (loi 1989 art. 24 III): at least 6 weeks before the
    hearing, i.e. on or before the hearing minus 42 days, counted back and never extended (Cass. avis 6 Nov 2025,
    n° 25-70.018). A later notification makes the assignation *irrecevable*: flagged as a defence."""
    if acts.hearing_on is None:
        return None
    latest = acts.hearing_on - dt.timedelta(days=PREFET_NOTICE_DAYS)
    notified = acts.prefet_notified_on
    late = notified is not None and notified > latest
    rule = _(
        "L'assignation doit être notifiée au préfet au moins 6 semaines avant l'audience du %(hearing)s, "
        "soit au plus tard le %(latest)s (42 jours comptés à rebours, jamais reportés)."
    ) % {"hearing": _fr(acts.hearing_on), "latest": _fr(latest)}
    if late:
        rule += " " + _late_notice(notified, acts.hearing_on)
        label = _("Notification au préfet tardive : moyen de défense")
    else:
        label = _("Date limite de notification de l'assignation au préfet")
    return Deadline(
        id="prefet_notice_latest",
        date=latest,
        rule=rule,
        article=_(
            "Loi n° 89-462 du 6 juillet 1989, art. 24 III ; Cass. 3e civ., avis du 6 novembre 2025, n° 25-70.018"
        ),
        label=label,
        late=late,
        done=notified is not None,
        defence=late,
    )


def _late_notice(notified: dt.date, hearing: dt.date) -> str:
    days = (hearing - notified).days
    when = (
        _("soit %(days)s jours avant l'audience") % {"days": days}
        if days > 0
        else _("à la date de l'audience ou après")
    )
    return _("Notifiée le %(notified)s, %(when)s : l'assignation est irrecevable, moyen de défense à soulever.") % {
        "notified": _fr(notified),
        "when": when,
    }


def dsf_interview_offer_due(acts: Acts) -> Deadline | None:
    """The DSF organism proposes an interview within 15 *jours ouvrés* of the préfet's request (décret 2021-8
    art. 1), counted from the day after the request."""
    if acts.dsf_requested_on is None:
        return None
    due = working_days_after(acts.dsf_requested_on, DSF_OFFER_WORKING_DAYS)
    return Deadline(
        id="dsf_interview_offer_due",
        date=due,
        rule=_(
            "L'organisme chargé du diagnostic propose un entretien au ménage dans les 15 jours ouvrés qui suivent "
            "la demande du préfet du %(requested)s."
        )
        % {"requested": _fr(acts.dsf_requested_on)},
        article=_("Décret n° 2021-8 du 5 janvier 2021, art. 1"),
        label=_("Proposition d'entretien pour le diagnostic social et financier"),
        done=acts.dsf_sent_on is not None,
    )


def dsf_new_offer_from(acts: Acts) -> Deadline | None:
    """Without an answer from the household 15 *jours ouvrés* before the hearing, the organism may propose the
    interview again (décret 2021-8 art. 1): the day from which that second proposal is made."""
    hearing = acts.current_hearing_on
    if hearing is None:
        return None
    return Deadline(
        id="dsf_new_offer_from",
        date=working_days_before(hearing, DSF_OFFER_WORKING_DAYS),
        rule=_(
            "Sans réponse du ménage 15 jours ouvrés avant l'audience du %(hearing)s, une nouvelle proposition "
            "d'entretien peut lui être faite."
        )
        % {"hearing": _fr(hearing)},
        article=_("Décret n° 2021-8 du 5 janvier 2021, art. 1"),
        label=_("Relance de la proposition d'entretien (DSF)"),
        done=acts.dsf_sent_on is not None,
    )


def dsf_due(acts: Acts) -> Deadline | None:
    """The DSF reaches the judge and the CCAPEX at the latest 5 *jours ouvrés* before the hearing (décret 2021-8
    art. 1; domain-corrections §6): the 5th working day counted back from the hearing that will judge the case
    (the postponed one after a *renvoi*), never extended. `late` when it was sent after that day."""
    hearing = acts.current_hearing_on
    if hearing is None:
        return None
    due = working_days_before(hearing, DSF_DUE_WORKING_DAYS)
    sent = acts.dsf_sent_on
    return Deadline(
        id="dsf_due",
        date=due,
        rule=_(
            "Le diagnostic social et financier parvient au juge et à la CCAPEX au plus tard 5 jours ouvrés avant "
            "l'audience du %(hearing)s (jours fériés exclus)."
        )
        % {"hearing": _fr(hearing)},
        article=_("Décret n° 2021-8 du 5 janvier 2021, art. 1 ; arrêté du 23 août 2022"),
        label=_("Envoi du diagnostic social et financier"),
        late=sent is not None and sent > due,
        done=sent is not None,
    )


def appeal_end(acts: Acts) -> Deadline | None:
    """Last day to appeal the judgment: 1 month after its service (CPC 538), counted per CPC 641 and extended to
    the next working day when it ends on a Saturday, a Sunday or a public holiday (CPC 642). The decision is
    enforceable despite an appeal (exécution provisoire de droit)."""
    if acts.judgment_served_on is None:
        return None
    end = add_months(acts.judgment_served_on, APPEAL_MONTHS)
    extended = extended_to_working_day(end)
    rule = _(
        "L'appel est possible pendant 1 mois à compter de la signification du jugement du %(served)s "
        "(15 jours pour une ordonnance de référé, non calculés ici)."
    ) % {"served": _fr(acts.judgment_served_on)}
    if extended != end:
        rule += " " + _(
            "Le délai finirait le %(end)s, un samedi, un dimanche ou un jour férié : il est prorogé au premier "
            "jour ouvrable suivant."
        ) % {"end": _fr(end)}
    return Deadline(
        id="appeal_end",
        date=extended,
        rule=rule,
        article=_("CPC art. 538, 641 et 642"),
        label=_("Fin du délai d'appel"),
    )


def cql_end(acts: Acts) -> Deadline | None:
    """Last day of the 2-month delay that follows the *commandement de quitter les lieux* (CPCE L412-1), counted
    per CPC 641, not extended: no forced eviction before the day after."""
    if acts.cql_served_on is None:
        return None
    return Deadline(
        id="cql_end",
        date=add_months(acts.cql_served_on, CQL_MONTHS),
        rule=_(
            "Aucune expulsion forcée avant l'expiration d'un délai de 2 mois après le commandement de quitter les "
            "lieux du %(served)s. Le juge peut réduire ou supprimer ce délai, ou le prolonger de 3 mois au plus "
            "(L412-2) ; il est suspendu si le préfet n'a pas été saisi lors du commandement (L412-5)."
        )
        % {"served": _fr(acts.cql_served_on)},
        article=_("CPCE art. L412-1, L412-2 et L412-5 ; CPC art. 641"),
        label=_("Fin du délai du commandement de quitter les lieux"),
    )


def jex_delay_end(acts: Acts) -> Deadline | None:
    """Last day of the delay granted by the JEX (CPCE L412-3, L412-4): between 1 month and 1 year after the
    decision, renewable. No forced eviction before the day after."""
    if acts.jex_delay_until is None:
        return None
    rule = _("Délai accordé par le juge de l'exécution jusqu'au %(until)s, renouvelable.") % {
        "until": _fr(acts.jex_delay_until)
    }
    if acts.jex_decided_on:
        shortest, longest = jex_delay_bounds(acts.jex_decided_on)
        rule += " " + _(
            "Décidé le %(decided)s : la loi le borne entre le %(shortest)s (1 mois) et le %(longest)s (1 an)."
        ) % {"decided": _fr(acts.jex_decided_on), "shortest": _fr(shortest), "longest": _fr(longest)}
    return Deadline(
        id="jex_delay_end",
        date=acts.jex_delay_until,
        rule=rule,
        article=_("CPCE art. L412-3 et L412-4"),
        label=_("Fin du délai accordé par le juge de l'exécution"),
    )


def earliest_eviction(acts: Acts) -> Deadline | None:
    """The earliest day a forced eviction could happen: the day after `cql_end` (or after the JEX delay when it
    ends later), moved to 1 April when it falls in the trêve hivernale (CPCE L412-6). The préfet's grant of the
    concours de la force publique is still needed; a Sunday or a public holiday needs the judge's leave
    (CPCE L141-1): said in the rule, the date is not moved for it."""
    if acts.cql_served_on is None:
        return None
    earliest = add_months(acts.cql_served_on, CQL_MONTHS) + dt.timedelta(days=1)
    reasons = [_("le lendemain de la fin du délai du commandement de quitter les lieux")]
    if acts.jex_delay_until and acts.jex_delay_until >= earliest:
        earliest = acts.jex_delay_until + dt.timedelta(days=1)
        reasons = [_("le lendemain de la fin du délai accordé par le juge de l'exécution")]
    if in_winter_truce(earliest):
        reasons.append(_("reporté au 1er avril : le %(day)s tombe pendant la trêve hivernale") % {"day": _fr(earliest)})
        earliest = out_of_winter_truce(earliest)
    rule = _(
        "Expulsion forcée possible au plus tôt : %(reasons)s. Il faut encore le concours de la force publique."
    ) % {"reasons": " ; ".join(reasons)}
    if earliest.weekday() == 6 or is_public_holiday(earliest):
        rule += " " + _("Ce jour est un dimanche ou un jour férié : aucune expulsion sans autorisation du juge.")
    return Deadline(
        id="earliest_eviction",
        date=earliest,
        rule=rule,
        article=_("CPCE art. L412-1, L412-3 et L412-6 ; L141-1"),
        label=_("Date la plus proche d'une expulsion forcée"),
    )


def cfp_implicit_refusal(acts: Acts) -> Deadline | None:
    """The préfet's silence for 2 months after the request for the concours de la force publique is a refusal
    (CPCE R153-1); the State's liability to the landlord runs from then (CPCE L153-1). Not computed once the
    préfet has answered."""
    if acts.cfp_requested_on is None or acts.cfp_answered_on is not None:
        return None
    return Deadline(
        id="cfp_implicit_refusal",
        date=add_months(acts.cfp_requested_on, CFP_SILENCE_MONTHS),
        rule=_(
            "Sans réponse du préfet 2 mois après la réquisition de la force publique du %(requested)s, son silence "
            "vaut refus ; la responsabilité de l'État envers le bailleur court à partir de là."
        )
        % {"requested": _fr(acts.cfp_requested_on)},
        article=_("CPCE art. R153-1 et L153-1"),
        label=_("Refus implicite du concours de la force publique"),
    )


RULES = (
    cdp_end,
    prefet_notice_latest,
    dsf_interview_offer_due,
    dsf_new_offer_from,
    dsf_due,
    appeal_end,
    cql_end,
    jex_delay_end,
    earliest_eviction,
    cfp_implicit_refusal,
)


def compute_deadlines(acts: Acts) -> list[Deadline]:
    """Every deadline the acts allow, by date; on the same day, in the order of the procedure (RULES)."""
    found = [deadline for rule in RULES if (deadline := rule(acts)) is not None]
    return sorted(found, key=lambda deadline: deadline.date)  # sorted() is stable: ties keep RULES' order


def next_deadline(deadlines: list[Deadline], today: dt.date) -> Deadline | None:
    """The first deadline from `today` on (today included: it is still running) whose act is not recorded yet
    (`done`), or None. What "Aujourd'hui" and the situation page show."""
    ahead = [deadline for deadline in deadlines if deadline.date >= today and not deadline.done]
    return min(ahead, key=lambda deadline: deadline.date, default=None)


# Reading and checking acts -------------------------------------------------------------------------------------

DATE_FIELDS = tuple(field.name for field in fields(Acts) if field.name != "cdp_regime")

# (earlier, later, strictly): acts that cannot happen in the other order, and why (the French message).
_ORDER = (
    (
        "lease_signed_on",
        "lease_renewed_on",
        False,
        gettext_lazy("La reconduction du bail ne peut précéder sa signature."),
    ),
    (
        "lease_signed_on",
        "cdp_served_on",
        False,
        gettext_lazy("Le commandement de payer ne peut précéder la signature du bail."),
    ),
    ("assignation_served_on", "hearing_on", True, gettext_lazy("L'audience doit être postérieure à l'assignation.")),
    (
        "assignation_served_on",
        "prefet_notified_on",
        False,
        gettext_lazy("La notification au préfet ne peut précéder l'assignation qu'elle transmet."),
    ),
    (
        "hearing_on",
        "postponed_hearing_on",
        True,
        gettext_lazy("L'audience de renvoi doit être postérieure à la première audience."),
    ),
    ("hearing_on", "judgment_on", False, gettext_lazy("Le jugement ne peut précéder l'audience.")),
    ("postponed_hearing_on", "judgment_on", False, gettext_lazy("Le jugement ne peut précéder l'audience de renvoi.")),
    (
        "judgment_on",
        "judgment_served_on",
        False,
        gettext_lazy("La signification du jugement ne peut précéder le jugement."),
    ),
    (
        "judgment_on",
        "cql_served_on",
        False,
        gettext_lazy("Le commandement de quitter les lieux ne peut précéder le jugement."),
    ),
    (
        "judgment_served_on",
        "cql_served_on",
        False,
        gettext_lazy("Le commandement de quitter les lieux ne peut précéder la signification du jugement."),
    ),
    (
        "jex_requested_on",
        "jex_decided_on",
        False,
        gettext_lazy("La décision du juge de l'exécution ne peut précéder sa saisine."),
    ),
    (
        "jex_decided_on",
        "jex_delay_until",
        True,
        gettext_lazy("Le délai accordé par le juge de l'exécution doit finir après sa décision."),
    ),
    (
        "cql_served_on",
        "cfp_requested_on",
        False,
        gettext_lazy("La réquisition de la force publique ne peut précéder le commandement de quitter les lieux."),
    ),
    (
        "cfp_requested_on",
        "cfp_answered_on",
        False,
        gettext_lazy("La réponse du préfet ne peut précéder la réquisition."),
    ),
)


def validate_acts(acts: Acts) -> None:
    """Refuse the orders of acts that cannot happen (each one's reason is its message), a CDP regime that does
    not exist, and a JEX delay outside the 1 month–1 year of CPCE L412-4."""
    errors = []
    if acts.cdp_regime is not None and acts.cdp_regime not in CDP_REGIMES:
        errors.append(
            _("Régime du commandement de payer inconnu : « %(value)s » (six_weeks ou two_months).")
            % {"value": acts.cdp_regime}
        )
    for earlier, later, strictly, message in _ORDER:
        first, second = getattr(acts, earlier), getattr(acts, later)
        if first and second and (second <= first if strictly else second < first):
            errors.append(str(message))
    if acts.jex_decided_on and acts.jex_delay_until and acts.jex_delay_until > acts.jex_decided_on:
        shortest, longest = jex_delay_bounds(acts.jex_decided_on)
        if not shortest <= acts.jex_delay_until <= longest:
            errors.append(
                _(
                    "Le délai accordé par le juge de l'exécution dure de 1 mois à 1 an : il finit entre le "
                    "%(shortest)s et le %(longest)s, pas le %(until)s."
                )
                % {"shortest": _fr(shortest), "longest": _fr(longest), "until": _fr(acts.jex_delay_until)}
            )
    if errors:
        raise DeadlineInputError(errors)


def _parse_date(key: str, value) -> dt.date:
    """A date written YYYY-MM-DD and nothing else (`date.fromisoformat` would also take 20240315 or 2024-W11)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = f"« {value} »" if isinstance(value, str) else json.dumps(value)
    raise DeadlineInputError(
        [_("Date invalide pour « %(key)s » : %(value)s (format attendu AAAA-MM-JJ).") % {"key": key, "value": shown}]
    )


def acts_from_json(data) -> Acts:
    """The acts of a JSON object (keys of `Acts`, dates YYYY-MM-DD, any key absent or null), checked by
    `validate_acts`. Every problem is reported at once, in French, by a DeadlineInputError."""
    if not isinstance(data, dict):
        raise DeadlineInputError([_('L\'entrée doit être un objet JSON ({"clé": "AAAA-MM-JJ", …}).')])
    errors, values = [], {}
    for key, value in data.items():
        if key == "cdp_regime":
            if value is not None and not isinstance(value, str):
                errors.append(_("« cdp_regime » doit être six_weeks ou two_months."))
            else:
                values[key] = value
        elif key not in DATE_FIELDS:
            errors.append(_("Clé inconnue : « %(key)s ».") % {"key": key})
        elif value is not None:
            try:
                values[key] = _parse_date(key, value)
            except DeadlineInputError as error:
                errors += error.messages
    if errors:
        raise DeadlineInputError(errors)
    acts = Acts(**values)
    validate_acts(acts)
    return acts
