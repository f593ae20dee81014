"""Token PINs: what the token says about its remaining tries, and never retrying a rejected PIN.

A token locks itself after a few wrong PINs (3 to 5 on the tokens Vietnamese CAs hand out), so a
rejected PIN must never be sent again by the program — not by a second button, not by a retry
loop. `PinGuard` remembers (as salted hashes, in memory only) the PINs a token rejected and refuses
to send the same one to that token again. PKCS#11 reports the counter only as flags: "count low",
"final try", "locked"; the exact number is not part of the standard.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
import threading

import pkcs11

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError


class PinRejected(UserError):
    """The token refused the PIN (or it was refused before being sent again): a window clears
    the PIN field so that it is never sent again without being typed."""


class PinTries(enum.StrEnum):
    UNKNOWN = "unknown"  # the token says nothing (all tries left, or it does not tell)
    LOW = "low"  # some wrong PINs were typed: few tries remain
    FINAL = "final"  # the next wrong PIN locks the token
    LOCKED = "locked"


def pin_tries(flags: int) -> PinTries:
    if flags & pkcs11.TokenFlag.USER_PIN_LOCKED:
        return PinTries.LOCKED
    if flags & pkcs11.TokenFlag.USER_PIN_FINAL_TRY:
        return PinTries.FINAL
    if flags & pkcs11.TokenFlag.USER_PIN_COUNT_LOW:
        return PinTries.LOW
    return PinTries.UNKNOWN


def tries_text(tries: PinTries) -> str:
    """One sentence on the remaining tries, for a wrong-PIN message or beside the PIN field."""
    if tries is PinTries.FINAL:
        return _(
            "The token reports ONE try left: a wrong PIN now locks it. Check the PIN (its "
            "issuer's letter) before typing it again."
        )
    if tries is PinTries.LOW:
        return _(
            "The token reports that few tries are left; after the last one it locks itself. "
            "Check the PIN before typing it again."
        )
    if tries is PinTries.LOCKED:
        return _("The token is locked; ask its issuer to unlock it.")
    return _(
        "Type it again carefully: after a few wrong PINs (often 3 to 5) the token locks itself."
    )


class PinGuard:
    """PINs a token rejected, kept as salted hashes for this session of the program only."""

    def __init__(self) -> None:
        self._salt = os.urandom(16)
        self._rejected: dict[str, set[bytes]] = {}
        self._lock = threading.Lock()

    def _digest(self, pin: str) -> bytes:
        return hmac.new(self._salt, nfc(pin).encode("utf-8"), hashlib.sha256).digest()

    def refuse_if_rejected(self, token_key: str, pin: str, token_label: str) -> None:
        with self._lock:
            seen = self._digest(pin) in self._rejected.get(token_key, set())
        if seen:
            raise PinRejected(
                _(
                    "This PIN was just rejected by the token “{label}”, so it was not sent again "
                    "(each wrong try brings the token closer to locking). Type the right PIN."
                ).format(label=token_label)
            )

    def rejected(self, token_key: str, pin: str) -> None:
        with self._lock:
            self._rejected.setdefault(token_key, set()).add(self._digest(pin))

    def accepted(self, token_key: str) -> None:
        """A PIN worked: the token's counter is reset, forget the rejected ones."""
        with self._lock:
            self._rejected.pop(token_key, None)
