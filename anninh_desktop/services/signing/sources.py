"""Where a signature's key lives: the common shape of a PKCS#12 file and a PKCS#11 token.

A source is opened for one signing (a token session stays open only that long) and gives the
signer's certificate, the certificates carried with the key, and a pyHanko signer for the chain
chosen by `chain.check_chain`. Passwords and PINs are held only in memory and never
shown in a repr or a log line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from cryptography import x509
from pyhanko.sign.signers import Signer


@dataclass(frozen=True)
class OpenedSigner:
    """An unlocked key: its certificate, the other certificates that came with it (a .p12's
    chain, a token's CA certificates), and the pyHanko signer that embeds a given chain."""

    certificate: x509.Certificate
    carried: tuple[x509.Certificate, ...]
    make_signer: Callable[[Sequence[x509.Certificate]], Signer] = field(repr=False)


class SignerSource(Protocol):
    def open(self) -> AbstractContextManager[OpenedSigner]:
        """Unlock the key (password, PIN); raises UserError with a clear message when it fails."""
        ...

    def describe(self) -> str:
        """A short text for the user: which file or token."""
        ...
