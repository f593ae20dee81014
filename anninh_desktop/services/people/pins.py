"""An officer's optional PIN, kept as a salted hash (PBKDF2-HMAC-SHA256), never in clear.

The PIN tells officers sharing one PC apart; it is not a password against an attacker who holds
the database (the data folder is protected by the Windows account).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.officers_repo import StoredPin

ITERATIONS = 120_000
MIN_DIGITS, MAX_DIGITS = 4, 8


def _digest(pin: str, salt: str, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations).hex()


def hashed(pin: str) -> StoredPin:
    salt = secrets.token_hex(16)
    return StoredPin(salt, _digest(pin, salt, ITERATIONS), ITERATIONS)


def matches(pin: str, stored: StoredPin) -> bool:
    return hmac.compare_digest(_digest(pin, stored.salt, stored.iterations), stored.digest)


def has_pin(ws: Workspace, officer_id: str) -> bool:
    return ws.store.officers.pin(officer_id) is not None


def check_form(pin: str) -> None:
    """UserError unless the PIN is 4 to 8 digits (0-9)."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise UserError(
            _("A PIN is {low} to {high} digits.").format(low=MIN_DIGITS, high=MAX_DIGITS)
        )


def set_pin(ws: Workspace, officer_id: str, pin: str | None) -> None:
    """Set (or with None / "" clear) an officer's PIN: 4 to 8 digits."""
    stored = None
    if pin:
        check_form(pin)
        stored = hashed(pin)
    if ws.store.officers.get(officer_id) is None:
        raise UserError(_("This officer is no longer in the list."))
    with transaction(ws.store.db):
        ws.store.officers.set_pin(officer_id, stored)


def check_pin(ws: Workspace, officer_id: str, pin: str) -> bool:
    """True when the officer has no PIN or `pin` is theirs."""
    stored = ws.store.officers.pin(officer_id)
    return stored is None or matches(pin, stored)
