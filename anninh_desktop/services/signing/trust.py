"""The trust store: root certificates, intermediate certificates and revocation lists (CRLs).

Two places: what ships with the program (`resources/trust/`, see its README) and what the office
imported into its data folder (`trust/` in the data folder, so a backup carries it):

    trust/roots/<sha256>.pem            roots: the only trust anchors
    trust/intermediates/<sha256>.pem    issuing CAs: complete chains when signing and verifying
    trust/crls/<sha256>.crl             revocation lists (DER), the newest per issuer

A certificate's kind comes from its content, not its folder: a self-signed authority is a root,
any other authority an intermediate; a signer's (end-entity) certificate is never stored. Files an
earlier version wrote straight into `trust/` are read as well. Importing and removing is in
`trust_import.py`.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    CertificateInfo,
    asn1_certificate,
    describe_certificate,
    format_fingerprint,
    is_authority,
    is_self_signed,
    name_text,
)
from anninh_desktop.services.signing.trust_files import (
    TRUST_FILE_SUFFIXES,
    TrustFileContent,
    read_trust_file,
)

log = logging.getLogger(__name__)

USER_TRUST_DIR = "trust"
ROOTS_DIR = "roots"
INTERMEDIATES_DIR = "intermediates"
CRLS_DIR = "crls"

Source = Literal["bundled", "user"]


class TrustKind(enum.StrEnum):
    ROOT = "root"
    INTERMEDIATE = "intermediate"


@dataclass(frozen=True)
class StoredCertificate:
    info: CertificateInfo
    kind: TrustKind
    source: Source
    path: Path
    certificate: x509.Certificate = field(compare=False, repr=False)


# The name earlier versions used; roots are stored certificates of kind ROOT.
TrustRoot = StoredCertificate


@dataclass(frozen=True)
class StoredCrl:
    issuer: str  # the issuer's common name (NFC)
    this_update: datetime
    next_update: datetime | None
    number: int | None
    revoked_count: int
    fingerprint: str  # SHA-256 of the DER bytes
    source: Source
    path: Path
    crl: x509.CertificateRevocationList = field(compare=False, repr=False)

    @property
    def fingerprint_display(self) -> str:
        return format_fingerprint(self.fingerprint)

    def stale(self, at: datetime) -> bool:
        """Past its next update: a newer list exists at the authority (it may list more)."""
        return self.next_update is not None and at.astimezone(UTC) > self.next_update


def crl_fingerprint(crl: x509.CertificateRevocationList) -> str:
    return hashlib.sha256(crl.public_bytes(Encoding.DER)).hexdigest()


def crl_number(crl: x509.CertificateRevocationList) -> int | None:
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except (x509.ExtensionNotFound, ValueError):
        return None


def describe_crl(crl: x509.CertificateRevocationList, source: Source, path: Path) -> StoredCrl:
    return StoredCrl(
        issuer=name_text(crl.issuer),
        this_update=crl.last_update_utc,
        next_update=crl.next_update_utc,
        number=crl_number(crl),
        revoked_count=len(crl),
        fingerprint=crl_fingerprint(crl),
        source=source,
        path=path,
        crl=crl,
    )


def certificate_kind(cert: x509.Certificate) -> TrustKind | None:
    """ROOT, INTERMEDIATE, or None for a signer's certificate (not kept in the store)."""
    if not is_authority(cert):
        return None
    return TrustKind.ROOT if is_self_signed(cert) else TrustKind.INTERMEDIATE


@lru_cache(maxsize=256)
def _load(path: Path, _mtime_ns: int, _size: int) -> TrustFileContent:
    return read_trust_file(path)


def _files(folder: Path) -> list[Path]:
    """The trust files of a place: its own files and those of its three sub-folders."""
    found: list[Path] = []
    for place in (folder, folder / ROOTS_DIR, folder / INTERMEDIATES_DIR, folder / CRLS_DIR):
        if place.is_dir():
            found.extend(
                p
                for p in sorted(place.iterdir())
                if p.is_file()
                and p.suffix.lower() in TRUST_FILE_SUFFIXES
                and not p.name.startswith(".")
            )
    return found


def _read(path: Path) -> TrustFileContent:
    try:
        stat = path.stat()
        return _load(path, stat.st_mtime_ns, stat.st_size)
    except (UserError, OSError):
        log.warning("skipping unreadable trust file %s", path)
        return TrustFileContent()


@dataclass(frozen=True)
class TrustStore:
    bundled_dir: Path
    user_dir: Path

    def _places(self) -> tuple[tuple[Source, Path], ...]:
        return (("bundled", self.bundled_dir), ("user", self.user_dir))

    def certificates(self) -> list[StoredCertificate]:
        """Every root and intermediate, shipped ones first; a certificate in both places once."""
        found: dict[str, StoredCertificate] = {}
        for source, folder in self._places():
            for path in _files(folder):
                for cert in _read(path).certificates:
                    kind = certificate_kind(cert)
                    if kind is None:
                        log.info("ignoring a signer's certificate in the trust store: %s", path)
                        continue
                    info = describe_certificate(cert)
                    found.setdefault(
                        info.fingerprint, StoredCertificate(info, kind, source, path, cert)
                    )
        return list(found.values())

    def roots(self) -> list[StoredCertificate]:
        return [c for c in self.certificates() if c.kind is TrustKind.ROOT]

    def intermediates(self) -> list[StoredCertificate]:
        return [c for c in self.certificates() if c.kind is TrustKind.INTERMEDIATE]

    def crls(self) -> list[StoredCrl]:
        """Every revocation list, shipped ones first; the same list in both places once."""
        found: dict[str, StoredCrl] = {}
        for source, folder in self._places():
            for path in _files(folder):
                for crl in _read(path).crls:
                    stored = describe_crl(crl, source, path)
                    found.setdefault(stored.fingerprint, stored)
        return list(found.values())

    def asn1_roots(self) -> list[asn1_x509.Certificate]:
        return [asn1_certificate(root.certificate) for root in self.roots()]

    def asn1_intermediates(self) -> list[asn1_x509.Certificate]:
        return [asn1_certificate(c.certificate) for c in self.intermediates()]


def trust_store_for(data_dir: Path) -> TrustStore:
    """The shipped trust store together with this data folder's."""
    return TrustStore(bundled_dir=resources_dir() / "trust", user_dir=data_dir / USER_TRUST_DIR)


def add_user_roots(store: TrustStore, path: Path) -> list[StoredCertificate]:
    """Import a file's certificates (the earlier API; `trust_import.import_trust_files` does more)."""
    from anninh_desktop.services.signing.trust_import import import_trust_files

    result = import_trust_files(store, [path])
    return [e for e in (*result.added, *result.present) if isinstance(e, StoredCertificate)]
