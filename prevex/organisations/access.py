"""Who may use a view. Every view starts with one of these; team isolation lives in the querysets.

The decorators check an action of the matrix in `permissions.py` and put the user's membership on the
request (views work within that team). The actions behind the views are team work: an account without a
team (the platform's administrator included) is refused, whatever the matrix says of it.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from prevex.organisations.permissions import Action, can


def action_required(action: str):
    if action not in Action.values:
        raise ValueError(f"unknown action {action!r}: add it to permissions.MATRIX")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
            if membership is None or not can(request.user, action):
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapper.prevex_action = action  # read by the tests that tie views to the matrix
        return wrapper

    return decorator


# The name the issue gives it: a team member allowed this action of the matrix.
permission_required_for_team = action_required

# The names the views have used from the start, each an action of the matrix.
case_worker_required = action_required(Action.WORK_ON_SITUATIONS)
coordinator_required = action_required(Action.MANAGE_TEAM)
member_required = action_required(Action.VIEW_BILAN)
