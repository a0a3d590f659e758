"""API tokens belong to a named member of a centre (decisions 0805 and 1003)."""

from tremplin.accounts.personal_data import MEMBER

# The token is its member's (like a team membership): whose it is, its name and last use say
# what that member's tool did. Authors (``created_by``, ``revoked_by``) are member ids, like
# every ``*_by`` field: their data is in accounts.User.
CLASSIFICATION = {
    "api.ApiToken": {
        "id": None,
        "name": MEMBER,
        "user": MEMBER,
        "organisation": None,
        "scopes": None,
        "prefix": None,
        "key_hash": None,
        "created_by": None,
        "created_at": None,
        "expires_at": None,
        "last_used_at": MEMBER,
        "revoked_at": None,
        "revoked_by": None,
    },
}
