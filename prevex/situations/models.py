import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prevex.core.text import normalize
from prevex.organisations.permissions import Action, can, may_change_event
from prevex.situations.enums import (
    CdpRegime,
    Channel,
    ClosureReason,
    Decision,
    EventKind,
    HearingOutcome,
    HearingPresence,
    LandlordKind,
    ProcedureAct,
    Recipient,
    SocialServicesCheck,
    Stage,
    VisitOutcome,
)
from prevex.situations.state import milestone_annotations

# A hearing this close with nobody reached yet is an emergency.
URGENT_HEARING_DAYS = 15

postal_code_validator = RegexValidator(r"^\d{5}$", _("Un code postal a 5 chiffres."))


class SituationQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(team=team)

    def visible_by(self, user):
        """The situations a user may open: those of their team, if the matrix lets them work on situations."""
        membership = getattr(user, "membership", None)
        if membership is None or not can(user, Action.WORK_ON_SITUATIONS):
            return self.none()
        return self.filter(team_id=membership.team_id)

    def open(self):
        return self.filter(closed_on__isnull=True)

    def in_caseload(self):
        """Without the households the Département's social services already follow: not the team's target."""
        return self.exclude(social_services=SocialServicesCheck.KNOWN)

    def awaiting_social_services_check(self):
        return self.filter(social_services=SocialServicesCheck.TO_CHECK)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def hearing_within(self, days: int, *, today: dt.date):
        return self.filter(hearing_date__gte=today, hearing_date__lte=today + dt.timedelta(days=days))

    def urgent_q(self, *, today: dt.date) -> models.Q:
        """Open, no contact with the tenant, a hearing within URGENT_HEARING_DAYS (`Situation.is_urgent`)."""
        return models.Q(
            closed_on__isnull=True,
            has_tenant_contact=False,
            hearing_date__gte=today,
            hearing_date__lte=today + dt.timedelta(days=URGENT_HEARING_DAYS),
        )

    def hearing_passed(self, *, today: dt.date):
        """Situations whose hearing is past with no presence recorded for it: to record, or to close (the cached
        `current_hearing_recorded`, kept by the writer whenever the timeline or the hearing date changes)."""
        return self.filter(hearing_date__lt=today, current_hearing_recorded=False)

    def followed_by(self, user):
        return self.filter(referents__user=user)

    def search(self, text: str):
        """Name, address, reference or commune; accents, case and punctuation ignored."""
        words = normalize(text).split()
        query = self
        for word in words:
            query = query.filter(search_text__contains=word)
        return query

    def with_milestones(self, as_of: dt.date | None = None):
        return self.annotate(**milestone_annotations(as_of))

    def refresh_states(self) -> int:
        """Recompute the cached state columns of these situations from their timelines, in bulk (the writer's
        `refresh_states`)."""
        from prevex.situations.services.cache import refresh_states

        return refresh_states(self)

    def by_hearing_date(self):
        return self.order_by(models.F("hearing_date").asc(nulls_last=True), "tenant_last_name", "id")


