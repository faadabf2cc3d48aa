"""The people in charge of a situation, one per partner organisation."""

from collections import defaultdict

from django.db import transaction

from prevex.audit.models import AuditAction, AuditEntry
from prevex.core.bulk import insert_rows
from prevex.organisations.models import SectorAssignee
from prevex.situations.models import Situation, SituationReferent
from prevex.situations.services.locks import locked


@transaction.atomic
def referents_set(*, situation: Situation, chosen: dict, author) -> None:
    """Set the person in charge for each organisation ({organisation: user or None}), all or nothing."""
    locked(situation)
    for organisation, user in chosen.items():
        if user is None:
            SituationReferent.objects.filter(situation=situation, organisation=organisation).delete()
        else:
            SituationReferent.objects.update_or_create(
                situation=situation, organisation=organisation, defaults={"user": user}
            )
    referents = {organisation.name: str(user) if user else None for organisation, user in chosen.items()}
    AuditEntry.log(actor=author, action=AuditAction.UPDATE, target=situation, details={"referents": referents})


def default_referents_create(team, situations: list[tuple[int, int | None]]) -> int:
    """Each new situation, given as (pk, sector id), gets its sector's default people in charge, one per
    organisation, in one bulk insert."""
    if not any(sector_id for _pk, sector_id in situations):
        return 0
    assignees = defaultdict(list)
    for sector_id, organisation_id, user_id in SectorAssignee.objects.filter(sector__team=team).values_list(
        "sector_id", "organisation_id", "user_id"
    ):
        assignees[sector_id].append({"organisation_id": organisation_id, "user_id": user_id})
    rows = [{"situation_id": pk, **assignee} for pk, sector_id in situations for assignee in assignees[sector_id]]
    return insert_rows(SituationReferent, rows)
