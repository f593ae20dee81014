"""Errors a user can cause; their message is already translated and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """A mistake or a condition the user can fix; shown as one clear line, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Cancelled(Exception):
    """Long work stopped at the user's request; nothing half-written remains."""
