"""The trust store window, the signers, and the sign dialog's new paths: an incomplete chain
asked about, a token PIN rejected and cleared (never sent again), the text stamp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dossier_ui_helpers import TT124_SET, demo_assessment, pdf_text
from fixtures.pki import make_pki, write_crl, write_p7b, write_p12, write_pem
from fixtures.softhsm import TokenKey, TokenSpec, softhsm_tokens
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.dossier.signer_settings import SignerNames, signer_names
from anninh_desktop.services.signing.online import online_settings
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.ui.dossier.sign_dialog import SignDialog
from anninh_desktop.ui.dossier.sign_view import SOURCE_TOKEN
from anninh_desktop.ui.dossier.signers_dialog import SignersDialog
from anninh_desktop.ui.dossier.trust_dialog import TrustDialog

pytestmark = pytest.mark.slow

PIN = "246810"


@pytest.fixture(scope="module")
def pki():  # type: ignore[no-untyped-def]
    return make_pki("rsa2048")


def test_the_trust_store_window_imports_lists_and_removes(
    qtbot, seeded_workspace, tmp_path, monkeypatch, pki
):
    ws = seeded_workspace
    dialog = TrustDialog(ws)
    qtbot.addWidget(dialog)
    assert dialog.view.table.rowCount() == 0 and not dialog.view.empty_label.isHidden()
    files = [
        write_p7b(tmp_path / "chain.p7b", pki.root.cert, pki.intermediate.cert),
        write_crl(tmp_path / "ca.crl", pki.crl()),
    ]
    asked: list[str] = []
    monkeypatch.setattr(dialog, "_confirm", lambda text: asked.append(text) or False)
    dialog.import_files(files)  # the root is shown, and refused: nothing imported
    assert "Root CA Thử nghiệm Độc lập" in asked[0] and "SHA-256" in asked[0]
    assert trust_store_for(ws.root).certificates() == []
    monkeypatch.setattr(dialog, "_confirm", lambda text: True)
    dialog.import_files(files)
    rows = [
        [dialog.view.table.item(r, c).text() for c in range(6)]
        for r in range(dialog.view.table.rowCount())
    ]
    assert [row[0] for row in rows] == ["root", "intermediate", "revocation list"]
    assert rows[2][1] == "CA Trung gian Thử nghiệm" and rows[2][3] == "01/03/2026"
    assert dialog.view.status_label.text() == "3 entries imported."
    dialog.view.table.selectRow(2)
    assert "1 certificates revoked" in dialog.view.details_label.text()
    assert dialog.view.remove_button.isEnabled()
    dialog.view.remove_button.click()
    assert dialog.view.table.rowCount() == 2 and trust_store_for(ws.root).crls() == []

    # the online options
    dialog.view.tsa_edit.setText("tsa.example.vn")
    dialog.view.save_online_button.click()
    assert "is not the address of a timestamp server" in dialog.view.status_label.text()
    dialog.view.revocation_check.setChecked(True)
    dialog.view.tsa_edit.setText("http://tsa.example.vn/tsa")
    dialog.view.save_online_button.click()
    assert online_settings(ws).check_revocation and online_settings(ws).tsa_url.endswith("/tsa")


def test_an_incomplete_chain_is_asked_about(
    qtbot, demo_workspace, inline_tasks, tmp_path, monkeypatch, pki
):
    ws = demo_workspace
    built = build_dossier(ws, demo_assessment(ws, TT124_SET).id, tmp_path / "ho-so.pdf")
    before = built.path.read_bytes()
    p12 = write_p12(tmp_path / "k.p12", pki.signer, [], "mật khẩu")
    monkeypatch.setattr(QMessageBox, "open", lambda box: None)
    dialog = SignDialog(ws, built.path, inline_tasks)
    qtbot.addWidget(dialog)
    dialog.view.p12_edit.setText(str(p12))
    dialog.view.password_edit.setText("mật khẩu")
    choices: list[str] = []

    def cancel(message: str) -> str:
        choices.append(message)
        return "cancel"

    monkeypatch.setattr(dialog, "_choose_on_incomplete_chain", cancel)
    dialog.view.sign_button.click()
    assert "“Root CA Thử nghiệm Độc lập”" in choices[0] or "CA Trung gian" in choices[0]
    assert built.path.read_bytes() == before and dialog.outcome is None

    monkeypatch.setattr(dialog, "_choose_on_incomplete_chain", lambda message: "sign")
    dialog.view.stamp_text_radio.setChecked(True)
    dialog.view.title_edit.setText("Trưởng Công an xã")
    dialog.view.sign_button.click()
    assert dialog.outcome is not None and not dialog.outcome.report.ok  # signed, not trusted
    assert "Ký bởi: Nguyễn Thị Hường" in pdf_text(built.path)


@pytest.fixture
def token_module(tmp_path_factory, pki) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    tokens = [TokenSpec("Token thử", PIN, [TokenKey("ky-so", b"\x01", pki.signer)])]
    with softhsm_tokens(tmp_path_factory.mktemp("softhsm-ui"), tokens) as module:
        yield module


def test_a_rejected_pin_is_cleared_and_never_sent_again(
    qtbot, demo_workspace, inline_tasks, tmp_path, monkeypatch, token_module, pki
):
    ws = demo_workspace
    import_trust_files(
        trust_store_for(ws.root),
        [write_pem(tmp_path / "c.pem", pki.root.cert, pki.intermediate.cert)],
    )
    built = build_dossier(ws, demo_assessment(ws, TT124_SET).id, tmp_path / "ho-so.pdf")
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: errors.append(box.text()))
    dialog = SignDialog(ws, built.path, inline_tasks)
    qtbot.addWidget(dialog)
    v = dialog.view
    assert any(
        str(token_module) == v.drivers_combo.itemData(i) for i in range(v.drivers_combo.count())
    )
    v.token_radio.click()
    assert v.pages.currentIndex() == SOURCE_TOKEN
    v.module_edit.setText(str(token_module))
    v.find_tokens_button.click()
    assert v.token_combo.currentData() == "Token thử"

    v.pin_edit.setText("999999")
    v.sign_button.click()
    assert "Wrong PIN for the token “Token thử”" in errors[-1]
    assert v.pin_edit.text() == ""  # cleared: the next try must be typed
    v.pin_edit.setText("999999")  # the same wrong PIN typed again
    v.certificates_button.click()
    assert "was just rejected by the token" in errors[-1]

    v.pin_edit.setText(PIN)
    v.sign_button.click()
    assert dialog.outcome is not None and dialog.outcome.report.ok
    assert dialog.outcome.result.chain == ("CA Trung gian Thử nghiệm",)


def test_the_signers_dialog_saves_the_names(qtbot, seeded_workspace):
    dialog = SignersDialog(seeded_workspace)
    qtbot.addWidget(dialog)
    dialog.commander_edit.setText("Nguyễn  Thị Hường")
    dialog.secretary_edit.setText("Lê Thị Lan")
    dialog.accept()
    assert signer_names(seeded_workspace) == SignerNames(
        commander="Nguyễn Thị Hường", secretary="Lê Thị Lan"
    )
