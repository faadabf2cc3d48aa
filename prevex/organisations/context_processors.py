from django.utils.functional import SimpleLazyObject

from prevex.organisations.permissions import allowed_actions


def membership(request):
    """The current user's membership (or None), and what the matrix allows them (`can.import_files`…), for
    the navigation."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "membership": getattr(user, "membership", None) if authenticated else None,
        "can": SimpleLazyObject(lambda: allowed_actions(user) if authenticated else {}),
    }
