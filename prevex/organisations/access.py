"""Who may use a view. Every view starts with one of these; team isolation lives in the querysets.

The decorators check an action of the matrix in `permissions.py` and put the user's membership on the
request (views work within that team).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from prevex.organisations.permissions import Action, can


def action_required(action: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
            if membership is None or not can(request.user, action):
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# The names the views have used from the start, each an action of the matrix.
case_worker_required = action_required(Action.WORK_ON_SITUATIONS)
coordinator_required = action_required(Action.MANAGE_TEAM)
member_required = action_required(Action.VIEW_BILAN)
