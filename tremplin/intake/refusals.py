"""The base of the intake services' refusals: an action that cannot be done."""


class Refused(Exception):
    """``message`` says why, in French (shown to the user); ``code`` names the rule."""

    def __init__(self, message, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code
