"""Who may write a situation now: the lock every writer takes, and the refusal of anonymised situations."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from prevex.situations.models import Situation

ANONYMISED_MESSAGE = gettext_lazy(
    "Cette situation est anonymisée : elle ne peut plus être modifiée ni complétée (événement, référents, import)."
)


class SituationAnonymised(PermissionDenied):
    """An anonymised situation is read-only: what is written on it again would never be erased, since
    retention and erasure skip the situations already anonymised."""

    def __init__(self, situation: Situation):
        super().__init__(str(ANONYMISED_MESSAGE))
        self.situation = situation


def check_writable(situation: Situation) -> None:
    """Raise SituationAnonymised if the situation is anonymised (check it on a locked, fresh row)."""
    if situation.anonymised_on:
        raise SituationAnonymised(situation)


def locked(situation: Situation) -> Situation:
    """The situation, locked until the transaction ends (its timeline changes one writer at a time), and still
    writable (raises SituationAnonymised, or Situation.DoesNotExist if an import undo removed it meanwhile)."""
    fresh = Situation.objects.select_for_update().get(pk=situation.pk)
    check_writable(fresh)
    return fresh


def lock_situations(situations) -> list[int]:
    """Lock several situations (a queryset) until the transaction ends, in the one order every writer of
    several situations uses, by pk: two transactions locking the same rows in different orders can deadlock.
    Returns their pks."""
    return list(situations.select_for_update().order_by("pk").values_list("pk", flat=True))
