"""Errors shared by every app's services.

A service refuses what a person may not do with `ActionRefused`; the view shows its message (in
Spanish, through gettext) and changes nothing.
"""


class ActionRefused(Exception):
    """The person may not do this now. `message` is for them, in Spanish."""

    def __init__(self, message, code="refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code
