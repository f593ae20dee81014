"""A signer's certificate chain: found, checked, and refused with names when it cannot be completed.

A signature carries the signer's certificate and the intermediates up to (not including) the
root, so that anyone who trusts the root can check it without having the intermediates. Tokens
of Vietnamese CAs usually hold only the signer's certificate: the intermediates then come from the
trust store (imported by the office) — or the chain cannot be completed, and signing is refused,
naming the certificate whose issuer is missing, unless the user accepts it explicitly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathError,
    ValidationError,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    asn1_certificate,
    fingerprint,
    is_self_signed,
    issued_by,
    name_text,
)
from anninh_desktop.services.signing.trust import TrustKind, TrustStore

log = logging.getLogger(__name__)

MAX_CHAIN = 10


def issuer_chain(
    cert: x509.Certificate, candidates: Iterable[x509.Certificate]
) -> list[x509.Certificate]:
    """[cert, its issuer, that one's issuer, …] as far as `candidates` reach (a self-signed
    certificate ends it). Issuers are matched by name and proven by their signature."""
    pool = list(candidates)
    chain = [cert]
    seen = {fingerprint(cert)}
    current = cert
    while len(chain) < MAX_CHAIN and not is_self_signed(current):
        issuer = next(
            (c for c in pool if fingerprint(c) not in seen and issued_by(current, c)), None
        )
        if issuer is None:
            break
        chain.append(issuer)
        seen.add(fingerprint(issuer))
        current = issuer
    return chain


@dataclass(frozen=True)
class ChainCheck:
    """What was found for a signer's certificate before signing."""

    chain: tuple[x509.Certificate, ...]  # the signer first; ends at the root when complete
    complete: bool  # reaches a self-signed root
    trusted: bool  # that root is in the trust store and the path validates
    problem: str  # translated: why the chain is not complete or not trusted ("" when fine)

    @property
    def to_embed(self) -> list[x509.Certificate]:
        """The intermediates to put in the signature (never the root)."""
        return [c for c in self.chain[1:] if not is_self_signed(c)]


class IncompleteChain(UserError):
    """The chain cannot be completed to a trusted root; signing may go on only if accepted."""

    def __init__(self, check: ChainCheck, signer: str) -> None:
        super().__init__(
            _(
                "The certificate chain of {signer} cannot be completed: {problem}. Anyone "
                "checking this signature would see it as not trusted. Import the missing "
                "certificate (Trust store…, or `anninh dossier trust add FILE`) and sign again, "
                "or sign anyway."
            ).format(signer=signer, problem=check.problem)
        )
        self.check = check


def _validate(
    chain: Sequence[x509.Certificate], roots: Sequence[x509.Certificate], at: datetime
) -> str:
    """ "" when pyHanko's path validation accepts the chain at `at`, else the reason (translated)."""
    context = ValidationContext(
        trust_roots=[asn1_certificate(r) for r in roots],
        other_certs=[asn1_certificate(c) for c in chain[1:]],
        allow_fetching=False,
        moment=at,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(asn1_certificate(chain[0]), validation_context=context)
    try:
        asyncio.run(validator.async_validate_path())
    except ExpiredError as exc:
        log.info("chain validation: %s", exc)
        return _("a certificate of its chain has expired")
    except NotYetValidError as exc:
        log.info("chain validation: %s", exc)
        return _("a certificate of its chain is not valid yet")
    except PathBuildingError as exc:
        log.info("chain validation: %s", exc)
        return _("no path to a trusted root could be built")
    except (PathError, ValidationError) as exc:
        log.info("chain validation: %s", exc)
        return _("its chain breaks the certificate authorities' rules")
    return ""


def check_chain(
    cert: x509.Certificate,
    carried: Iterable[x509.Certificate],
    trust: TrustStore | None,
    at: datetime,
) -> ChainCheck:
    """The chain of `cert` from what came with the key (`carried`: the .p12's or the token's
    other certificates) and the trust store's intermediates and roots."""
    stored = trust.certificates() if trust is not None else []
    roots = [s.certificate for s in stored if s.kind is TrustKind.ROOT]
    candidates = [*carried, *(s.certificate for s in stored)]
    chain = issuer_chain(cert, candidates)
    top = chain[-1]
    if not is_self_signed(top):
        problem = _(
            "the certificate of the issuer “{issuer}” of “{name}” is neither with the key nor in "
            "the trust store"
        ).format(issuer=name_text(top.issuer), name=name_text(top.subject))
        return ChainCheck(tuple(chain), complete=False, trusted=False, problem=problem)
    if trust is None:
        return ChainCheck(tuple(chain), complete=True, trusted=False, problem="")
    root_prints = {fingerprint(r) for r in roots}
    if fingerprint(top) not in root_prints:
        problem = _("its root “{root}” (SHA-256 {fingerprint}) is not in the trust store").format(
            root=name_text(top.subject), fingerprint=fingerprint(top)[:16].upper() + "…"
        )
        return ChainCheck(tuple(chain), complete=True, trusted=False, problem=problem)
    reason = _validate(chain, roots, at)
    return ChainCheck(tuple(chain), complete=True, trusted=not reason, problem=reason)


def ensure_chain(check: ChainCheck, signer: str, *, accept_incomplete: bool) -> None:
    """Refuse (IncompleteChain) a chain that is not complete and trusted, unless accepted.

    Without a trust store (`trusted` unknown) a complete chain is enough."""
    bad = not check.complete or (check.problem != "" and not check.trusted)
    if bad and not accept_incomplete:
        raise IncompleteChain(check, signer)
    if bad:
        log.warning("signing with an incomplete or untrusted chain (accepted): %s", check.problem)
