"""Whether a signer's certificate is trusted, judged on its own (independent of whether the
signed bytes are intact): its issuer chain through the signature's own certificates and the trust
store, pyHanko's path validation against the store's roots, and the algorithms' strength.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    DisallowedAlgorithmError,
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathError,
    RevokedError,
    ValidationError,
)

from anninh_desktop.services.signing.certificates import (
    ACCEPTED_HASHES,
    asn1_certificate,
    fingerprint,
    is_self_signed,
    name_text,
    weak_key_or_hash,
)
from anninh_desktop.services.signing.chain import issuer_chain
from anninh_desktop.services.signing.trust import TrustStore

log = logging.getLogger(__name__)


class TrustProblem(enum.StrEnum):
    """Why a certificate is not trusted, language-neutral (texts: verify_texts.py)."""

    NONE = ""
    NO_CHAIN = "no_chain"  # no issuer chain to any root of the trust store
    UNTRUSTED_ROOT = "untrusted_root"  # the chain ends at a root the store does not hold
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    WEAK_ALGORITHM = "weak_algorithm"
    USAGE = "usage"  # not meant for signing documents
    INVALID_CHAIN = "invalid_chain"  # the chain breaks the authorities' rules
    UNREADABLE = "unreadable"  # no usable signer certificate


@dataclass(frozen=True)
class ChainLink:
    name: str
    fingerprint: str
    root: bool  # self-signed
    trusted_root: bool  # a root of the trust store


def _problem_of(exc: Exception) -> TrustProblem:
    if isinstance(exc, ExpiredError):
        return TrustProblem.EXPIRED
    if isinstance(exc, NotYetValidError):
        return TrustProblem.NOT_YET_VALID
    if isinstance(exc, RevokedError):
        return TrustProblem.REVOKED
    if isinstance(exc, DisallowedAlgorithmError):
        return TrustProblem.WEAK_ALGORITHM
    if isinstance(exc, PathBuildingError):
        return TrustProblem.NO_CHAIN
    return TrustProblem.INVALID_CHAIN


INDICATIONS: dict[str, TrustProblem] = {
    "NO_CERTIFICATE_CHAIN_FOUND": TrustProblem.NO_CHAIN,
    "EXPIRED": TrustProblem.EXPIRED,
    "OUT_OF_BOUNDS_NO_POE": TrustProblem.EXPIRED,
    "OUT_OF_BOUNDS_NOT_REVOKED": TrustProblem.EXPIRED,
    "NOT_YET_VALID": TrustProblem.NOT_YET_VALID,
    "REVOKED": TrustProblem.REVOKED,
    "REVOKED_NO_POE": TrustProblem.REVOKED,
    "REVOKED_CA_NO_POE": TrustProblem.REVOKED,
    "SIG_CONSTRAINTS_FAILURE": TrustProblem.USAGE,
    "CHAIN_CONSTRAINTS_FAILURE": TrustProblem.INVALID_CHAIN,
    "CRYPTO_CONSTRAINTS_FAILURE": TrustProblem.WEAK_ALGORITHM,
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": TrustProblem.WEAK_ALGORITHM,
}


@dataclass(frozen=True)
class CertificateTrust:
    trusted: bool
    problem: TrustProblem
    chain: list[x509.Certificate]  # signer first


def certificate_trust(
    signer: x509.Certificate,
    embedded: Sequence[x509.Certificate],
    trust: TrustStore,
    at: datetime,
) -> CertificateTrust:
    """Our own check of the signer's certificate, independent of the signed bytes' integrity."""
    roots = [r.certificate for r in trust.roots()]
    intermediates = [c.certificate for c in trust.intermediates()]
    chain = issuer_chain(signer, [*embedded, *intermediates, *roots])
    root_prints = {fingerprint(r) for r in roots}
    context = ValidationContext(
        trust_roots=[asn1_certificate(r) for r in roots],
        other_certs=[asn1_certificate(c) for c in [*embedded, *intermediates]],
        allow_fetching=False,
        moment=at,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(asn1_certificate(signer), validation_context=context)
    try:
        asyncio.run(validator.async_validate_path())
    except (PathError, ValidationError) as exc:
        log.info("certificate of %s not trusted: %s", name_text(signer.subject), exc)
        problem = _problem_of(exc)
        # A chain that ends at a self-signed certificate this office does not trust: that root
        # is the problem (a self-signed signer comes here as a "self-signed" validation error).
        if problem in (TrustProblem.NO_CHAIN, TrustProblem.INVALID_CHAIN) and is_self_signed(
            chain[-1]
        ):
            if fingerprint(chain[-1]) not in root_prints:
                problem = TrustProblem.UNTRUSTED_ROOT
        return CertificateTrust(False, problem, chain)
    return CertificateTrust(True, TrustProblem.NONE, chain)


def chain_links(chain: Sequence[x509.Certificate], trust: TrustStore) -> tuple[ChainLink, ...]:
    root_prints = {r.info.fingerprint for r in trust.roots()}
    return tuple(
        ChainLink(
            name=name_text(c.subject),
            fingerprint=fingerprint(c),
            root=is_self_signed(c),
            trusted_root=fingerprint(c) in root_prints,
        )
        for c in chain[1:]
    )


def weak_algorithms(chain: Sequence[x509.Certificate], digest: str, trust: TrustStore) -> bool:
    """True when the signature's digest, or a key or signature of the chain (its trusted root
    aside: that one the office chose), is weaker than Vietnamese rules allow (RSA ≥ 2048, ECDSA
    ≥ 256, SHA-2)."""
    if digest.lower().replace("_", "-") not in ACCEPTED_HASHES:
        log.info("signature digest %s is too weak", digest)
        return True
    roots = {r.info.fingerprint for r in trust.roots()}
    for cert in chain:
        if fingerprint(cert) in roots:
            break
        if weak_key_or_hash(cert):
            log.info("weak key or hash in %s", name_text(cert.subject))
            return True
    return False
