"""Acceptance: complete chains from a token holding only the signer's certificate (issue 15, 1).

An independent PKI made here (root ECDSA P-384 → intermediate ECDSA P-256 → signers RSA-2048 and
ECDSA P-384) and SoftHSM2 tokens holding only the signer's certificate, as Vietnamese CA tokens do.
The signature must verify as valid in our verifier, in pyHanko's own validator given nothing but
the root, and in poppler's pdfsig (digest); without the intermediate anywhere, signing is refused
with the missing certificate's name unless accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography import x509
from fixtures.pki import NOW, Issued, make_intermediate, make_leaf, make_root, write_pem
from fixtures.softhsm import TokenKey, TokenSpec, softhsm_tokens
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from signing_fixtures import dossier_pdf, pdfsig

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.signing.certificates import asn1_certificate, fingerprint
from anninh_desktop.services.signing.chain import IncompleteChain
from anninh_desktop.services.signing.pkcs11_source import Pkcs11Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.signing.verify import TrustProblem, Verdict, verify_pdf
from anninh_desktop.services.signing.verify_texts import report_lines

pytestmark = pytest.mark.slow

PIN = "135790"


class Hierarchy:
    def __init__(self) -> None:
        self.root = make_root("Root CA Quốc gia Thử nghiệm", key="ec384")
        self.intermediate = make_intermediate(self.root, "VNPT-CA Thử nghiệm", key="ec256")
        self.rsa = make_leaf(self.intermediate, "Nguyễn Thị Hường", key="rsa2048")
        self.ec = make_leaf(self.intermediate, "Trần Văn Bình", key="ec384")


@pytest.fixture(scope="module")
def pki() -> Hierarchy:
    return Hierarchy()


@pytest.fixture(scope="module")
def module_path(tmp_path_factory: pytest.TempPathFactory, pki: Hierarchy) -> Iterator[Path]:
    tokens = [
        TokenSpec("Token RSA", PIN, [TokenKey("ky-so-rsa", b"\x01", pki.rsa)]),
        TokenSpec("Token ECDSA", PIN, [TokenKey("ky-so-ec", b"\x02", pki.ec)]),
    ]
    with softhsm_tokens(tmp_path_factory.mktemp("softhsm-chain"), tokens) as module:
        yield module


def _store(folder: Path, *certs: Issued) -> TrustStore:
    folder.mkdir(parents=True, exist_ok=True)
    store = TrustStore(bundled_dir=folder / "none", user_dir=folder / "trust")
    import_trust_files(store, [write_pem(folder / "import.pem", *(c.cert for c in certs))])
    return store


def _embedded(path: Path) -> list[str]:
    """Fingerprints of the certificates inside the (only) signature."""
    with path.open("rb") as fh:
        (sig,) = PdfFileReader(fh).embedded_signatures
        signed: cms.SignedData = sig.signed_data
        return sorted(
            fingerprint(x509.load_der_x509_certificate(c.dump())) for c in signed["certificates"]
        )


@pytest.mark.parametrize("label", ["Token RSA", "Token ECDSA"])
def test_a_token_signature_carries_its_chain_and_verifies_everywhere(
    module_path: Path, pki: Hierarchy, tmp_path: Path, label: str
) -> None:
    leaf = pki.rsa if label == "Token RSA" else pki.ec
    office = _store(tmp_path / "commune", pki.root, pki.intermediate)
    source = Pkcs11Source(module_path, pin=PIN, token_label=label)
    result = sign_pdf(
        dossier_pdf(tmp_path / "ho-so.pdf"),
        tmp_path / "signed.pdf",
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=office,
    )
    assert result.chain == ("VNPT-CA Thử nghiệm",) and result.chain_complete
    # the signature holds the signer and the intermediate (once each), never the root
    assert _embedded(result.path) == sorted(
        [fingerprint(leaf.cert), fingerprint(pki.intermediate.cert)]
    )

    # ours, at an office that has imported the intermediate
    report = verify_pdf(result.path, office, NOW)
    (sig,) = report.signatures
    assert sig.verdict is Verdict.VALID and report.ok
    assert sig.fingerprint == fingerprint(leaf.cert)
    assert [link.name for link in sig.chain] == [
        "VNPT-CA Thử nghiệm",
        "Root CA Quốc gia Thử nghiệm",
    ]
    assert sig.chain[-1].trusted_root

    # ours, at the province, which trusts only the root
    province = _store(tmp_path / "province", pki.root)
    assert verify_pdf(result.path, province, NOW).ok

    # pyHanko's own validator, given nothing but the root
    with result.path.open("rb") as fh:
        (embedded,) = PdfFileReader(fh).embedded_signatures
        context = ValidationContext(
            trust_roots=[asn1_certificate(pki.root.cert)], allow_fetching=False, moment=NOW
        )
        status = validate_pdf_signature(embedded, signer_validation_context=context)
        assert status.bottom_line and status.trusted and status.intact

    # poppler checks the digest and agrees
    (poppler,) = pdfsig(result.path)
    assert poppler.valid and poppler.total_document


def test_without_the_intermediate_signing_is_refused_with_its_name(
    module_path: Path, pki: Hierarchy, tmp_path: Path
) -> None:
    root_only = _store(tmp_path / "commune", pki.root)
    source = Pkcs11Source(module_path, pin=PIN, token_label="Token RSA")
    target = tmp_path / "signed.pdf"
    unsigned = dossier_pdf(tmp_path / "ho-so.pdf")
    with pytest.raises(IncompleteChain) as refused:
        sign_pdf(
            unsigned, target, signer=source, role=SignerRole.COMMANDER, now=NOW, trust=root_only
        )
    assert "“VNPT-CA Thử nghiệm”" in refused.value.message
    assert "Nguyễn Thị Hường" in refused.value.message
    assert not target.exists()

    # accepted explicitly: signed, and the report says why it is not trusted
    result = sign_pdf(
        unsigned,
        target,
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=root_only,
        accept_incomplete_chain=True,
    )
    assert not result.chain_complete and result.chain == ()
    (sig,) = verify_pdf(result.path, root_only, NOW).signatures
    assert sig.verdict is Verdict.INVALID and not sig.trusted and sig.intact
    assert sig.trust_problem == TrustProblem.NO_CHAIN
    assert sig.missing_issuer == "VNPT-CA Thử nghiệm"
    text = "\n".join(report_lines(verify_pdf(result.path, root_only, NOW)))
    assert "the certificate of “VNPT-CA Thử nghiệm” is missing" in text
    assert "CERTIFICATE" not in text and "Error" not in text  # no internal codes


def test_a_missing_root_is_named_too(module_path: Path, pki: Hierarchy, tmp_path: Path) -> None:
    # the office imported the intermediate but not the root
    store = _store(tmp_path / "commune", pki.intermediate)
    with pytest.raises(IncompleteChain, match="the issuer “Root CA Quốc gia Thử nghiệm” of “VNPT"):
        sign_pdf(
            dossier_pdf(tmp_path / "ho-so.pdf"),
            tmp_path / "signed.pdf",
            signer=Pkcs11Source(module_path, pin=PIN, token_label="Token ECDSA"),
            role=SignerRole.COMMANDER,
            now=NOW,
            trust=store,
        )