class Situation(models.Model):
    """A household summoned to court for unpaid rent, followed by a team."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Not indexed alone: every index of the situations' queries starts with the team (each index costs every write).
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="situations", db_index=False)
    reference = models.CharField(_("référence"), max_length=50)
    received_on = models.DateField(_("date de réception"))

    tenant_last_name = models.CharField(_("nom du locataire"), max_length=150)
    tenant_first_name = models.CharField(_("prénom du locataire"), max_length=150, blank=True)
    other_tenants = models.CharField(
        _("autres locataires en titre"), max_length=300, blank=True, help_text=_("Co-titulaires du bail.")
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    address = models.CharField(_("adresse"), max_length=300)
    postal_code = models.CharField(_("code postal"), max_length=5, validators=[postal_code_validator])
    # Indexed in Meta: a foreign key to a text key would get a second, LIKE-pattern index nobody uses.
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+", db_index=False)
    sector = models.ForeignKey(
        "organisations.Sector", on_delete=models.SET_NULL, null=True, blank=True, related_name="situations"
    )

    landlord_name = models.CharField(_("bailleur"), max_length=200, blank=True)
    landlord_kind = models.CharField(_("type de bailleur"), max_length=20, choices=LandlordKind.choices, blank=True)

    assignation_date = models.DateField(_("date de l'assignation"), null=True, blank=True)
    court = models.CharField(_("tribunal"), max_length=200, blank=True)
    hearing_date = models.DateField(_("date d'audience"), null=True, blank=True)
    # The hearing dates this one replaced (postponements), kept by `save`: a presence may still be recorded
    # for them (`hearings`).
    earlier_hearing_dates = models.JSONField(_("audiences précédentes"), default=list, blank=True, editable=False)
    debt_amount = models.DecimalField(
        _("montant de la dette"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recommendations = models.JSONField(_("préconisations"), default=list, blank=True)
    social_services = models.CharField(
        _("suivi par les services sociaux"),
        max_length=10,
        choices=SocialServicesCheck.choices,
        blank=True,
        default=SocialServicesCheck.UNCHECKED,
    )
    # The day the social services' answer (known or not) was recorded; empty while there is none. The bilan
    # as of an earlier date does not count a household found followed later.
    social_services_checked_on = models.DateField(_("réponse des services sociaux le"), null=True, blank=True)

    # Where the situation came from, when it was imported (the préfecture's list or a tracking sheet).
    import_batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="situations"
    )
    import_row = models.PositiveIntegerField(_("ligne du fichier importé"), null=True, blank=True)
    # Set when retention or an erasure request removed the personal data; the figures stay.
    anonymised_on = models.DateField(_("anonymisée le"), null=True, blank=True)

    # Cache of the state derived from the timeline; see `refresh_state`.
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices, blank=True, default=Stage.TO_CONTACT)
    is_accompanied = models.BooleanField(_("accompagné"), default=False)
    has_tenant_contact = models.BooleanField(_("contact du locataire"), default=False)
    first_contact_on = models.DateField(_("premier contact le"), null=True, blank=True)
    first_contact_channel = models.CharField(
        _("canal du premier contact"), max_length=10, choices=Channel.choices, blank=True
    )
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    closure_reason = models.CharField(_("motif de clôture"), max_length=30, choices=ClosureReason.choices, blank=True)
    last_event_on = models.DateField(_("dernier événement"), null=True, blank=True)
    has_landlord_contact = models.BooleanField(_("contact du bailleur"), default=False)
    joint_visit_count = models.PositiveIntegerField(_("visites communes"), default=0)
    hearing_attended = models.BooleanField(_("présent à l'audience"), default=False)
    hearing_with_juriste = models.BooleanField(_("présent à l'audience avec la juriste"), default=False)
    current_hearing_recorded = models.BooleanField(_("présence notée pour l'audience en cours"), default=False)

    search_text = models.TextField(editable=False, default="")
    # Who the situation is about, normalised (prevex/situations/households.py): how an import finds it.
    household_key = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = _("situation")
        constraints = [
            models.UniqueConstraint(fields=["team", "reference"], name="unique_situation_reference_per_team"),
            models.CheckConstraint(
                condition=models.Q(debt_amount__isnull=True) | models.Q(debt_amount__gte=0),
                name="situation_debt_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["commune"], name="situation_commune_idx"),
            models.Index(fields=["team", "received_on"]),
            models.Index(fields=["team", "stage"]),
            models.Index(fields=["team", "household_key"], name="situation_household_idx"),
            # Serves the list, its search and Aujourd'hui: open situations of a team in hearing order,
            # with `search_text LIKE '%…%'` tested in the index rather than in the table.
            models.Index(
                fields=["team", "closed_on", "hearing_date", "search_text", "tenant_last_name"],
                name="situation_list_idx",
            ),
            # The list's default page (open situations in `by_hearing_date` order) read in index order; the
            # search text in it lets SQLite test a search's `LIKE '%…%'` before reading the row. PostgreSQL
            # answers the search with a trigram index on `search_text` (migration 0006, docs/performance.md).
            models.Index(
                fields=["team", "hearing_date", "tenant_last_name", "id", "search_text"],
                condition=models.Q(closed_on__isnull=True),
                name="situation_open_order_idx",
            ),
            # Aujourd'hui's count of the open situations whose hearing is past with no presence recorded, read
            # from the index alone.
            models.Index(
                fields=["team", "closed_on", "hearing_date", "social_services"],
                condition=models.Q(anonymised_on__isnull=True, current_hearing_recorded=False),
                name="situation_hearing_passed_idx",
            ),
            # Aujourd'hui from the index alone: each task's situation tested (open, not anonymised, in the caseload:
            # PostgreSQL hashes the team's open situations from it rather than reading 30,000 rows of the table),
            # and the hearings to come counted, urgent ones apart (`closed_on`, always null here, because the count's
            # FILTER names it: PostgreSQL reads only columns of the index for an index-only scan; docs/performance.md).
            models.Index(
                fields=["team", "hearing_date", "social_services", "has_tenant_contact", "closed_on", "id"],
                condition=models.Q(anonymised_on__isnull=True, closed_on__isnull=True),
                name="situation_open_caseload_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.tenant_display_name}"

    def save(self, *args, **kwargs):
        """Only the writer (prevex/situations/services) saves a situation; the search text and the household
        key follow its fields."""
        from prevex.situations.households import stored_household_key
        from prevex.situations.services.cache import search_text

        self.search_text = search_text(self)
        self.household_key = stored_household_key(self)
        extra = {"search_text", "household_key"}
        if self._remember_postponed_hearing(kwargs.get("update_fields")):
            extra.add("earlier_hearing_dates")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *extra}
        super().save(*args, **kwargs)
        self._loaded_hearing_date = self.hearing_date

    def get_absolute_url(self) -> str:
        return reverse("situations:detail", args=[self.public_id])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_hearing_date = instance.__dict__.get("hearing_date")
        return instance

    def _remember_postponed_hearing(self, update_fields) -> bool:
        """Keep the hearing date being replaced (a postponement) among the earlier ones; True if it changed."""
        loaded = getattr(self, "_loaded_hearing_date", None)
        if update_fields is not None and "hearing_date" not in update_fields:
            return False
        if loaded is None or loaded == self.hearing_date or loaded.isoformat() in self.earlier_hearing_dates:
            return False
        self.earlier_hearing_dates = sorted({*self.earlier_hearing_dates, loaded.isoformat()})
        return True

    def hearings(self, *, until: dt.date | None = None) -> list[dt.date]:
        """The procedure's hearings, initial and postponed ones (on or before `until`), in date order."""
        days = {dt.date.fromisoformat(day) for day in self.earlier_hearing_dates}
        if self.hearing_date:
            days.add(self.hearing_date)
        if self.pk:
            days.update(event.hearing_day for event in self.events.filter(kind=EventKind.HEARING))
        return sorted(day for day in days if until is None or day <= until)

    @property
    def tenant_display_name(self) -> str:
        return f"{self.tenant_last_name.upper()} {self.tenant_first_name}".strip()

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def days_before_hearing(self, today: dt.date | None = None) -> int | None:
        if self.hearing_date is None:
            return None
        return (self.hearing_date - (today or timezone.localdate())).days

    def is_urgent(self, today: dt.date | None = None) -> bool:
        days = self.days_before_hearing(today)
        return (
            not self.is_closed and not self.has_tenant_contact and days is not None and 0 <= days <= URGENT_HEARING_DAYS
        )

    def refresh_state(self) -> None:
        """Recompute the cached state columns from the timeline (the writer's `refresh_state`)."""
        from prevex.situations.services.cache import refresh_state

        refresh_state(self)


