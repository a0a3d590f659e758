"""One way for the domain to refuse an action (docs/decisions/0008-refusals.md).

A service raises ``Refused`` (or a subclass) with a French ``message`` shown as is to the
person, a ``code`` naming the rule (for tests, logs and the API) and, when the refusal is about
one form field, its ``field``. Views show the message (on the field, in the form, or as a
flash message); the API answers ``status`` (400, or 409 for a ``Conflict``) with
``{"detail": message, "code": code}``.
"""


class Refused(Exception):
    """An action that cannot be done; ``message`` says why, in French."""

    status = 400

    def __init__(self, message, code: str = "refused", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self):
        return str(self.message)


class Conflict(Refused):
    """Refused because of someone else: the object changed since the page was opened, or it is
    locked."""

    status = 409
