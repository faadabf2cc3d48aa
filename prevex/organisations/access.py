"""Who may do what. Every view starts with one of these; team isolation lives in the querysets."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def _membership(user):
    return getattr(user, "membership", None) if user.is_authenticated else None


def case_worker_required(view):
    """Members of a team who work on its situations (coordinators, social workers, juristes)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = _membership(request.user)
        if membership is None or not membership.works_on_cases:
            raise PermissionDenied
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = _membership(request.user)
        if membership is None or not membership.is_coordinator:
            raise PermissionDenied
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper


def member_required(view):
    """Any member of a team, funders included (aggregated figures only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = _membership(request.user)
        if membership is None:
            raise PermissionDenied
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper
