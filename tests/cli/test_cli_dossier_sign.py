"""`anninh dossier sign | verify | demo-cert | trust`: exit codes, messages, and no secrets in argv.

These run on the real clock (the CLI's), so the certificate comes from `demo-cert`, valid from now.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from fixtures.cli_runner import Anninh
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from anninh_desktop.services.fonts import register_reportlab_fonts

PASSWORD_VAR = "ANNINH_TEST_P12_PASSWORD"

pytestmark = pytest.mark.slow


def _pdf(path: Path) -> Path:
    family = register_reportlab_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.setFont(family, 13)
    c.drawString(
        85, 760, "Tờ trình đề nghị công nhận xã đạt tiêu chuẩn an toàn về an ninh, trật tự"
    )
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _in(folder: Path, lang: str = "en") -> tuple[str, ...]:
    return ("--data-dir", str(folder), "--lang", lang)


@pytest.fixture
def demo_p12(run: Anninh, seeded_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    made = run("dossier", "demo-cert", *_in(seeded_dir))
    assert made.code == 0, made.err
    p12 = seeded_dir / "demo-certificates" / "demo-signer.p12"
    assert str(p12) in made.out and "Its password: 1234" in made.out
    monkeypatch.setenv(PASSWORD_VAR, "1234")
    return p12


def _documents(folder: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(folder / "anninh.sqlite3")
    try:
        return conn.execute(
            "SELECT kind, sha256, signatures FROM document ORDER BY filename"
        ).fetchall()
    finally:
        conn.close()


def test_sign_then_verify(run: Anninh, seeded_dir: Path, demo_p12: Path, tmp_path: Path) -> None:
    source = _pdf(tmp_path / "to-trinh.pdf")
    signed = tmp_path / "to-trinh-da-ky.pdf"
    result = run(
        "dossier",
        "sign",
        source,
        "--role",
        "commander",
        "--p12",
        demo_p12,
        "--password-env",
        PASSWORD_VAR,
        "--out",
        signed,
        *_in(seeded_dir),
    )
    assert result.code == 0, result.err
    assert "Signed by Nguyễn Thị Hường into the field “ChiHuy”" in result.out
    assert "The signature is valid." in result.out

    checked = run("dossier", "verify", signed, *_in(seeded_dir))
    assert checked.code == 0, checked.err
    assert "Signature 1: Commander (field “ChiHuy”)" in checked.out
    assert "Certificate: trusted (its root: “CA thử nghiệm An Ninh Desktop" in checked.out
    assert "Revocation: not checked: no revocation list" in checked.out
    assert re.search(r"Certificate SHA-256: (?:[0-9A-F]{2}:){31}[0-9A-F]{2}", checked.out)
    (document,) = [d for d in _documents(seeded_dir) if d[0] == "received"]
    assert json.loads(document[2])[0]["signer"] == "Nguyễn Thị Hường"

    vietnamese = run("dossier", "verify", signed, *_in(seeded_dir, "vi"))
    assert vietnamese.code == 0
    assert "Chỉ huy" in vietnamese.out  # the role label is translated already


def test_verify_exit_codes(run: Anninh, seeded_dir: Path, demo_p12: Path, tmp_path: Path) -> None:
    signed = tmp_path / "signed.pdf"
    assert (
        run(
            "dossier",
            "sign",
            _pdf(tmp_path / "a.pdf"),
            "--role",
            "organisation",
            "--p12",
            demo_p12,
            "--password-env",
            PASSWORD_VAR,
            "--out",
            signed,
            *_in(seeded_dir),
        ).code
        == 0
    )
    data = bytearray(signed.read_bytes())
    data[data.index(b"ReportLab")] = ord("r")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    broken = run("dossier", "verify", tampered, *_in(seeded_dir))
    assert broken.code == 1
    assert "Integrity: the signed content has been CHANGED since signing." in broken.out
    assert "1 of 1 signature is NOT valid." in broken.out

    unsigned = run("dossier", "verify", _pdf(tmp_path / "plain.pdf"), *_in(seeded_dir))
    assert unsigned.code == 1 and "The file has no signature." in unsigned.out

    other_folder = tmp_path / "other-office"
    untrusted = run("dossier", "verify", signed, *_in(other_folder))
    assert untrusted.code == 1
    assert (
        "Certificate: not trusted: no chain of issuers leads from it to a root certificate in "
        "the trust store (the certificate of “CA thử nghiệm An Ninh Desktop (không dùng thật)” "
        "is missing" in untrusted.out
    )

    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_text("Biên bản họp", encoding="utf-8")
    refused = run("dossier", "verify", not_pdf, *_in(seeded_dir))
    assert refused.code == 1 and len(refused.err_lines) == 1 and "is not a PDF file" in refused.err


def test_wrong_or_missing_password(
    run: Anninh, seeded_dir: Path, demo_p12: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _pdf(tmp_path / "a.pdf")
    before = source.read_bytes()
    monkeypatch.setenv("WRONG_PW", "4321")
    wrong = run(
        "dossier",
        "sign",
        source,
        "--role",
        "commander",
        "--p12",
        demo_p12,
        "--password-env",
        "WRONG_PW",
        *_in(seeded_dir),
    )
    assert wrong.code == 1 and "Wrong password for the certificate file" in wrong.err
    unset = run(
        "dossier",
        "sign",
        source,
        "--role",
        "commander",
        "--p12",
        demo_p12,
        "--password-env",
        "NOT_SET_ANYWHERE",
        *_in(seeded_dir),
    )
    assert unset.code == 1 and "NOT_SET_ANYWHERE is not set" in unset.err
    no_tty = run(
        "dossier", "sign", source, "--role", "commander", "--p12", demo_p12, *_in(seeded_dir)
    )
    assert no_tty.code == 1 and "never taken on the command line" in no_tty.err
    no_key = run("dossier", "sign", source, "--role", "commander", *_in(seeded_dir))
    assert no_key.code == 1 and "either --p12 FILE or --pkcs11-module PATH" in no_key.err
    assert source.read_bytes() == before
    assert run("dossier", "sign", source, "--role", "boss", *_in(seeded_dir)).code == 2


def test_trust_list_add_remove(run: Anninh, seeded_dir: Path, demo_p12: Path) -> None:
    listed = run("dossier", "trust", "list", *_in(seeded_dir))
    assert listed.code == 0
    assert "CA thử nghiệm An Ninh Desktop (không dùng thật)" in listed.out
    assert "1 trusted root." in listed.out
    ca_pem = seeded_dir / "demo-certificates" / "demo-ca.pem"
    found = re.search(r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}", listed.out)
    assert found is not None
    fingerprint = found.group(0)
    removed = run("dossier", "trust", "remove", fingerprint[:23], *_in(seeded_dir))
    assert removed.code == 0 and "Removed from the trust store" in removed.out
    assert (
        "The trust store is empty: no root certificate is trusted yet."
        in run("dossier", "trust", "list", *_in(seeded_dir)).out
    )
    added = run("dossier", "trust", "add", ca_pem, *_in(seeded_dir))
    assert added.code == 0 and fingerprint in added.out
    bad = run("dossier", "trust", "remove", "12", *_in(seeded_dir))
    assert bad.code == 1 and "at least the first 8" in bad.err


def test_tokens_with_a_missing_driver(run: Anninh, seeded_dir: Path, tmp_path: Path) -> None:
    listed = run("dossier", "tokens", "--pkcs11-module", tmp_path / "eToken.dll", *_in(seeded_dir))
    assert listed.code == 1
    assert len(listed.err_lines) == 1 and "The token driver" in listed.err
