"""Who may do what in the training follow-up, by role in a centre.

QuerySets start from these (``Contract.objects.visible_to(user)``); views only check roles.
"""

from tremplin.accounts.models import Organisation, Role

# Sign and manage contracts, statements, exits, follow-ups, exports.
MANAGE_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF)
# See every trainee of the centre (a trainer sees only the trainees of their groups).
CENTRE_WIDE_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF, Role.SOCIAL_WORKER)
# Read and write the social follow-up.
SOCIAL_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)
# Lock a checked week of the register and change a locked week.
LOCK_ROLES = (Role.COORDINATOR,)
# Exits, 6-month follow-ups and the satisfaction tablet.
EXIT_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF, Role.SOCIAL_WORKER)


def organisations_where(user, *roles):
    """The organisations in which ``user`` holds one of ``roles`` (a subquery)."""
    return Organisation.objects.where_user_has_role(user, *roles).values("pk")


def centres_where(user, *roles):
    """The centres in which ``user`` holds one of ``roles``."""
    from tremplin.directory.models import Centre

    return Centre.objects.filter(organisation__in=organisations_where(user, *roles))
