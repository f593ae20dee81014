"""Keeping the trust store current offline: import roots, intermediates and CRLs from files (a USB
stick), find an entry by its fingerprint, remove what the office imported.

A root is trusted only because the office chose to: the import shows each root's SHA-256
fingerprint to compare with the one the authority publishes. A CRL whose issuer is in the store
must carry that issuer's signature, and then replaces the older lists of that issuer (and
partition); a CRL whose issuer is not in the store yet is kept as it is — it counts only when a
signature's chain holds an issuer whose key verifies it — and replaces nothing.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    describe_certificate,
    fingerprint,
    name_text,
)
from anninh_desktop.services.signing.trust import (
    CRLS_DIR,
    INTERMEDIATES_DIR,
    ROOTS_DIR,
    StoredCertificate,
    StoredCrl,
    TrustKind,
    TrustStore,
    certificate_kind,
    crl_fingerprint,
    describe_crl,
)
from anninh_desktop.services.signing.trust_files import read_trust_file

log = logging.getLogger(__name__)

TrustEntry = StoredCertificate | StoredCrl


@dataclass(frozen=True)
class ImportResult:
    added: tuple[TrustEntry, ...]
    present: tuple[TrustEntry, ...]  # already in the store: nothing to do
    notes: tuple[str, ...]  # what was left out and why (translated)

    @property
    def roots_added(self) -> list[StoredCertificate]:
        return [
            e for e in self.added if isinstance(e, StoredCertificate) and e.kind is TrustKind.ROOT
        ]


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _("Cannot save in the trust store “{path}”: {reason}.").format(
                path=target.parent, reason=exc.strerror or exc
            )
        ) from None


def _partition(crl: x509.CertificateRevocationList) -> str:
    """The CRL's scope (issuing distribution point) when it is one part of several."""
    try:
        return repr(crl.extensions.get_extension_for_class(x509.IssuingDistributionPoint).value)
    except x509.ExtensionNotFound:
        return ""


def crl_issuer_certificate(
    crl: x509.CertificateRevocationList, authorities: Iterable[x509.Certificate]
) -> x509.Certificate | None:
    """The authority whose name issued the CRL and whose key verifies its signature."""
    for cert in authorities:
        if cert.subject != crl.issuer:
            continue
        try:
            if crl.is_signature_valid(cert.public_key()):  # type: ignore[arg-type]
                return cert
        except (TypeError, ValueError):
            continue
    return None


def _import_certificate(
    store: TrustStore, cert: x509.Certificate, known: dict[str, StoredCertificate]
) -> tuple[StoredCertificate | None, bool, str]:
    """(entry, newly added, note)."""
    digest = fingerprint(cert)
    if digest in known:
        return known[digest], False, ""
    kind = certificate_kind(cert)
    if kind is None:
        return (
            None,
            False,
            _(
                "“{name}” is a signer's certificate, not a certificate authority's: it was not "
                "added (only roots, intermediates and revocation lists belong in the trust store)."
            ).format(name=name_text(cert.subject)),
        )
    folder = ROOTS_DIR if kind is TrustKind.ROOT else INTERMEDIATES_DIR
    target = store.user_dir / folder / f"{digest}.pem"
    _write_atomically(target, cert.public_bytes(Encoding.PEM))
    log.info("trust store: %s added %s", kind.value, digest)
    entry = StoredCertificate(describe_certificate(cert), kind, "user", target, cert)
    known[digest] = entry
    return entry, True, ""


def _import_crl(
    store: TrustStore,
    crl: x509.CertificateRevocationList,
    authorities: list[x509.Certificate],
    crls: list[StoredCrl],
) -> tuple[StoredCrl | None, bool, str]:
    """(entry, newly added, note). A list whose issuer is known must carry its signature; a list
    whose issuer is not in the store yet is kept (it counts only once a chain's issuer verifies
    it, see revocation.py) but never replaces another."""
    digest = crl_fingerprint(crl)
    for stored in crls:
        if stored.fingerprint == digest:
            return stored, False, ""
    issuer = crl_issuer_certificate(crl, authorities)
    note = ""
    if issuer is None:
        if any(a.subject == crl.issuer for a in authorities):
            return (
                None,
                False,
                _(
                    "The revocation list of “{issuer}” was not added: it is not signed by the "
                    "certificate of “{issuer}” in the trust store (a forged or damaged list)."
                ).format(issuer=name_text(crl.issuer)),
            )
        note = _(
            "The revocation list of “{issuer}” was kept, but its issuer's certificate is not in "
            "the trust store: it counts only for signatures whose chain holds that certificate. "
            "Import the authority's certificate too."
        ).format(issuer=name_text(crl.issuer))
        same_scope: list[StoredCrl] = []
    else:
        same_scope = [
            s
            for s in crls
            if s.crl.issuer == crl.issuer
            and _partition(s.crl) == _partition(crl)
            and crl_issuer_certificate(s.crl, [issuer]) is not None
        ]
    newer = [s for s in same_scope if s.this_update >= crl.last_update_utc]
    if newer:
        return (
            newer[0],
            False,
            _(
                "The revocation list of “{issuer}” issued on {date} was not added: the store "
                "already has one as new or newer."
            ).format(issuer=name_text(crl.issuer), date=crl.last_update_utc.date().isoformat()),
        )
    target = store.user_dir / CRLS_DIR / f"{digest}.crl"
    _write_atomically(target, crl.public_bytes(Encoding.DER))
    for older in same_scope:
        if older.source == "user":
            older.path.unlink(missing_ok=True)
            crls.remove(older)
    entry = describe_crl(crl, "user", target)
    crls.append(entry)
    log.info("trust store: CRL of %s added %s", entry.issuer, digest)
    return entry, True, note


