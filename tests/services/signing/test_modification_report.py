"""Acceptance: a report that tells the truth about what happened after signing (issue 15, item 4).

Tampered copies are made here the way a forger would: an incremental update changing the document
information ("Hồ sơ ĐÃ ĐƯỢC PHÊ DUYỆT"), bytes appended after %%EOF, a comment added, a page added,
a signed byte flipped, a broken signature. Each gets its own sentence and weight, metadata and
trailing bytes are warnings (never "allowed"), and poppler's pdfsig agrees wherever it can judge:
its digest verdict is our integrity, its "total document signed" is our "no change after".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.pki import NOW, make_pki, write_p12, write_pem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from signing_fixtures import add_page_incrementally, dossier_pdf, pdfsig

from anninh_desktop import i18n
from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.signing.changes import ChangeKind, Severity
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.signing.verify import Verdict, VerificationReport, verify_pdf
from anninh_desktop.services.signing.verify_texts import (
    change_lines,
    overall_text,
    report_lines,
    signature_lines_with_severity,
    trust_text,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(trust folder, commander-signed PDF, PDF signed by commander then organisation)."""
    folder = tmp_path_factory.mktemp("modification")
    pki = make_pki("rsa2048")
    store = TrustStore(bundled_dir=folder / "none", user_dir=folder / "trust")
    import_trust_files(store, [write_pem(folder / "ca.pem", pki.root.cert, pki.intermediate.cert)])
    commander = Pkcs12Source(write_p12(folder / "c.p12", pki.signer, [], "1"), "1")
    organisation = Pkcs12Source(write_p12(folder / "o.p12", pki.revoked, [], "1"), "1")
    once = sign_pdf(
        dossier_pdf(folder / "ho-so.pdf"),
        folder / "once.pdf",
        signer=commander,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=store,
    ).path
    twice = sign_pdf(
        once,
        folder / "twice.pdf",
        signer=organisation,
        role=SignerRole.ORGANISATION,
        now=NOW,
        trust=store,
    ).path
    return folder / "trust", once, twice


def _verify(material: tuple[Path, Path, Path], path: Path) -> VerificationReport:
    trust_dir = material[0]
    return verify_pdf(path, TrustStore(bundled_dir=trust_dir / "none", user_dir=trust_dir), NOW)


def _agrees_with_pdfsig(report: VerificationReport) -> None:
    poppler = pdfsig(report.path)
    assert [p.field for p in poppler] == [s.field_name for s in report.signatures]
    for ours, theirs in zip(report.signatures, poppler, strict=True):
        assert theirs.valid == (ours.intact and ours.valid), ours.field_name
        assert theirs.total_document == (ours.changes == ()), ours.field_name


def _metadata_changed(source: Path, target: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(source, incremental=True)
    writer.add_metadata({"/Title": "Hồ sơ ĐÃ ĐƯỢC PHÊ DUYỆT", "/Author": "Ai đó"})
    writer.write(target)
    assert target.read_bytes().startswith(source.read_bytes())
    return target


def _annotated(source: Path, target: Path) -> Path:
    with source.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        page_ref, _resources = writer.find_page_for_modification(0)
        page = page_ref.get_object()
        note = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(v) for v in (50, 700, 70, 720)]
                ),
                generic.pdf_name("/Contents"): generic.pdf_string("Đã duyệt"),
            }
        )
        page[generic.pdf_name("/Annots")] = generic.ArrayObject([writer.add_object(note)])
        writer.update_container(page)
        with target.open("wb") as out:
            writer.write(out)
    return target


def test_further_signatures_only(material: tuple[Path, Path, Path]) -> None:
    report = _verify(material, material[2])
    commander, organisation = report.signatures
    assert commander.changes == (ChangeKind.SIGNATURES,) and organisation.changes == ()
    assert report.verdict is Verdict.VALID
    assert change_lines(commander) == [
        ("After signing: further signatures were added (allowed).", Severity.OK)
    ]
    _agrees_with_pdfsig(report)


