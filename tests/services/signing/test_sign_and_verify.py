"""Signing into our fields, two signatures in sequence, and the verdicts of pdfsig and pyHanko.

pdfsig (poppler 22) checks each signature's digest and says whether it covers the whole file; it
does not judge what was appended. So "pdfsig says invalid after a page is added" reads: no
signature covers the whole document any more. pyHanko's overall verdict (`bottom_line`) judges
the appended change itself, and must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from signing_fixtures import (
    NOW,
    add_page_incrementally,
    change_signed_byte,
    foreign_pdf,
    pdfsig,
)

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.signing.appearance import Appearance
from anninh_desktop.services.signing.changes import ChangeKind
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import SignResult, sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.verify import TrustProblem, verify_pdf

pytestmark = pytest.mark.slow


def _sign_both(
    unsigned: Path,
    tmp_path: Path,
    commander: Pkcs12Source,
    organisation: Pkcs12Source,
    images: tuple[Path, Path],
) -> tuple[Path, SignResult, SignResult]:
    signature, seal = images
    first = sign_pdf(
        unsigned,
        tmp_path / "signed-1.pdf",
        signer=commander,
        role=SignerRole.COMMANDER,
        appearance=Appearance(signature_image=signature),
        now=NOW,
    )
    second = sign_pdf(
        first.path,
        tmp_path / "signed-2.pdf",
        signer=organisation,
        role=SignerRole.ORGANISATION,
        appearance=Appearance(seal_image=seal),
        now=NOW,
    )
    return second.path, first, second


@pytest.fixture
def signed_twice(
    unsigned: Path,
    tmp_path: Path,
    commander_p12: Pkcs12Source,
    organisation_p12: Pkcs12Source,
    images: tuple[Path, Path],
) -> Path:
    path, _first, _second = _sign_both(unsigned, tmp_path, commander_p12, organisation_p12, images)
    return path


def test_two_signatures_in_sequence_both_stay_valid(
    unsigned: Path,
    tmp_path: Path,
    commander_p12: Pkcs12Source,
    organisation_p12: Pkcs12Source,
    images: tuple[Path, Path],
    trust: TrustStore,
) -> None:
    path, first, second = _sign_both(unsigned, tmp_path, commander_p12, organisation_p12, images)
    assert (first.field_name, second.field_name) == ("ChiHuy", "CoQuan")
    assert not first.new_field and not second.new_field
    assert first.signer == "Nguyễn Thị Hường"
    assert second.signer == "Công an xã Hồ Thị Kỷ"
    # incremental: each signed file starts with the bytes it was made from
    assert path.read_bytes().startswith(first.path.read_bytes())
    assert first.path.read_bytes().startswith(unsigned.read_bytes())

    poppler = pdfsig(path)
    assert [s.field for s in poppler] == ["ChiHuy", "CoQuan"]
    assert all(s.valid for s in poppler)
    assert [s.total_document for s in poppler] == [False, True]

    report = verify_pdf(path, trust, NOW)
    assert report.ok
    commander, organisation = report.signatures
    assert (commander.role, organisation.role) == (SignerRole.COMMANDER, SignerRole.ORGANISATION)
    assert commander.signer == "Nguyễn Thị Hường"
    assert commander.issuer == "CA Thử nghiệm Tỉnh Cà Mau"
    assert commander.trusted and commander.intact and commander.bottom_line
    assert commander.changes == (ChangeKind.SIGNATURES,)  # the organisation signed after it
    assert organisation.changes == ()
    assert commander.signing_time == NOW
    assert report.sha256 == second.sha256


def test_a_changed_byte_breaks_both_verdicts(
    signed_twice: Path, tmp_path: Path, trust: TrustStore
) -> None:
    tampered = change_signed_byte(signed_twice, tmp_path / "tampered.pdf")
    poppler = pdfsig(tampered)
    assert len(poppler) == 2
    assert not poppler[0].valid and poppler[0].validation  # "Digest Mismatch."
    report = verify_pdf(tampered, trust, NOW)
    assert not report.signatures[0].intact
    assert not report.signatures[0].bottom_line
    assert not report.ok


def test_an_added_page_breaks_both_verdicts(
    signed_twice: Path, tmp_path: Path, trust: TrustStore
) -> None:
    assert any(s.total_document for s in pdfsig(signed_twice))
    grown = add_page_incrementally(signed_twice, tmp_path / "grown.pdf")
    poppler = pdfsig(grown)
    assert len(poppler) == 2
    assert not any(s.total_document for s in poppler)
    report = verify_pdf(grown, trust, NOW)
    assert all(s.intact for s in report.signatures)  # the signed bytes themselves are untouched
    assert [s.changes for s in report.signatures] == [
        (ChangeKind.SIGNATURES, ChangeKind.CONTENT),
        (ChangeKind.CONTENT,),
    ]
    assert not any(s.bottom_line for s in report.signatures)
    assert not report.ok


def test_untrusted_issuer_gives_a_bad_verdict(signed_twice: Path, empty_trust: TrustStore) -> None:
    report = verify_pdf(signed_twice, empty_trust, NOW)
    assert all(s.intact and s.valid for s in report.signatures)
    assert not any(s.trusted for s in report.signatures)
    # the root is not embedded (a receiver must have it): no chain to a trusted root here
    assert {s.trust_problem for s in report.signatures} == {TrustProblem.NO_CHAIN}
    assert not report.ok


def test_a_foreign_pdf_gets_new_fields(
    tmp_path: Path,
    commander_p12: Pkcs12Source,
    organisation_p12: Pkcs12Source,
    images: tuple[Path, Path],
    trust: TrustStore,
) -> None:
    source = foreign_pdf(tmp_path / "received.pdf")
    path, first, second = _sign_both(source, tmp_path, commander_p12, organisation_p12, images)
    assert first.new_field and second.new_field
    assert [s.valid for s in pdfsig(path)] == [True, True]
    report = verify_pdf(path, trust, NOW)
    assert report.ok
    assert [s.field_name for s in report.signatures] == ["ChiHuy", "CoQuan"]


def test_without_appearance_a_new_field_is_invisible(
    tmp_path: Path, commander_p12: Pkcs12Source, trust: TrustStore
) -> None:
    from pypdf import PdfReader

    source = foreign_pdf(tmp_path / "received.pdf")
    result = sign_pdf(
        source, tmp_path / "out.pdf", signer=commander_p12, role=SignerRole.APPRAISER, now=NOW
    )
    assert result.field_name == SIGNATURE_FIELD_NAMES[SignerRole.APPRAISER]
    widget = PdfReader(result.path).get_fields()[result.field_name]
    rect = [float(v) for v in widget.indirect_reference.get_object()["/Rect"]]
    assert rect[2] - rect[0] == 0 and rect[3] - rect[1] == 0
    report = verify_pdf(result.path, trust, NOW)
    assert report.ok and report.signatures[0].role is SignerRole.APPRAISER


def test_signing_in_place_replaces_the_file(
    unsigned: Path, commander_p12: Pkcs12Source, trust: TrustStore
) -> None:
    before = unsigned.read_bytes()
    sign_pdf(unsigned, unsigned, signer=commander_p12, role=SignerRole.COMMANDER, now=NOW)
    after = unsigned.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert verify_pdf(unsigned, trust, NOW).ok
    assert [p.name for p in unsigned.parent.iterdir() if p.name.endswith(".partial")] == []


def test_a_role_cannot_sign_twice(
    signed_twice: Path, tmp_path: Path, commander_p12: Pkcs12Source
) -> None:
    with pytest.raises(UserError, match="already signed"):
        sign_pdf(
            signed_twice,
            tmp_path / "again.pdf",
            signer=commander_p12,
            role=SignerRole.COMMANDER,
            now=NOW,
        )
    assert not (tmp_path / "again.pdf").exists()


def test_progress_and_cancel(unsigned: Path, tmp_path: Path, commander_p12: Pkcs12Source) -> None:
    steps: list[tuple[int, int]] = []
    sign_pdf(
        unsigned,
        tmp_path / "a.pdf",
        signer=commander_p12,
        role=SignerRole.COMMANDER,
        now=NOW,
        progress=lambda done, total: steps.append((done, total)),
    )
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]

    calls = {"n": 0}

    def cancel_late() -> bool:  # lets the signing run, then cancels before the rename
        calls["n"] += 1
        return calls["n"] >= 3

    target = tmp_path / "b.pdf"
    with pytest.raises(Cancelled):
        sign_pdf(
            unsigned,
            target,
            signer=commander_p12,
            role=SignerRole.COMMANDER,
            now=NOW,
            cancel=cancel_late,
        )
    assert calls["n"] == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("b.", ".b."))) == []


def test_an_encrypted_or_damaged_pdf_is_not_signed(
    tmp_path: Path, commander_p12: Pkcs12Source, unsigned: Path
) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(unsigned))
    writer.encrypt(user_password="", owner_password="chủ", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(UserError, match="is encrypted"):
        sign_pdf(
            locked, tmp_path / "o.pdf", signer=commander_p12, role=SignerRole.COMMANDER, now=NOW
        )
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(unsigned.read_bytes()[:300])
    with pytest.raises(UserError, match="is damaged"):
        sign_pdf(cut, tmp_path / "o.pdf", signer=commander_p12, role=SignerRole.COMMANDER, now=NOW)
    assert not (tmp_path / "o.pdf").exists()
