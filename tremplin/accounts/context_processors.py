from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import GRANTED_TO, Capability, capabilities_of_memberships

# The staff spaces, in navigation order: (URL name, label, capability that opens it).
SPACES = (
    ("centre:dashboard", _("Espace centre"), Capability.OPEN_CENTRE_SPACE),
    ("prescriber:dashboard", _("Espace prescripteur"), Capability.REFER_PEOPLE),
    ("federation:dashboard", _("Espace fédération"), Capability.SEE_SECTOR_STATS),
)


def spaces_for(memberships) -> list[dict]:
    roles = {membership.role for membership in memberships}
    return [
        {"url": reverse(name), "label": label}
        for name, label, capability in SPACES
        if roles & GRANTED_TO[capability]
    ]


def memberships(request):
    """The active memberships of the user, the spaces they open and the capabilities they hold
    in any organisation (``my_capabilities``: for menus; one query, when used)."""

    def load():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return list(user.memberships.active().select_related("organisation"))

    my_memberships = SimpleLazyObject(load)
    return {
        "my_memberships": my_memberships,
        "my_spaces": SimpleLazyObject(lambda: spaces_for(my_memberships)),
        "my_capabilities": SimpleLazyObject(lambda: capabilities_of_memberships(my_memberships)),
    }
