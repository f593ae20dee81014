"""Signatures made elsewhere with what Vietnamese rules forbid (RSA-1024, a SHA-1 digest) are
never reported valid, even when intact and issued under a trusted root."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from fixtures.pki import NOW, Issued, make_leaf, make_pki, write_pem
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from signing_fixtures import dossier_pdf

from anninh_desktop.services.signing.certificates import asn1_certificate
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.signing.verify import TrustProblem, Verdict, verify_pdf
from anninh_desktop.services.signing.verify_texts import trust_text

pytestmark = pytest.mark.slow


def _foreign_signature(tmp_path: Path, leaf: Issued, chain: Issued, digest: str) -> Path:
    """Signed by another program that checks nothing (pyHanko directly)."""
    signer = signers.SimpleSigner(
        signing_cert=asn1_certificate(leaf.cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            leaf.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs([asn1_certificate(chain.cert)]),
    )
    source = dossier_pdf(tmp_path / f"u-{digest}.pdf")
    target = tmp_path / f"s-{digest}-{leaf.cert.serial_number}.pdf"
    with source.open("rb") as fh, target.open("wb") as out:
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="ChiHuy", md_algorithm=digest), signer
        ).sign_pdf(IncrementalPdfFileWriter(fh), output=out, existing_fields_only=True)
    return target


@pytest.mark.parametrize(("key", "digest"), [("rsa1024", "sha256"), ("rsa2048", "sha1")])
def test_weak_keys_and_digests_are_not_valid(tmp_path: Path, key: str, digest: str) -> None:
    pki = make_pki()
    store = TrustStore(bundled_dir=tmp_path / "none", user_dir=tmp_path / "trust")
    import_trust_files(store, [write_pem(tmp_path / "c.pem", pki.root.cert, pki.intermediate.cert)])
    weak = make_leaf(pki.intermediate, "Người Ký Yếu", key=key)
    (sig,) = verify_pdf(
        _foreign_signature(tmp_path, weak, pki.intermediate, digest), store, NOW
    ).signatures
    assert sig.intact and sig.verdict is Verdict.INVALID and not sig.trusted
    assert sig.trust_problem == TrustProblem.WEAK_ALGORITHM
    assert trust_text(sig) == "Certificate: not trusted: it uses an algorithm that is too weak."
    # the same with a good key and digest is valid: the test is about the weakness only
    good = make_leaf(pki.intermediate, "Người Ký Tốt", key="rsa2048")
    (fine,) = verify_pdf(
        _foreign_signature(tmp_path, good, pki.intermediate, "sha256"), store, NOW
    ).signatures
    assert fine.verdict is Verdict.VALID
