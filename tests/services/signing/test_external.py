"""Signing in the vendor's tool: export, sign elsewhere (simulated with our signer), re-import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from signing_fixtures import NOW, Issued, add_page_incrementally, foreign_pdf, write_pem

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.external import (
    export_for_external_signing,
    import_externally_signed,
)
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


def _vendor_sign(exported: Path, out: Path, signer: Pkcs12Source) -> Path:
    """What the vendor's tool does: an incremental signature into the exported file."""
    return sign_pdf(exported, out, signer=signer, role=SignerRole.COMMANDER, now=NOW).path


@pytest.fixture
def exported(tmp_path: Path, unsigned: Path) -> Path:
    export = export_for_external_signing(unsigned, tmp_path / "export" / "ho-so-de-ky.pdf")
    assert export.path.read_bytes() == unsigned.read_bytes()
    assert export.signatures == 0
    return export.path


@pytest.fixture(autouse=True)
def _export_folder(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()


def test_a_signature_added_elsewhere_is_verified_and_stored(
    ws: Workspace, tmp_path: Path, exported: Path, commander_p12: Pkcs12Source, ca: Issued
) -> None:
    import_trust_files(trust_store_for(ws.root), [write_pem(tmp_path / "ca.pem", ca.cert)])
    signed = _vendor_sign(exported, tmp_path / "vendor-out.pdf", commander_p12)
    target = tmp_path / "ho-so-da-ky.pdf"
    report = import_externally_signed(ws, exported, signed, target, now=NOW)
    assert report.ok
    assert target.read_bytes() == signed.read_bytes()
    stored = ws.store.verifications.find_by_sha256(report.sha256)
    assert stored is not None and stored.verification.startswith("The signature is valid.")


def test_an_untrusted_vendor_signature_is_kept_and_reported(
    ws: Workspace, tmp_path: Path, exported: Path, commander_p12: Pkcs12Source
) -> None:
    signed = _vendor_sign(exported, tmp_path / "vendor-out.pdf", commander_p12)
    report = import_externally_signed(ws, exported, signed, tmp_path / "kept.pdf", now=NOW)
    assert not report.ok and not report.signatures[0].trusted
    assert (tmp_path / "kept.pdf").exists()


def test_another_document_is_refused(
    ws: Workspace, tmp_path: Path, exported: Path, commander_p12: Pkcs12Source
) -> None:
    other = foreign_pdf(tmp_path / "other.pdf")
    signed_other = _vendor_sign(other, tmp_path / "other-signed.pdf", commander_p12)
    with pytest.raises(UserError, match="is not the exported document with a signature added"):
        import_externally_signed(ws, exported, signed_other, tmp_path / "t.pdf", now=NOW)
    assert not (tmp_path / "t.pdf").exists()


def test_a_rewritten_document_is_refused(
    ws: Workspace, tmp_path: Path, exported: Path, commander_p12: Pkcs12Source
) -> None:
    from pypdf import PdfReader, PdfWriter

    signed = _vendor_sign(exported, tmp_path / "vendor-out.pdf", commander_p12)
    rewritten = tmp_path / "rewritten.pdf"
    PdfWriter(clone_from=PdfReader(signed)).write(rewritten)
    with pytest.raises(UserError, match="is not the exported document with a signature added"):
        import_externally_signed(ws, exported, rewritten, tmp_path / "t.pdf", now=NOW)
    assert not (tmp_path / "t.pdf").exists()


def test_no_new_signature_and_changes_after_signing_are_refused(
    ws: Workspace, tmp_path: Path, exported: Path, commander_p12: Pkcs12Source
) -> None:
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(exported, copy)
    with pytest.raises(UserError, match="holds no new signature"):
        import_externally_signed(ws, exported, copy, tmp_path / "t.pdf", now=NOW)
    signed = _vendor_sign(exported, tmp_path / "vendor-out.pdf", commander_p12)
    grown = add_page_incrementally(signed, tmp_path / "grown.pdf")
    with pytest.raises(UserError, match="fails verification"):
        import_externally_signed(ws, exported, grown, tmp_path / "t.pdf", now=NOW)
    assert not (tmp_path / "t.pdf").exists()
