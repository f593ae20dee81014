"""Signing in the vendor's own tool: export the unsigned PDF, re-import the signed one.

Some tokens only work with their vendor's signing program. The user exports the dossier, signs it
there, and imports the result. A signature is an incremental update, so the signed file must start
with exactly the bytes we exported and hold more signatures than they did: that proves it is our
document with a signature added, not another file or a rewritten copy. It is then verified and
stored; a signature from an authority not (yet) in the trust roots is kept, and the report says so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.changes import Severity
from anninh_desktop.services.signing.collect import collect_signatures
from anninh_desktop.services.signing.pdf_files import (
    CHUNK,
    discard,
    finish_partial,
    open_pdf,
    partial_path,
    sha256_file,
    write_error,
)
from anninh_desktop.services.signing.records import file_sha256, record_verification
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.verify import VerificationReport, verify_pdf
from anninh_desktop.services.signing.verify_texts import overall_text
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class ExternalExport:
    path: Path
    sha256: str
    size: int
    signatures: int  # signatures already in the exported file


def _copy(source: Path, target: Path) -> None:
    tmp = partial_path(target)
    try:
        shutil.copyfile(source, tmp)
    except OSError as exc:
        discard(tmp)
        raise write_error(exc, target) from None
    finish_partial(tmp, target)


def _signature_count(path: Path) -> int:
    with open_pdf(path) as (reader, _fh):
        return len(collect_signatures(reader))


def export_for_external_signing(source: Path, target: Path) -> ExternalExport:
    """Copy the PDF for the vendor's tool (after checking it can be read) and remember what it was."""
    count = _signature_count(source)
    _copy(source, target)
    return ExternalExport(
        path=target, sha256=sha256_file(target), size=target.stat().st_size, signatures=count
    )


def _starts_with(signed: Path, exported: Path) -> bool:
    with exported.open("rb") as a, signed.open("rb") as b:
        while True:
            chunk = a.read(CHUNK)
            if not chunk:
                return bool(b.read(1))  # the signed file must be longer
            if b.read(len(chunk)) != chunk:
                return False


def import_externally_signed(
    ws: Workspace, exported: Path, signed: Path, target: Path, *, now: datetime | None = None
) -> VerificationReport:
    """Check that `signed` is `exported` with a signature added, verify it, store it as `target`."""
    before = _signature_count(exported)
    after = _signature_count(signed)  # also refuses a damaged, non-PDF or encrypted file
    if after <= before:
        raise UserError(
            _("“{signed}” holds no new signature. Sign the exported file first.").format(
                signed=signed
            )
        )
    try:
        same_document = _starts_with(signed, exported)
    except OSError as exc:
        raise UserError(
            _("Cannot read “{path}”: {reason}.").format(path=signed, reason=exc.strerror or exc)
        ) from None
    if not same_document:
        raise UserError(
            _(
                "“{signed}” is not the exported document with a signature added: either it is "
                "another file, or the signing program rewrote the document instead of adding a "
                "signature to it. Sign “{exported}” again, keeping the original (incremental "
                "signing)."
            ).format(signed=signed, exported=exported)
        )
    report = verify_pdf(signed, trust_store_for(ws.root), now or ws.clock())
    broken = [
        s
        for s in report.signatures
        if not (s.intact and s.valid) or s.error or s.change_severity() is Severity.BAD
    ]
    if broken:
        raise UserError(
            _("The signed file fails verification, so it was not stored: {verdict}").format(
                verdict=overall_text(report)
            )
        )
    _copy(signed, target)
    record_verification(ws, target, report, signed_from=file_sha256(exported))
    return report
