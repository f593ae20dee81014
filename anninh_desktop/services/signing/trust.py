"""Trust roots: the certificate authorities whose signatures verification accepts as trusted.

Two places: roots shipped with the program (`resources/trust/`, see its README) and roots the
user added (`trust/` in the data folder, one PEM file per root named by its SHA-256
fingerprint). A user adds a root after checking its fingerprint with the issuer, and may remove
it again; shipped roots cannot be removed.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from anninh_desktop.i18n import _
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    CertificateInfo,
    asn1_certificate,
    describe_certificate,
    fingerprint,
)

log = logging.getLogger(__name__)

USER_TRUST_DIR = "trust"
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
MAX_CERTIFICATE_FILE = 1 << 20

RootSource = Literal["bundled", "user"]


@dataclass(frozen=True)
class TrustRoot:
    info: CertificateInfo
    source: RootSource
    path: Path
    certificate: x509.Certificate = field(compare=False, repr=False)


@dataclass(frozen=True)
class TrustStore:
    bundled_dir: Path
    user_dir: Path

    def roots(self) -> list[TrustRoot]:
        """Every usable root, shipped ones first; a root in both places is listed once."""
        found: dict[str, TrustRoot] = {}
        places: tuple[tuple[RootSource, Path], ...] = (
            ("bundled", self.bundled_dir),
            ("user", self.user_dir),
        )
        for source, folder in places:
            for path in sorted(folder.glob("*")) if folder.is_dir() else []:
                if path.suffix.lower() not in CERTIFICATE_SUFFIXES:
                    continue
                try:
                    certs = read_certificates(path)
                except UserError:
                    log.warning("skipping unreadable trust root file %s", path)
                    continue
                for cert in certs:
                    info = describe_certificate(cert)
                    found.setdefault(info.fingerprint, TrustRoot(info, source, path, cert))
        return list(found.values())

    def asn1_roots(self) -> list[asn1_x509.Certificate]:
        return [asn1_certificate(root.certificate) for root in self.roots()]


def trust_store_for(data_dir: Path) -> TrustStore:
    """The shipped roots together with the user's roots of this data folder."""
    return TrustStore(bundled_dir=resources_dir() / "trust", user_dir=data_dir / USER_TRUST_DIR)


def read_certificates(path: Path) -> list[x509.Certificate]:
    """The certificates in a PEM (one or more) or DER file; UserError when there is none."""
    try:
        if path.stat().st_size > MAX_CERTIFICATE_FILE:
            raise UserError(_("“{path}” is too large to be a certificate file.").format(path=path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            _("The certificate file “{path}” does not exist.").format(path=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("Cannot read the certificate file “{path}”: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        certs = []
    if not certs:
        raise UserError(
            _(
                "“{path}” holds no certificate (a .pem, .crt, .cer or .der file from the "
                "certificate authority is needed)."
            ).format(path=path)
        )
    return certs


def add_user_roots(store: TrustStore, path: Path) -> list[TrustRoot]:
    """Trust the certificates in `path` from now on; returns them (with fingerprints to show)."""
    added = []
    store.user_dir.mkdir(parents=True, exist_ok=True)
    for cert in read_certificates(path):
        digest = fingerprint(cert)
        target = store.user_dir / f"{digest}.pem"
        if not target.exists():
            tmp = target.with_name(f".{target.name}.partial")
            try:
                tmp.write_bytes(cert.public_bytes(Encoding.PEM))
                os.replace(tmp, target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise UserError(
                    _("Cannot save the trusted certificate in “{path}”: {reason}.").format(
                        path=store.user_dir, reason=exc.strerror or exc
                    )
                ) from None
            log.info("trust root added: %s", digest)
        added.append(TrustRoot(describe_certificate(cert), "user", target, cert))
    return added


def _normalise(text: str) -> str:
    return re.sub(r"[^0-9a-f]", "", text.lower())


def find_root(store: TrustStore, fingerprint_text: str) -> TrustRoot:
    """The root whose SHA-256 fingerprint starts with the given hex digits (colons allowed)."""
    wanted = _normalise(fingerprint_text)
    if len(wanted) < 8:
        raise UserError(_("Give at least the first 8 hexadecimal digits of the fingerprint."))
    matches = [r for r in store.roots() if r.info.fingerprint.startswith(wanted)]
    if not matches:
        raise UserError(
            _("No trusted certificate has the fingerprint {fingerprint}.").format(
                fingerprint=fingerprint_text
            )
        )
    if len(matches) > 1:
        raise UserError(
            _("Several certificates match {fingerprint}; give more digits.").format(
                fingerprint=fingerprint_text
            )
        )
    return matches[0]


def remove_user_root(store: TrustStore, fingerprint_text: str) -> TrustRoot:
    """Stop trusting a root the user added; shipped roots cannot be removed."""
    root = find_root(store, fingerprint_text)
    if root.source != "user":
        raise UserError(
            _("“{name}” is shipped with the program and cannot be removed.").format(
                name=root.info.subject
            )
        )
    try:
        root.path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise UserError(
            _("Cannot remove “{path}”: {reason}.").format(
                path=root.path, reason=exc.strerror or exc
            )
        ) from None
    log.info("trust root removed: %s", root.info.fingerprint)
    return root
