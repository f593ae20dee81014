"""Whether a certificate has been revoked, from the revocation lists (CRLs) at hand — honestly.

Offline, revocation data is what the office imported into the trust store (or, when the office
allows going online, what was fetched: see `online_checks.py`). A list counts only when its
issuer's certificate verifies its signature and it covers the certificate (scope of a partitioned
list, user or CA certificates only). The newest such list decides; a revocation in any of them
(other than a suspension lifted later) stands. A list past its next update still says what it
says, but the report tells that it is out of date. No list at all is said as such: "not checked".
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509

from anninh_desktop.services.signing.certificates import is_self_signed, name_text

log = logging.getLogger(__name__)


class RevocationState(enum.StrEnum):
    GOOD = "good"  # a list of its issuer covers it and does not list it
    REVOKED = "revoked"
    NO_DATA = "no_data"  # no list of its issuer is at hand
    NO_ISSUER = "no_issuer"  # its issuer's certificate is unknown: no list can be proven
    ROOT = "root"  # a root is not revoked by a list: it is trusted or not


@dataclass(frozen=True)
class RevocationStatus:
    subject: str  # the certificate's common name
    issuer: str  # who publishes the lists for it
    state: RevocationState
    source: str = ""  # "crl", "ocsp" or "" (no data)
    revoked_at: datetime | None = None
    reason: str = ""  # the CRL reason code name, e.g. "key_compromise" (language-neutral)
    produced_at: datetime | None = None  # the list's this-update (or OCSP produced-at)
    next_update: datetime | None = None
    stale: bool = False  # the list was past its next update at the time of checking

    @property
    def checked(self) -> bool:
        return self.state in (RevocationState.GOOD, RevocationState.REVOKED)


def _covers(crl: x509.CertificateRevocationList, cert: x509.Certificate) -> bool:
    """The list's scope (issuing distribution point) includes the certificate."""
    try:
        crl.extensions.get_extension_for_class(x509.DeltaCRLIndicator)
        return False  # a delta list is not a whole list
    except x509.ExtensionNotFound:
        pass
    try:
        idp = crl.extensions.get_extension_for_class(x509.IssuingDistributionPoint).value
    except x509.ExtensionNotFound:
        return True
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if (idp.only_contains_user_certs and is_ca) or (idp.only_contains_ca_certs and not is_ca):
        return False
    if idp.only_contains_attribute_certs or idp.indirect_crl:
        return False
    if idp.full_name:
        try:
            points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        except x509.ExtensionNotFound:
            return False
        names = {n for p in points for n in (p.full_name or [])}
        return any(n in names for n in idp.full_name)
    return True


def _from_issuer(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    if crl.issuer != issuer.subject:
        return False
    try:
        return bool(crl.is_signature_valid(issuer.public_key()))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _reason(entry: x509.RevokedCertificate) -> str:
    try:
        return str(entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name)
    except x509.ExtensionNotFound:
        return "unspecified"


def crl_status(
    cert: x509.Certificate,
    issuer: x509.Certificate | None,
    crls: Iterable[x509.CertificateRevocationList],
    at: datetime,
) -> RevocationStatus:
    """The revocation status of `cert` (issued by `issuer`) at `at` from the given lists."""
    subject = name_text(cert.subject)
    if is_self_signed(cert):
        return RevocationStatus(subject, subject, RevocationState.ROOT)
    issuer_name = name_text(cert.issuer)
    if issuer is None:
        return RevocationStatus(subject, issuer_name, RevocationState.NO_ISSUER)
    usable = sorted(
        (c for c in crls if _from_issuer(c, issuer) and _covers(c, cert)),
        key=lambda c: c.last_update_utc,
        reverse=True,
    )
    if not usable:
        return RevocationStatus(subject, issuer_name, RevocationState.NO_DATA)
    newest = usable[0]
    moment = at.astimezone(UTC)
    stale = newest.next_update_utc is not None and moment > newest.next_update_utc
    common = {
        "source": "crl",
        "produced_at": newest.last_update_utc,
        "next_update": newest.next_update_utc,
        "stale": stale,
    }
    for crl in usable:
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is None:
            continue
        reason = _reason(entry)
        if reason == "remove_from_crl":
            continue
        if reason == "certificate_hold" and crl is not newest:
            continue  # a suspension the newest list no longer shows was lifted
        return RevocationStatus(
            subject,
            issuer_name,
            RevocationState.REVOKED,
            revoked_at=entry.revocation_date_utc,
            reason=reason,
            **common,  # type: ignore[arg-type]
        )
    return RevocationStatus(subject, issuer_name, RevocationState.GOOD, **common)  # type: ignore[arg-type]


def chain_status(
    chain: Sequence[x509.Certificate],
    crls: Iterable[x509.CertificateRevocationList],
    at: datetime,
) -> list[RevocationStatus]:
    """The status of every certificate of a chain (signer first) except its root."""
    lists = list(crls)
    out = []
    for index, cert in enumerate(chain):
        if is_self_signed(cert):
            break
        issuer = chain[index + 1] if index + 1 < len(chain) else None
        out.append(crl_status(cert, issuer, lists, at))
    return out


def merge_revocation(
    offline: list[RevocationStatus], online: list[RevocationStatus]
) -> list[RevocationStatus]:
    """Per certificate, a REVOKED answer wins, then a checked one, then the offline one."""
    merged = []
    for index, here in enumerate(offline):
        there = online[index] if index < len(online) else None
        if there is None or here.state is RevocationState.REVOKED:
            merged.append(here)
        elif there.state is RevocationState.REVOKED or (there.checked and not here.checked):
            merged.append(there)
        elif there.checked and here.checked and here.stale and not there.stale:
            merged.append(there)
        else:
            merged.append(here)
    return merged


def first_revoked(statuses: Iterable[RevocationStatus]) -> RevocationStatus | None:
    return next((s for s in statuses if s.state is RevocationState.REVOKED), None)


# Revocation data asked for a chain (signer first) when the office allows going online.
RevocationFetcher = Callable[[Sequence[x509.Certificate]], list[RevocationStatus]]
