from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from prevex.core.bulk import insert_rows


class AuditAction(models.TextChoices):
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    DELETE = "delete", _("Suppression")
    VIEW = "view", _("Consultation")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Connexion")
    LOGIN_FAILED = "login_failed", _("Échec de connexion")
    LOGOUT = "logout", _("Déconnexion")
    LOCKOUT = "lockout", _("Compte verrouillé")
    OTP_ENROL = "otp_enrol", _("Second facteur activé")
    OTP_FAILED = "otp_failed", _("Code de second facteur refusé")
    ANONYMISE = "anonymise", _("Anonymisation")
    UNDO = "undo", _("Annulation d'un import")
    UPLOAD = "upload", _("Fichier déposé (avant confirmation)")
    CANCEL = "cancel", _("Abandon d'un import")
    PURGE = "purge", _("Purge de données")
    PASSWORD_CHANGE = "password_change", _("Mot de passe modifié")
    PASSWORD_RESET = "password_reset", _("Demande de réinitialisation du mot de passe")
    OTP_RESET = "otp_reset", _("Second facteur réinitialisé")
    MEMBERSHIP = "membership", _("Appartenance à une équipe modifiée")


class AppendOnlyError(Exception):
    pass


SITUATION_TYPE = "situations.situation"
# What identifies a household or is free text, wherever a writer puts it in `details` (at the top level or in
# a "before"/"after" change): kept out of the append-only entry. An app that journals another such field adds
# it here; a test checks that every field anonymisation empties is listed.
PERSONAL_KEYS = frozenset(
    {
        "tenant_last_name",
        "tenant_first_name",
        "other_tenants",
        "phone",
        "email",
        "address",
        "landlord_name",
        "note",
        "file",
        "filename",
        # A judgment's amounts (the household's finances: situations' Event.decision_*).
        "decision_months",
        "decision_instalment",
        "occupation_indemnity",
    }
)
CHANGE_KEYS = ("before", "after")


class AuditEntryQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(team=team)

    def about(self, obj):
        """The entries about one object (for a situation: also those about its events)."""
        target_id = str(getattr(obj, "public_id", obj.pk))
        direct = models.Q(target_type=obj._meta.label_lower, target_id=target_id)
        return self.filter(direct | models.Q(details__situation=target_id))

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The audit journal is append-only.")

    def update(self, **kwargs):
        raise AppendOnlyError("The audit journal is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit journal is append-only.")


class AuditEntry(models.Model):
    """One line of the append-only journal: who did what, when, from which organisation."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, null=True, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("objet"), max_length=50)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.target_type} {self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit journal is append-only.")

    @classmethod
    @transaction.atomic
    def purge_older_than(cls, cutoff) -> int:
        """The journal's own retention (`apply_retention`): the only way entries ever leave it. Each team whose
        entries left gets one saying how many: a team's journal then never shrinks without a trace (and the
        imports' watermark, its count of entries, sees the purge)."""
        old = cls.objects.filter(created_at__lt=cutoff)
        per_team = dict(old.exclude(team=None).order_by().values_list("team").annotate(count=models.Count("id")))
        purged = models.QuerySet.delete(old)[1].get(cls._meta.label, 0)  # the entries (their values go along)
        team_type = cls._meta.get_field("team").related_model._meta.label_lower
        cls.objects.bulk_create(
            cls(
                action=AuditAction.PURGE,
                team_id=team_id,
                target_type=team_type,
                target_id=str(team_id),
                details={"journal": count},
            )
            for team_id, count in per_team.items()
        )
        return purged

    @classmethod
    def log(cls, *, actor, action: str, target, details: dict | None = None, team=None) -> "AuditEntry":
        """Append an entry. The personal values in `details` (see PERSONAL_KEYS) are not written in it: the
        entry keeps their field names, and the values go to an AuditValue that anonymisation deletes."""
        membership = getattr(actor, "membership", None) if actor is not None else None
        kept, personal = split_personal(details or {})
        entry = cls.objects.create(
            actor=actor,
            team=team or (membership.team if membership else None),
            organisation=membership.organisation if membership else None,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(getattr(target, "public_id", target.pk)),
            details=kept,
        )
        situation = entry.situation_key()
        if personal and situation:  # values about no situation (none today) are not kept at all
            AuditValue.objects.create(entry=entry, situation=situation, values=personal)
        return entry

    @classmethod
    def log_many(cls, *, actor, team, action: str, target_type: str, entries: list[tuple[str, dict]]) -> int:
        """`log` for many targets of one type ((target id, details) each), the personal values set apart the
        same way: one insert of the entries (`core.bulk`, the fastest) when none has any, else two."""
        membership = getattr(actor, "membership", None) if actor is not None else None
        split = [(target_id, *split_personal(details or {})) for target_id, details in entries]
        if not any(personal for _target, _kept, personal in split):
            common = {
                "actor_id": getattr(actor, "pk", None),
                "organisation_id": membership.organisation_id if membership else None,
                "team_id": team.pk if team else None,
                "action": action,
                "target_type": target_type,
            }
            return insert_rows(
                cls, [{**common, "target_id": str(target_id), "details": kept} for target_id, kept, _p in split]
            )
        created = cls.objects.bulk_create(
            cls(
                actor=actor,
                team=team,
                organisation=membership.organisation if membership else None,
                action=action,
                target_type=target_type,
                target_id=target_id,
                details=kept,
            )
            for target_id, kept, _personal in split
        )
        AuditValue.objects.bulk_create(
            AuditValue(entry=entry, situation=entry.situation_key(), values=personal)
            for entry, (_target, _kept, personal) in zip(created, split, strict=True)
            if personal and entry.situation_key()
        )
        return len(created)

    def situation_key(self) -> str:
        """The public id of the situation the entry is about (directly, or through one of its events)."""
        if self.target_type == SITUATION_TYPE:
            return self.target_id
        return str(self.details.get("situation") or "")

    def full_details(self) -> dict:
        """The details with the personal values, while the situation keeps them (until anonymised)."""
        value = getattr(self, "personal", None) if self.pk else None
        return merge_personal(self.details, value.values if value else {})


class AuditValue(models.Model):
    """The personal values of one journal entry (names, contacts, address, free text), apart from the
    append-only entry: anonymising the situation deletes them (`prevex/audit/privacy.py`), the entry stays."""

    entry = models.OneToOneField(AuditEntry, on_delete=models.CASCADE, related_name="personal")
    situation = models.CharField(max_length=64, db_index=True)  # the situation's public id
    values = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("valeurs personnelles d'une entrée du journal")

    def __str__(self) -> str:
        return f"{self.entry_id} {sorted(self.values)}"


def split_personal(details: dict) -> tuple[dict, dict]:
    """(details without personal values but naming their fields, the personal values)."""
    kept, personal, names = {}, {}, set()
    for key, value in details.items():
        if key in PERSONAL_KEYS:
            personal[key] = value
            names.add(key)
        elif key in CHANGE_KEYS and isinstance(value, dict):
            kept[key] = {name: v for name, v in value.items() if name not in PERSONAL_KEYS}
            hidden = {name: v for name, v in value.items() if name in PERSONAL_KEYS}
            if hidden:
                personal[key] = hidden
                names.update(hidden)
        else:
            kept[key] = value
    if names:
        kept["personal_fields"] = sorted(names)
    return kept, personal


def merge_personal(details: dict, personal: dict) -> dict:
    merged = dict(details)
    for key, value in personal.items():
        merged[key] = {**merged.get(key, {}), **value} if key in CHANGE_KEYS else value
    return merged
