"""Who may use a view. Every team view starts with `action_required(Action.…)`; team isolation lives in the
querysets (`visible_by`, `for_team`), and an action on one object is checked on it (`can(user, action, obj)`).

The decorators check an action of the matrix in `permissions.py` and put the user's membership on the
request (views work within that team). The actions behind the views are team work: an account without a
team (the platform's administrator included) is refused, whatever the matrix says of it.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from prevex.organisations.permissions import Action, can_any


def action_required(*actions: str):
    """A team member whom the matrix allows one of these actions (most views name one)."""
    unknown = [action for action in actions if action not in Action.values]
    if not actions or unknown:
        raise ValueError(f"unknown action {unknown!r}: add it to permissions.MATRIX")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
            if membership is None or not can_any(request.user, actions):
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        # Read by the tests that tie views to the matrix.
        wrapper.prevex_actions = actions
        wrapper.prevex_action = actions[0] if len(actions) == 1 else None
        return wrapper

    return decorator
