from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import CENTRE_ROLES, Role

# The staff spaces, in navigation order: (URL name, label, roles that open it).
SPACES = (
    ("centre:dashboard", _("Espace centre"), set(CENTRE_ROLES)),
    ("prescriber:dashboard", _("Espace prescripteur"), {Role.PRESCRIBER}),
    ("federation:dashboard", _("Espace fédération"), {Role.FEDERATION_ANALYST}),
)


def spaces_for(memberships) -> list[dict]:
    roles = {membership.role for membership in memberships}
    return [
        {"url": reverse(name), "label": label}
        for name, label, space_roles in SPACES
        if roles & space_roles
    ]


def memberships(request):
    """The active memberships of the user and the spaces they open (one query, when used)."""

    def load():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return list(user.memberships.active().select_related("organisation"))

    my_memberships = SimpleLazyObject(load)
    return {
        "my_memberships": my_memberships,
        "my_spaces": SimpleLazyObject(lambda: spaces_for(my_memberships)),
    }