def import_trust_files(store: TrustStore, paths: Sequence[Path]) -> ImportResult:
    """Import every certificate authority and CRL of the files (certificates before lists).

    UserError when no file could be read at all; a file that cannot be read among others
    becomes a note.
    """
    added: list[TrustEntry] = []
    present: list[TrustEntry] = []
    notes: list[str] = []
    certificates: list[x509.Certificate] = []
    lists: list[x509.CertificateRevocationList] = []
    errors: list[UserError] = []
    for path in paths:
        try:
            content = read_trust_file(path)
        except UserError as exc:
            errors.append(exc)
            continue
        certificates.extend(content.certificates)
        lists.extend(content.crls)
    if errors and len(errors) == len(paths):
        raise errors[0]
    notes.extend(e.message for e in errors)
    known = {c.info.fingerprint: c for c in store.certificates()}
    for cert in certificates:
        entry, new, note = _import_certificate(store, cert, known)
        if note:
            notes.append(note)
        if entry is not None:
            (added if new else present).append(entry)
    authorities = [c.certificate for c in known.values()]
    stored_crls = store.crls()
    for crl in lists:
        crl_entry, new, note = _import_crl(store, crl, authorities, stored_crls)
        if note:
            notes.append(note)
        if crl_entry is not None and (new or not note):
            (added if new else present).append(crl_entry)
    return ImportResult(tuple(_unique(added)), tuple(_unique(present)), tuple(notes))


def _unique(entries: list[TrustEntry]) -> list[TrustEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        key = entry.fingerprint if isinstance(entry, StoredCrl) else entry.info.fingerprint
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def entry_fingerprint(entry: TrustEntry) -> str:
    return entry.fingerprint if isinstance(entry, StoredCrl) else entry.info.fingerprint


def entry_name(entry: TrustEntry) -> str:
    return entry.issuer if isinstance(entry, StoredCrl) else entry.info.subject


def _normalise(text: str) -> str:
    return re.sub(r"[^0-9a-f]", "", text.lower())


def find_entry(store: TrustStore, fingerprint_text: str) -> TrustEntry:
    """The certificate or CRL whose SHA-256 fingerprint starts with the given hex digits."""
    wanted = _normalise(fingerprint_text)
    if len(wanted) < 8:
        raise UserError(_("Give at least the first 8 hexadecimal digits of the fingerprint."))
    entries: list[TrustEntry] = [*store.certificates(), *store.crls()]
    matches = [e for e in entries if entry_fingerprint(e).startswith(wanted)]
    if not matches:
        raise UserError(
            _("Nothing in the trust store has the fingerprint {fingerprint}.").format(
                fingerprint=fingerprint_text
            )
        )
    if len(matches) > 1:
        raise UserError(
            _("Several entries match {fingerprint}; give more digits.").format(
                fingerprint=fingerprint_text
            )
        )
    return matches[0]


def remove_entry(store: TrustStore, fingerprint_text: str) -> TrustEntry:
    """Remove a certificate or CRL the office imported; shipped ones cannot be removed."""
    entry = find_entry(store, fingerprint_text)
    if entry.source != "user":
        raise UserError(
            _("“{name}” is shipped with the program and cannot be removed.").format(
                name=entry_name(entry)
            )
        )
    try:
        entry.path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise UserError(
            _("Cannot remove “{path}”: {reason}.").format(
                path=entry.path, reason=exc.strerror or exc
            )
        ) from None
    log.info("trust store: removed %s", entry_fingerprint(entry))
    return entry
