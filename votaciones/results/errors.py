"""Errors of the results engine. Messages are in Spanish: they reach the users as they are."""


class ElectionError(ValueError):
    """An election that cannot be counted (empty, no budget, inconsistent data...)."""


class PabulibError(ElectionError):
    """A malformed .pb file; ``line`` is the 1-based line number where the problem is, if known."""

    def __init__(self, message, line=None):
        self.line = line
        self.detail = message
        super().__init__(f"línea {line}: {message}" if line else message)
