"""Acceptance: revocation, honestly (issue 15, item 3), with an independent PKI and its CRLs.

With a CRL in the trust store a revoked certificate is refused at signing and shown revoked, with
its date, at verification; without revocation data the report says so plainly and the overall
verdict says what was and was not checked. The certificates carry no CRL distribution point (as
many test and some real ones): the list applies because its issuer signed it, not because the
certificate points at it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fixtures.pki import (
    NOW,
    Issued,
    Pki,
    make_crl,
    make_leaf,
    make_pki,
    write_crl,
    write_p12,
    write_pem,
)
from signing_fixtures import dossier_pdf, pdfsig

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.chain import IncompleteChain
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.revocation import RevocationState
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.signing.verify import TrustProblem, Verdict, verify_pdf
from anninh_desktop.services.signing.verify_texts import overall_text, report_lines

pytestmark = pytest.mark.slow

PASSWORD = "mật khẩu"


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki("ec256")


@pytest.fixture
def store(tmp_path: Path, pki: Pki) -> TrustStore:
    folder = tmp_path / "data"
    folder.mkdir()
    trust = TrustStore(bundled_dir=tmp_path / "none", user_dir=folder / "trust")
    import_trust_files(
        trust, [write_pem(tmp_path / "chain.pem", pki.root.cert, pki.intermediate.cert)]
    )
    return trust


def _p12(tmp_path: Path, leaf: Issued, *chain: Issued) -> Pkcs12Source:
    path = write_p12(tmp_path / f"{leaf.name}.p12", leaf, [c.cert for c in chain], PASSWORD)
    return Pkcs12Source(path, PASSWORD)


def _sign(
    tmp_path: Path, source: Pkcs12Source, store: TrustStore, name: str = "signed.pdf"
) -> Path:
    return sign_pdf(
        dossier_pdf(tmp_path / f"unsigned-{name}"),
        tmp_path / name,
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=store,
    ).path


def test_a_revoked_signer_is_refused_at_signing(
    tmp_path: Path, pki: Pki, store: TrustStore
) -> None:
    import_trust_files(store, [write_crl(tmp_path / "ca.crl", pki.crl())])
    target = tmp_path / "signed.pdf"
    with pytest.raises(UserError) as refused:
        sign_pdf(
            dossier_pdf(tmp_path / "ho-so.pdf"),
            target,
            signer=_p12(tmp_path, pki.revoked, pki.intermediate),
            role=SignerRole.COMMANDER,
            now=NOW,
            trust=store,
            accept_incomplete_chain=True,  # accepting a chain never lets a revoked one sign
        )
    message = refused.value.message
    assert "The certificate of Trần Văn Bị Thu Hồi was revoked on 20/02/2026 09:00" in message
    assert "the key was compromised" in message
    assert "the revocation list of “CA Trung gian Thử nghiệm” of 01/03/2026" in message
    assert not target.exists()
    # the good signer of the same authority still signs, and the report says it was checked
    report = verify_pdf(_sign(tmp_path, _p12(tmp_path, pki.signer), store), store, NOW)
    (sig,) = report.signatures
    assert report.ok and sig.revocation_checked
    assert sig.revocation[0].state is RevocationState.GOOD
    assert "Revocation: not revoked, according to the revocation list of" in report_lines(report)[9]
    assert "revocation checked against the revocation lists at hand" in overall_text(report)


def test_a_revoked_authority_is_refused_too(tmp_path: Path, pki: Pki, store: TrustStore) -> None:
    root_crl = make_crl(pki.root, [(pki.intermediate.cert, NOW - timedelta(days=3))])
    import_trust_files(store, [write_crl(tmp_path / "root.crl", root_crl)])
    with pytest.raises(
        UserError, match="The certificate of the authority “CA Trung gian Thử nghiệm”"
    ):
        _sign(tmp_path, _p12(tmp_path, pki.signer), store)


def test_a_revoked_signature_is_flagged_at_verification_with_its_date(
    tmp_path: Path, pki: Pki, store: TrustStore
) -> None:
    # signed while the office had no list yet
    signed = _sign(tmp_path, _p12(tmp_path, pki.revoked), store)
    before = verify_pdf(signed, store, NOW)
    assert before.ok  # nothing says otherwise… and the report says what was not checked
    assert "revocation status NOT checked: no revocation list" in overall_text(before)
    assert (
        "Revocation: not checked: no revocation list of “CA Trung gian Thử nghiệm” (import its "
        "CRL to check)." in report_lines(before)
    )

    import_trust_files(store, [write_crl(tmp_path / "ca.crl", pki.crl())])
    after = verify_pdf(signed, store, NOW)
    (sig,) = after.signatures
    assert sig.revoked and not sig.trusted and sig.verdict is Verdict.INVALID and not after.ok
    assert sig.trust_problem == TrustProblem.REVOKED
    status = sig.revocation[0]
    assert status.state is RevocationState.REVOKED and status.revoked_at == pki.revoked_at
    lines = report_lines(after)
    assert any(
        line.startswith("Revocation: REVOKED on 20/02/2026 09:00 (the key was compromised)")
        for line in lines
    )
    assert lines[-1] == "1 of 1 signature is NOT valid."
    # poppler only checks the digest here: intact for both
    (poppler,) = pdfsig(signed)
    assert poppler.valid and sig.intact


def test_an_out_of_date_list_still_counts_and_says_so(
    tmp_path: Path, pki: Pki, store: TrustStore
) -> None:
    old = make_crl(
        pki.intermediate,
        [(pki.revoked.cert, pki.revoked_at)],
        this_update=NOW - timedelta(days=9),
        next_update=NOW - timedelta(days=2),
    )
    import_trust_files(store, [write_crl(tmp_path / "old.crl", old)])
    # a revocation in an old list stands
    with pytest.raises(UserError, match="was revoked on"):
        _sign(tmp_path, _p12(tmp_path, pki.revoked), store, "r.pdf")
    # a good certificate stays valid, with the list's age said
    report = verify_pdf(_sign(tmp_path, _p12(tmp_path, pki.signer), store), store, NOW)
    assert report.ok and report.signatures[0].revocation[0].stale
    text = "\n".join(report_lines(report))
    assert "That list is out of date (a newer one was due on 28/02/2026)" in text
    assert "(some are out of date)" in overall_text(report)


def test_a_carried_root_that_the_office_does_not_trust(tmp_path: Path, pki: Pki) -> None:
    """A .p12 with its whole chain, the root included, at an office that never imported it."""
    empty = TrustStore(bundled_dir=tmp_path / "a", user_dir=tmp_path / "b")
    source = _p12(tmp_path, pki.signer, pki.intermediate, pki.root)
    with pytest.raises(
        IncompleteChain, match=r"its root “Root CA Thử nghiệm Độc lập” .* is not in"
    ):
        _sign(tmp_path, source, empty)


def test_a_p12_without_its_chain_takes_the_intermediate_from_the_store(
    tmp_path: Path, pki: Pki, store: TrustStore
) -> None:
    signed = _sign(tmp_path, _p12(tmp_path, make_leaf(pki.intermediate, "Lê Thị Lan")), store)
    elsewhere = TrustStore(bundled_dir=tmp_path / "x", user_dir=tmp_path / "province")
    import_trust_files(elsewhere, [write_pem(tmp_path / "root.pem", pki.root.cert)])
    assert verify_pdf(signed, elsewhere, NOW).ok


def test_a_list_whose_issuer_comes_only_with_the_key_still_counts(tmp_path: Path, pki: Pki) -> None:
    """The office trusts the root only; the intermediate comes inside the .p12. Its CRL, imported
    before (or without) the intermediate, still stops the revoked signer."""
    folder = tmp_path / "office"
    folder.mkdir()
    store = TrustStore(bundled_dir=tmp_path / "none", user_dir=folder / "trust")
    import_trust_files(store, [write_crl(tmp_path / "ca.crl", pki.crl())])  # the list first
    import_trust_files(store, [write_pem(tmp_path / "root.pem", pki.root.cert)])
    with pytest.raises(UserError, match="was revoked on 20/02/2026"):
        _sign(tmp_path, _p12(tmp_path, pki.revoked, pki.intermediate), store)
    report = verify_pdf(
        _sign(tmp_path, _p12(tmp_path, pki.signer, pki.intermediate), store), store, NOW
    )
    assert report.ok and report.signatures[0].revocation[0].state is RevocationState.GOOD
