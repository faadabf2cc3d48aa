"""How the journal names an account (`prevex/audit/presenters.py`): « le compte de Claire Lemaître »."""

from django.utils.translation import gettext as _

from prevex.accounts.models import User
from prevex.audit.presenters import Target, describes


@describes("accounts.user")
def accounts(entries, viewer) -> dict[int, Target]:
    ids = {int(entry.target_id) for entry in entries if entry.target_id.isdigit()}
    names = {str(user.pk): str(user) for user in User.objects.filter(pk__in=ids)}
    return {entry.pk: _account(entry.target_id, names, viewer) for entry in entries}


def _account(target_id: str, names: dict[str, str], viewer) -> Target:
    if target_id == str(getattr(viewer, "pk", "")):
        return Target(_("votre compte"))
    if target_id not in names:
        return Target(_("un compte supprimé"))
    return Target(_("le compte de %(name)s") % {"name": names[target_id]})
