def membership(request):
    """The current user's membership (or None), for the navigation."""
    user = getattr(request, "user", None)
    return {"membership": getattr(user, "membership", None) if user and user.is_authenticated else None}
