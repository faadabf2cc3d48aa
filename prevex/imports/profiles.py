"""Saved column mappings (`MappingProfile`), per team and kind of file: found by the file's header, saved from
the column step, deleted by a coordinator. Every pipeline with a column step uses these."""

from django.db import transaction
from django.utils.translation import gettext as _

from prevex.audit.models import AuditAction, AuditEntry
from prevex.imports.columns import IGNORED, Catalogue
from prevex.imports.layout import Layout
from prevex.imports.models import ImportBatch, MappingProfile
from prevex.imports.reading import ImportFileError


def profile_for(team, kind: str, layout: Layout) -> MappingProfile | None:
    """The most recently saved profile whose headers start the file's header row."""
    signature = layout.signature
    for profile in MappingProfile.objects.filter(team=team, kind=kind).order_by("-updated_at"):
        if signature[: len(profile.headers)] == profile.headers:
            return profile
    return None


def named_profile(team, kind: str, name: str) -> MappingProfile:
    profile = MappingProfile.objects.filter(team=team, kind=kind, name=name).first()
    if profile is None:
        raise ImportFileError(_("Aucun profil « %(name)s » pour cette équipe.") % {"name": name})
    return profile


def mapping_for(layout: Layout, profile: MappingProfile | None, catalogue: Catalogue) -> list[str]:
    """The profile's mapping, else the suggestion from the headers; one field (or IGNORED) per column."""
    mapping = list(profile.mapping) if profile else catalogue.suggest_mapping(layout.headers)
    return (mapping + [IGNORED] * len(layout.headers))[: len(layout.headers)]


def profile_save(
    *, batch: ImportBatch, name: str, layout: Layout, mapping: list[str], user, codes: dict | None = None
) -> MappingProfile:
    profile, created = MappingProfile.objects.update_or_create(
        team=batch.team,
        kind=batch.kind,
        name=name[:100],
        defaults={"headers": layout.signature, "mapping": mapping, "codes": codes or {}, "created_by": user},
    )
    AuditEntry.log(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=profile,
        team=batch.team,
        details={"import": str(batch.public_id), "fields": ["headers", "mapping", *(["codes"] if codes else [])]},
    )
    return profile


@transaction.atomic
def profile_delete(*, profile: MappingProfile, user) -> None:
    AuditEntry.log(actor=user, action=AuditAction.DELETE, target=profile, team=profile.team)
    profile.delete()
