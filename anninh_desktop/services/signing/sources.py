"""Where a signature's key lives: the common shape of a PKCS#12 file and a PKCS#11 token.

A source is opened for one signing (a token session stays open only that long) and gives the
pyHanko signer with the signer's certificate. Passwords and PINs are held only in memory and never
shown in a repr or a log line.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from cryptography import x509
from pyhanko.sign.signers import Signer


@dataclass(frozen=True)
class OpenedSigner:
    signer: Signer
    certificate: x509.Certificate


class SignerSource(Protocol):
    def open(self) -> AbstractContextManager[OpenedSigner]:
        """Unlock the key (password, PIN); raises UserError with a clear message when it fails."""
        ...

    def describe(self) -> str:
        """A short text for the user: which file or token."""
        ...
