"""`anninh dossier trust | online | signers | drivers | sign --stamp text`: the trust store, the
online options and the signers on the command line, with an independent test PKI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.cli_runner import Anninh
from fixtures.pki import make_crl, make_leaf, make_pki, write_crl, write_p7b, write_p12

PASSWORD_VAR = "ANNINH_TEST_P12_PASSWORD"

pytestmark = pytest.mark.slow


def _pdf(path: Path) -> Path:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from anninh_desktop.services.fonts import register_reportlab_fonts

    family = register_reportlab_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.setFont(family, 13)
    c.drawString(85, 760, "Báo cáo kết quả xây dựng phong trào")
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _in(folder: Path, lang: str = "en") -> tuple[str, ...]:
    return ("--data-dir", str(folder), "--lang", lang)


def test_import_list_and_remove_roots_intermediates_and_crls(
    run: Anninh, seeded_dir: Path, tmp_path: Path
) -> None:
    pki = make_pki()
    bundle = write_p7b(tmp_path / "vnpt.p7b", pki.root.cert, pki.intermediate.cert)
    crl = write_crl(tmp_path / "vnpt.crl", pki.crl())
    added = run("dossier", "trust", "add", bundle, crl, *_in(seeded_dir))
    assert added.code == 0, added.err
    assert "Trusted root from now on: Root CA Thử nghiệm Độc lập" in added.out
    assert "Intermediate certificate imported: CA Trung gian Thử nghiệm" in added.out
    assert "Revocation list of CA Trung gian Thử nghiệm of 2026-03-01 imported (1 revoked)" in (
        added.out
    )
    assert "Compare each root's fingerprint" in added.out

    listed = run("dossier", "trust", "list", *_in(seeded_dir, "vi"))
    assert listed.code == 0
    rows = [line for line in listed.out.splitlines() if "Thử nghiệm" in line]
    assert [row.split()[0] for row in rows] == ["gốc", "trung", "danh"]  # root, intermediate, CRL
    assert len(re.findall(r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}", listed.out)) == 3

    crl_print = re.findall(r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}", listed.out)[-1]
    removed = run("dossier", "trust", "remove", crl_print[:11], *_in(seeded_dir))
    assert removed.code == 0 and "Removed from the trust store: CA Trung gian" in removed.out

    signer_only = run(
        "dossier", "trust", "add", write_p7b(tmp_path / "me.p7b", pki.signer.cert), *_in(seeded_dir)
    )
    assert signer_only.code == 1 and "is a signer's certificate" in signer_only.err


def test_a_revoked_signer_is_refused_on_the_command_line(
    run: Anninh, seeded_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the CLI runs on the real clock: a hierarchy valid around now
    from datetime import UTC, datetime, timedelta

    from fixtures import pki as pki_module

    monkeypatch.setattr(pki_module, "NOW", datetime.now(UTC))
    pki = make_pki()
    chain = write_p7b(tmp_path / "chain.p7b", pki.root.cert, pki.intermediate.cert)
    fresh = make_crl(
        pki.intermediate,
        [(pki.revoked.cert, pki.revoked_at)],
        this_update=datetime.now(UTC) - timedelta(hours=1),
    )
    assert (
        run(
            "dossier", "trust", "add", chain, write_crl(tmp_path / "c.crl", fresh), *_in(seeded_dir)
        ).code
        == 0
    )
    monkeypatch.setenv(PASSWORD_VAR, "mật khẩu")
    p12 = write_p12(tmp_path / "r.p12", pki.revoked, [], "mật khẩu")
    pdf = _pdf(tmp_path / "a.pdf")
    refused = run(
        "dossier", "sign", pdf, "--role", "commander", "--p12", p12,
        "--password-env", PASSWORD_VAR, "--out", tmp_path / "s.pdf", *_in(seeded_dir),
    )  # fmt: skip
    assert (
        refused.code == 1 and "was revoked on" in refused.err and not (tmp_path / "s.pdf").exists()
    )

    good = write_p12(tmp_path / "g.p12", make_leaf(pki.intermediate, "Lê Thị Lan"), [], "mật khẩu")
    signed = run(
        "dossier", "sign", pdf, "--role", "commander", "--p12", good, "--stamp", "text",
        "--password-env", PASSWORD_VAR, "--out", tmp_path / "s.pdf", *_in(seeded_dir),
    )  # fmt: skip
    assert signed.code == 0, signed.err
    assert "Certificates embedded with it: CA Trung gian Thử nghiệm" in signed.out
    assert "Revocation: not revoked, according to the revocation list of" in signed.out
    assert "Lê Thị Lan is now the commander printed under the signatures" in signed.out
    signers = run("dossier", "signers", *_in(seeded_dir))
    assert "Commander: Lê Thị Lan" in signers.out


def test_online_options_and_signers(run: Anninh, seeded_dir: Path) -> None:
    shown = run("dossier", "online", *_in(seeded_dir))
    assert "Revocation asked online: off" in shown.out
    assert "Timestamp server: none" in shown.out
    set_ = run(
        "dossier", "online", "--check-revocation", "on", "--tsa-url", "http://tsa.example.vn/tsa",
        *_in(seeded_dir),
    )  # fmt: skip
    assert set_.code == 0
    assert "Revocation asked online: on" in set_.out
    assert "Timestamp server: http://tsa.example.vn/tsa" in set_.out
    bad = run("dossier", "online", "--tsa-url", "tsa.example.vn", *_in(seeded_dir))
    assert bad.code == 1 and "is not the address of a timestamp server" in bad.err
    off = run("dossier", "online", "--no-tsa", "--check-revocation", "off", *_in(seeded_dir, "vi"))
    assert "Kiểm tra thu hồi trực tuyến: tắt" in off.out

    named = run(
        "dossier", "signers", "--commander", "Nguyễn Thị Hường", "--secretary", "Lê Thị Lan",
        *_in(seeded_dir),
    )  # fmt: skip
    assert named.code == 0
    assert "Commander: Nguyễn Thị Hường" in named.out and "Secretary: Lê Thị Lan" in named.out
    assert "Deputy (KT.): (not set: printed as a dotted line)" in named.out


def test_drivers(run: Anninh, seeded_dir: Path) -> None:
    listed = run("dossier", "drivers", *_in(seeded_dir))
    if Path("/usr/lib/softhsm/libsofthsm2.so").exists():
        assert listed.code == 0 and "libsofthsm2.so" in listed.out
    else:
        assert listed.code == 1 and "No token driver was found" in listed.out