def test_a_metadata_change_is_a_warning_not_allowed(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    report = _verify(material, _metadata_changed(material[2], tmp_path / "meta.pdf"))
    for sig in report.signatures:
        assert ChangeKind.METADATA in sig.changes and ChangeKind.CONTENT not in sig.changes
        assert sig.intact and sig.trusted and sig.verdict is Verdict.WARNING
    assert report.verdict is Verdict.WARNING and not report.ok
    (line,) = [t for t, s in change_lines(report.signatures[1]) if s is Severity.WARNING]
    assert line.startswith("After signing: the document information (title, author, subject…)")
    assert "allowed" not in line
    assert "the document information (title, author…) was changed" in overall_text(report)
    _agrees_with_pdfsig(report)


@pytest.mark.parametrize(
    "tail",
    [b"\n% appended\nABCDEF\n", b"\nsome junk %%EOF\n", b"\r\n" + b"\x00" * 3 + b"x"],
    ids=["junk", "fake-eof", "nul-then-byte"],
)
def test_bytes_after_the_last_revision_are_a_warning(
    material: tuple[Path, Path, Path], tmp_path: Path, tail: bytes
) -> None:
    grown = tmp_path / "tail.pdf"
    grown.write_bytes(material[1].read_bytes() + tail)
    report = _verify(material, grown)
    (sig,) = report.signatures
    assert sig.changes == (ChangeKind.TRAILING_BYTES,)
    assert sig.trailing_bytes == len(tail) and sig.verdict is Verdict.WARNING
    (line, weight) = change_lines(sig)[0]
    assert weight is Severity.WARNING
    assert f"After the end of the last revision {len(tail)} bytes were appended" in line
    _agrees_with_pdfsig(report)


def test_white_space_after_eof_is_not_a_change(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(material[1].read_bytes() + b"\r\n\n ")
    (sig,) = _verify(material, padded).signatures
    assert sig.changes == () and sig.verdict is Verdict.VALID


def test_a_comment_added_after_signing(material: tuple[Path, Path, Path], tmp_path: Path) -> None:
    report = _verify(material, _annotated(material[1], tmp_path / "note.pdf"))
    (sig,) = report.signatures
    assert ChangeKind.ANNOTATIONS in sig.changes, sig.changes
    assert sig.verdict is Verdict.WARNING
    assert "they are not part of what was signed" in change_lines(sig)[0][0]
    _agrees_with_pdfsig(report)


def test_a_page_added_is_not_valid(material: tuple[Path, Path, Path], tmp_path: Path) -> None:
    report = _verify(material, add_page_incrementally(material[2], tmp_path / "page.pdf"))
    assert all(ChangeKind.CONTENT in s.changes for s in report.signatures)
    assert all(s.verdict is Verdict.INVALID for s in report.signatures)
    texts = [t for t, _s in change_lines(report.signatures[0])]
    assert "After signing: pages or their content were changed (not allowed)." in texts
    _agrees_with_pdfsig(report)


def test_a_flipped_byte_breaks_integrity_not_trust(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    data = bytearray(material[1].read_bytes())
    at = data.index(b"ReportLab")
    data[at] = ord("r")
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    report = _verify(material, flipped)
    (sig,) = report.signatures
    assert not sig.intact and sig.verdict is Verdict.INVALID
    # the certificate is still the trusted one: the report says the content changed, not that
    assert sig.trusted and trust_text(sig).startswith("Certificate: trusted")
    assert "Integrity: the signed content has been CHANGED since signing." in report_lines(report)
    _agrees_with_pdfsig(report)


def test_a_broken_signature_shows_no_internal_code(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    data = material[1].read_bytes()
    contents = re.search(rb"/Contents\s*<([0-9a-fA-F]{40})", data)
    assert contents is not None
    start = contents.start(1)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:start] + b"0" * 40 + data[start + 40 :])
    report = _verify(material, broken)
    (sig,) = report.signatures
    assert sig.verdict is Verdict.INVALID
    text = "\n".join(report_lines(report))
    fingerprints = re.sub(r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}", "", text)
    assert not re.search(r"\b[A-Z][A-Z_]{5,}\b|Error|Exception", fingerprints.replace("SHA", "")), (
        text
    )


def test_the_report_in_vietnamese(material: tuple[Path, Path, Path], tmp_path: Path) -> None:
    report = _verify(material, _metadata_changed(material[1], tmp_path / "meta.pdf"))
    grown = tmp_path / "tail.pdf"
    grown.write_bytes(material[1].read_bytes() + b"rac")
    tail = _verify(material, grown)
    i18n.set_language("vi")
    lines = dict(signature_lines_with_severity(report.signatures[0], 1))
    assert (
        "Sau khi ký: thông tin tài liệu (tiêu đề, tác giả, chủ đề…) đã bị thay đổi; tiêu đề "
        "hoặc tác giả mà phần mềm xem tệp hiển thị có thể không phải là nội dung đã ký."
    ) in lines
    assert not any("được phép" in t for t, s in lines.items() if s is Severity.WARNING)
    assert (
        "Kết luận: NỘI DUNG ĐÃ KÝ CÒN NGUYÊN VẸN, NHƯNG TỆP ĐÃ BỊ THAY ĐỔI SAU KHI KÝ (cảnh báo)."
        in lines
    )
    assert "chưa kiểm tra tình trạng thu hồi: không có danh sách thu hồi" in overall_text(report)
    (tail_line,) = change_lines(tail.signatures[0])
    assert tail_line[0].startswith("Sau phần cuối của lần lưu cuối cùng có thêm 3 byte")


def test_a_signature_in_an_unknown_format_is_not_skipped(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    data = material[2].read_bytes()
    known = b"/SubFilter /ETSI.CAdES.detached"
    assert known in data
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(data.replace(known, b"/SubFilter /adbe.x509.rsa_sha1 ", 1))
    report = _verify(material, odd)
    assert len(report.signatures) == 2  # pyHanko's own list would hold only one
    assert [s.verdict for s in report.signatures].count(Verdict.INVALID) >= 1
    assert not report.ok
    assert "Integrity: the signature is in a format this program cannot check." in report_lines(
        report
    )