class SituationReferent(models.Model):
    """The person in charge of a situation for one partner organisation."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="referents")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referent_of")

    class Meta:
        verbose_name = _("référent")
        constraints = [
            models.UniqueConstraint(fields=["situation", "organisation"], name="one_referent_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} : {self.user}"


class EventQuerySet(models.QuerySet):
    def chronological(self):
        return self.order_by("occurred_on", "id")

    def timeline(self):
        return self.select_related("author", "organisation").order_by("-occurred_on", "-id")


class Event(models.Model):
    """A dated fact of a situation's life: the source of truth of its state."""

    # Not indexed alone: the index (situation, kind, occurred_on) starts with it.
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    recipient = models.CharField(_("destinataire"), max_length=10, choices=Recipient.choices, blank=True)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, blank=True)
    visit_outcome = models.CharField(
        _("résultat de la visite"), max_length=10, choices=VisitOutcome.choices, blank=True
    )
    is_joint = models.BooleanField(_("visite commune des deux partenaires"), default=False)
    hearing_presence = models.CharField(
        _("présence à l'audience"), max_length=15, choices=HearingPresence.choices, blank=True
    )
    # The hearing a presence belongs to (a procedure may have several, when one is postponed).
    hearing_on = models.DateField(_("audience du"), null=True, blank=True)
    # Who else attended (the tenant's presence and the juriste's: `hearing_presence`, read by the bilan).
    social_worker_present = models.BooleanField(_("travailleur social présent"), default=False)
    hearing_outcome = models.CharField(
        _("issue de l'audience"), max_length=15, choices=HearingOutcome.choices, blank=True
    )
    postponed_to = models.DateField(_("renvoyée au"), null=True, blank=True)
    closure_reason = models.CharField(_("motif de clôture"), max_length=30, choices=ClosureReason.choices, blank=True)
    act = models.CharField(_("acte"), max_length=20, choices=ProcedureAct.choices, blank=True)
    # The CDP regime the juriste forces on a commandement de payer (blank: read from the lease's dates).
    cdp_regime = models.CharField(
        _("délai du commandement de payer"), max_length=10, choices=CdpRegime.choices, blank=True
    )
    # A judgment's decision; its amounts are the household's personal data (blanked by anonymisation).
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices, blank=True)
    decision_months = models.PositiveSmallIntegerField(_("délais accordés (mois)"), null=True, blank=True)
    decision_instalment = models.DecimalField(
        _("mensualité (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    occupation_indemnity = models.DecimalField(
        _("indemnité d'occupation mensuelle (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("commentaire"), blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    # What a user records (and may correct) of an event; the rest is attribution.
    DATA_FIELDS = [
        "kind",
        "occurred_on",
        "recipient",
        "channel",
        "visit_outcome",
        "is_joint",
        "hearing_presence",
        "hearing_on",
        "social_worker_present",
        "hearing_outcome",
        "postponed_to",
        "closure_reason",
        "act",
        "cdp_regime",
        "decision",
        "decision_months",
        "decision_instalment",
        "occupation_indemnity",
        "note",
    ]

    class Meta:
        verbose_name = _("événement")
        indexes = [models.Index(fields=["situation", "kind", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.CLOSURE) | ~models.Q(closure_reason=""),
                name="closure_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.VISIT) | ~models.Q(visit_outcome=""),
                name="visit_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.HEARING) | ~models.Q(hearing_presence=""),
                name="hearing_has_presence",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.PROCEDURE_ACT) | ~models.Q(act=""),
                name="procedure_act_has_act",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on:%d/%m/%Y})"

    def is_editable_by(self, user) -> bool:
        """Its author, or a colleague allowed to correct it (the matrix's event actions)."""
        return may_change_event(user, self)

    @property
    def hearing_day(self) -> dt.date:
        """The hearing this presence belongs to (events recorded before `hearing_on` existed: their date)."""
        return self.hearing_on or self.occurred_on
