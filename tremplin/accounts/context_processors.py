from django.utils.functional import SimpleLazyObject


def memberships(request):
    """The active memberships of the user, for the navigation (one query, only when used)."""

    def load():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return list(user.memberships.active().select_related("organisation"))

    return {"my_memberships": SimpleLazyObject(load)}
