"""Revocation asked online, when the office allows it: OCSP first, then the CRLs a certificate
names. Every answer is checked before it counts: an OCSP response must be signed by the issuer
(or a responder it delegated) and name the certificate; a CRL must be signed by the issuer. A
server that cannot be reached, or an answer that does not check out, counts as "not checked" —
never as "not revoked".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import aiohttp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID

from anninh_desktop.services.signing.certificates import is_self_signed, issued_by, name_text
from anninh_desktop.services.signing.online import OnlineSettings
from anninh_desktop.services.signing.revocation import (
    RevocationFetcher,
    RevocationState,
    RevocationStatus,
    crl_status,
)

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 64 << 20


def _urls(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    """(OCSP responder URLs, CRL URLs) named in the certificate, http(s) only."""
    ocsp_urls: list[str] = []
    crl_urls: list[str] = []
    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        ocsp_urls = [
            str(d.access_location.value)
            for d in aia
            if d.access_method == AuthorityInformationAccessOID.OCSP
            and isinstance(d.access_location, x509.UniformResourceIdentifier)
        ]
    except x509.ExtensionNotFound:
        pass
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        crl_urls = [
            str(n.value)
            for p in points
            for n in (p.full_name or [])
            if isinstance(n, x509.UniformResourceIdentifier)
        ]
    except x509.ExtensionNotFound:
        pass

    def web(urls: list[str]) -> list[str]:
        return [u for u in urls if u.lower().startswith(("http://", "https://"))]

    return web(ocsp_urls), web(crl_urls)


async def _read_limited(response: aiohttp.ClientResponse) -> bytes:
    data = bytearray()
    async for chunk in response.content.iter_chunked(1 << 16):
        data.extend(chunk)
        if len(data) > MAX_DOWNLOAD:
            raise ValueError("answer too large")
    return bytes(data)


def _verify(key: object, signature: bytes, data: bytes, algorithm: hashes.HashAlgorithm) -> bool:
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            return False
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _responder(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> x509.Certificate | None:
    """The certificate that may sign this OCSP answer: the issuer, or one it delegated to."""
    candidates = [issuer, *response.certificates]
    for cert in candidates:
        if cert is not issuer:
            if not issued_by(cert, issuer):
                continue
            try:
                usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            except x509.ExtensionNotFound:
                continue
            if ExtendedKeyUsageOID.OCSP_SIGNING not in usages:
                continue
        if response.responder_name is not None and response.responder_name != cert.subject:
            continue
        if response.responder_key_hash is not None:
            # RFC 6960: SHA-1 of the key's BIT STRING, as a subject key identifier is made
            key = x509.SubjectKeyIdentifier.from_public_key(cert.public_key())  # type: ignore[arg-type]
            if key.digest != response.responder_key_hash:
                continue
        return cert
    return None


async def _ocsp(
    session: aiohttp.ClientSession,
    url: str,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    at: datetime,
) -> RevocationStatus | None:
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    async with session.post(
        url,
        data=request.public_bytes(serialization.Encoding.DER),
        headers={"Content-Type": "application/ocsp-request"},
    ) as answer:
        answer.raise_for_status()
        response = ocsp.load_der_ocsp_response(await _read_limited(answer))
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        log.info("OCSP %s answered %s", url, response.response_status)
        return None
    responder = _responder(response, issuer)
    if responder is None or response.signature_hash_algorithm is None:
        log.info("OCSP answer from %s is not signed by the issuer or its responder", url)
        return None
    if not _verify(
        responder.public_key(),
        response.signature,
        response.tbs_response_bytes,
        response.signature_hash_algorithm,
    ):
        log.info("OCSP answer from %s has a bad signature", url)
        return None
    if response.serial_number != cert.serial_number:
        return None
    status = response.certificate_status
    subject, issuer_name = name_text(cert.subject), name_text(issuer.subject)
    next_update = response.next_update_utc
    common = {
        "source": "ocsp",
        "produced_at": response.produced_at_utc,
        "next_update": next_update,
        "stale": next_update is not None and at.astimezone(UTC) > next_update,
    }
    if status == ocsp.OCSPCertStatus.REVOKED:
        reason = response.revocation_reason
        return RevocationStatus(
            subject,
            issuer_name,
            RevocationState.REVOKED,
            revoked_at=response.revocation_time_utc,
            reason=reason.name if reason is not None else "unspecified",
            **common,  # type: ignore[arg-type]
        )
    if status == ocsp.OCSPCertStatus.GOOD:
        return RevocationStatus(subject, issuer_name, RevocationState.GOOD, **common)  # type: ignore[arg-type]
    return None


async def _crl(
    session: aiohttp.ClientSession,
    url: str,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    at: datetime,
) -> RevocationStatus | None:
    async with session.get(url) as answer:
        answer.raise_for_status()
        data = await _read_limited(answer)
    try:
        crl = x509.load_der_x509_crl(data)
    except ValueError:
        crl = x509.load_pem_x509_crl(data)
    status = crl_status(cert, issuer, [crl], at)
    return status if status.checked else None


async def _one(
    session: aiohttp.ClientSession,
    cert: x509.Certificate,
    issuer: x509.Certificate | None,
    at: datetime,
) -> RevocationStatus:
    subject = name_text(cert.subject)
    if issuer is None:
        return RevocationStatus(subject, name_text(cert.issuer), RevocationState.NO_ISSUER)
    ocsp_urls, crl_urls = _urls(cert)
    for url in ocsp_urls:
        try:
            found = await _ocsp(session, url, cert, issuer, at)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            log.info("OCSP %s not usable: %s", url, exc)
            continue
        if found is not None:
            return found
    for url in crl_urls:
        try:
            found = await _crl(session, url, cert, issuer, at)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            log.info("CRL %s not usable: %s", url, exc)
            continue
        if found is not None:
            return found
    return RevocationStatus(subject, name_text(issuer.subject), RevocationState.NO_DATA)


async def _all(
    chain: Sequence[x509.Certificate], at: datetime, timeout: float
) -> list[RevocationStatus]:
    jobs = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        for index, cert in enumerate(chain):
            if is_self_signed(cert):
                break
            issuer = chain[index + 1] if index + 1 < len(chain) else None
            jobs.append(_one(session, cert, issuer, at))
        return list(await asyncio.gather(*jobs))


def fetch_revocation(
    chain: Sequence[x509.Certificate], at: datetime, timeout: float
) -> list[RevocationStatus]:
    """The status of every certificate of `chain` (signer first, root excluded) asked online."""
    try:
        return asyncio.run(_all(chain, at, timeout))
    except Exception:  # the network as a whole failed: nothing was checked
        log.warning("online revocation check failed", exc_info=True)
        return []


def revocation_fetcher(settings: OnlineSettings, at: datetime) -> RevocationFetcher | None:
    """What verification and signing call for online revocation, or None when not allowed."""
    if not settings.check_revocation:
        return None
    return lambda chain: fetch_revocation(chain, at, settings.timeout)
