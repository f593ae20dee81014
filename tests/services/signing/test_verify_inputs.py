"""Verification of any file: refusals for what is not a readable PDF, texts, and what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from signing_fixtures import NOW, foreign_pdf

from anninh_desktop import i18n
from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.records import record_verification
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.verify import (
    SignatureReport,
    TrustProblem,
    VerificationReport,
    verify_pdf,
)
from anninh_desktop.services.signing.verify_texts import overall_text, report_lines
from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def signed(tmp_path: Path, unsigned: Path, commander_p12: Pkcs12Source) -> Path:
    return sign_pdf(
        unsigned,
        tmp_path / "signed.pdf",
        signer=commander_p12,
        role=SignerRole.COMMANDER,
        now=NOW,
    ).path


def test_a_file_that_is_not_a_pdf(tmp_path: Path, trust: TrustStore) -> None:
    path = tmp_path / "bao-cao.pdf"
    path.write_text("Báo cáo kết quả (Word, đổi đuôi)", encoding="utf-8")
    with pytest.raises(UserError, match="is not a PDF file"):
        verify_pdf(path, trust, NOW)


def test_a_truncated_pdf_is_damaged(tmp_path: Path, trust: TrustStore, signed: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(signed.read_bytes()[:400])
    with pytest.raises(UserError, match="is damaged"):
        verify_pdf(path, trust, NOW)


def test_an_encrypted_pdf(tmp_path: Path, trust: TrustStore) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = foreign_pdf(tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="chủ", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(UserError, match="is encrypted"):
        verify_pdf(locked, trust, NOW)


def test_missing_file_and_folder(tmp_path: Path, trust: TrustStore) -> None:
    with pytest.raises(UserError, match="does not exist"):
        verify_pdf(tmp_path / "nowhere.pdf", trust, NOW)
    with pytest.raises(UserError, match="is a folder"):
        verify_pdf(tmp_path, trust, NOW)


def test_an_unsigned_pdf_is_not_ok(tmp_path: Path, trust: TrustStore) -> None:
    report = verify_pdf(foreign_pdf(tmp_path / "plain.pdf"), trust, NOW)
    assert report.signatures == ()
    assert not report.ok
    assert overall_text(report) == "The file has no signature."


def test_report_texts_follow_the_language(signed: Path, trust: TrustStore, tmp_path: Path) -> None:
    report = verify_pdf(signed, trust, NOW)
    english = report_lines(report)
    assert english[0] == "Signature 1: Commander (field “ChiHuy”)"
    assert "Signed by: Nguyễn Thị Hường" in english
    assert "Signing time (as the signer's computer stated it): 02/03/2026 09:00" in english
    assert english[-1].startswith("The signature is valid. Checked: ")
    assert "revocation status NOT checked: no revocation list" in english[-1]

    # the texts are made when asked for: the same report in Vietnamese
    catalog = tmp_path / "translations" / "vi" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "anninh.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Commander"\nmsgstr "Chỉ huy"\n\n'
        'msgid "Signature {number}: {role}"\nmsgstr "Chữ ký {number}: {role}"\n\n'
        'msgid "{role} (field “{field}”)"\nmsgstr "{role} (ô “{field}”)"\n\n'
        'msgid "The signature is valid."\nmsgid_plural "All {count} signatures are valid."\n'
        'msgstr[0] "Chữ ký hợp lệ."\n',
        encoding="utf-8",
    )
    i18n.set_language("vi", tmp_path / "translations")
    vietnamese = report_lines(report)
    assert vietnamese[0] == "Chữ ký 1: Chỉ huy (ô “ChiHuy”)"
    assert vietnamese[-1].startswith("Chữ ký hợp lệ. ")


def _report(path: Path, sha: str, *, ok: bool) -> VerificationReport:
    sig = SignatureReport(
        field_name="CoQuan",
        role=SignerRole.ORGANISATION,
        signer="Công an xã Hồ Thị Kỷ",
        issuer="CA",
        signing_time=NOW,
        intact=True,
        valid=True,
        trusted=ok,
        trust_problem="" if ok else TrustProblem.NO_CHAIN.value,
        revoked=False,
        changes=(),
        changes_allowed=True,
        bottom_line=ok,
    )
    return VerificationReport(path=path, sha256=sha, checked_at=NOW, signatures=(sig,))


def test_record_verification_inserts_then_updates(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "Hồ sơ nhận.pdf"
    first = record_verification(ws, path, _report(path, "ab" * 32, ok=False))
    assert first.kind == "received" and first.filename == "Hồ sơ nhận.pdf"
    stored = ws.store.verifications.find_by_sha256("ab" * 32)
    assert stored is not None and stored.id == first.id
    assert stored.verification == "1 of 1 signature is NOT valid."
    (row,) = json.loads(stored.signatures)
    assert row["role"] == "organisation" and row["signer"] == "Công an xã Hồ Thị Kỷ"
    assert row["signing_time"] == NOW.isoformat() and row["bottom_line"] is False

    second = record_verification(ws, path, _report(path, "ab" * 32, ok=True))
    assert second.id == first.id
    rows = ws.store.db.execute("SELECT count(*) FROM document WHERE sha256 = ?", ["ab" * 32])
    assert rows.fetchone()[0] == 1
    again = ws.store.verifications.find_by_sha256("ab" * 32)
    assert again is not None and again.verification.startswith("The signature is valid.")
    events = ws.store.audit.events(entity_id=first.id)
    assert [e.action for e in events] == ["document.verify", "document.verify"]
    assert ws.store.audit.check() is None


def test_record_verification_updates_our_own_dossier(ws: Workspace, tmp_path: Path) -> None:
    from anninh_desktop.domain.documents import Document

    ours = Document(
        id="d1",
        assessment_id=None,
        kind="dossier",
        number="",
        year=2026,
        issuer="",
        sha256="cd" * 32,
    )
    with ws.store.change() as stamp:
        ws.store.documents.add(ours, stamp)
    updated = record_verification(
        ws, tmp_path / "x.pdf", _report(tmp_path / "x.pdf", "cd" * 32, ok=True)
    )
    assert updated.id == "d1" and updated.kind == "dossier"
    stored = ws.store.verifications.find_by_sha256("cd" * 32)
    assert stored is not None and stored.verified_at == NOW


def test_a_certificate_expired_since_signing(signed: Path, trust: TrustStore) -> None:
    from datetime import timedelta

    from anninh_desktop.services.signing.verify_texts import trust_text

    (sig,) = verify_pdf(signed, trust, NOW + timedelta(days=400)).signatures
    assert sig.intact and sig.valid and not sig.trusted and not sig.bottom_line
    assert sig.trust_problem == TrustProblem.EXPIRED
    assert trust_text(sig) == (
        "Certificate: not trusted: the certificate, or one of its issuers', is not valid at "
        "the time of checking (expired)."
    )


def test_a_signed_dossier_stays_the_assessments_dossier(ws: Workspace, tmp_path: Path) -> None:
    from fixtures.work import register, unit_by_code

    from anninh_desktop.domain.documents import Document

    assessment_id = register(ws, unit_by_code(ws)).id
    unsigned = Document(
        id="d2",
        assessment_id=assessment_id,
        kind="dossier",
        number="01/TTr-CAX",
        year=2026,
        issuer="CAX",
        sha256="ef" * 32,
    )
    with ws.store.change() as stamp:
        ws.store.documents.add(unsigned, stamp)
    path = tmp_path / "signed.pdf"
    signed = record_verification(ws, path, _report(path, "12" * 32, ok=True), signed_from="ef" * 32)
    assert signed.id != "d2"
    assert (signed.assessment_id, signed.kind, signed.number, signed.year) == (
        assessment_id,
        "dossier",
        "01/TTr-CAX",
        2026,
    )
    # A file signed from something we do not know is a received document, as before.
    other = record_verification(ws, path, _report(path, "34" * 32, ok=True), signed_from="56" * 32)
    assert other.kind == "received" and other.assessment_id is None
