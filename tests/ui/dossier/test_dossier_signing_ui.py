"""Signing and verifying in the dossier dialog, with the demo certificate of the data folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from dossier_ui_helpers import demo_assessment, open_dialog
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.signing.demo_cert import DEMO_SIGNER_NAME
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.verify_texts import overall_text, verdict_text
from anninh_desktop.ui.dossier.sign_dialog import SignDialog
from anninh_desktop.ui.dossier.sign_view import SOURCE_EXTERNAL

pytestmark = pytest.mark.slow


@pytest.fixture()
def built_dialog(qtbot, demo_workspace, inline_tasks):
    dialog = open_dialog(qtbot, demo_workspace, demo_assessment(demo_workspace).id, inline_tasks)
    dialog.build()
    assert dialog.built is not None
    return dialog


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sign_with_demo(dialog) -> SignDialog:
    sign = dialog.open_sign_dialog()
    sign.view.demo_button.click()
    assert sign.view.password_edit.text() == "1234"
    assert sign.view.password_edit.echoMode() == sign.view.password_edit.EchoMode.Password
    return sign


def test_commander_then_organisation_sign_and_both_signatures_are_valid(
    qtbot, built_dialog, demo_workspace, vietnamese
):
    dialog = built_dialog
    path = dialog.built.path

    sign = _sign_with_demo(dialog)
    assert sign.role() is SignerRole.COMMANDER  # the next unsigned role is preselected
    sign.view.sign_button.click()
    assert sign.outcome is not None and not sign.isVisible()
    assert dialog.signed_roles == {SignerRole.COMMANDER}
    assert dialog.view.signed_label.text() == _(SIGNER_ROLE_LABELS[SignerRole.COMMANDER])

    sign = _sign_with_demo(dialog)
    assert sign.role() is SignerRole.ORGANISATION
    commander_row = sign.view.role_combo.findData(SignerRole.COMMANDER.value)
    assert not sign.view.role_combo.model().item(commander_row).isEnabled()
    sign.view.sign_button.click()
    assert sign.outcome is not None

    report = dialog.view.verification.report
    assert report is not None and report.ok and report.path == path
    assert dialog.view.tabs.currentWidget() is dialog.view.verification
    view = dialog.view.verification
    assert view.overall_label.text() == overall_text(report)
    assert overall_text(report).startswith("Tất cả 2 chữ ký đều hợp lệ. Đã kiểm tra: ")
    assert view.overall_label.property("verdict") == "good"
    assert [c.signature.role for c in view.cards] == [
        SignerRole.COMMANDER,
        SignerRole.ORGANISATION,
    ]
    for card in view.cards:
        assert card.verdict_label.text() == verdict_text(card.signature) == "Kết luận: HỢP LỆ."
        assert DEMO_SIGNER_NAME in card.texts()[0]
    # recorded with the signed file's hash
    stored = demo_workspace.store.verifications.find_by_sha256(_sha(path))
    assert stored is not None and stored.verification == overall_text(report)
    # the preview shows the signed file again, and Verify checks it anew
    assert dialog.view.preview.page_count() == dialog.built.page_count
    dialog.view.verify_button.click()
    assert dialog.view.verification.report.ok
    assert dialog.view.verification.report.checked_at > report.checked_at


def test_a_wrong_password_shows_the_message_and_changes_nothing(
    qtbot, built_dialog, monkeypatch, vietnamese
):
    dialog = built_dialog
    path = dialog.built.path
    before = _sha(path)
    boxes = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box))
    sign = _sign_with_demo(dialog)
    sign.view.password_edit.setText("sai-mật-khẩu")
    p12 = sign.view.p12_edit.text()

    sign.view.sign_button.click()

    expected = _("Wrong password for the certificate file “{path}”. Type the password again.")
    expected = expected.format(path=p12)
    assert sign.view.status_label.text() == expected
    assert [b.text() for b in boxes] == [expected]
    assert "Traceback" not in expected and sign.outcome is None and sign.isVisible()
    assert _sha(path) == before and dialog.signed_roles == set()
    assert sign.view.sign_button.isEnabled()  # the user may type the password again


def test_external_program_export_then_import_the_signed_file(
    qtbot, built_dialog, demo_workspace, tmp_path, monkeypatch
):
    dialog = built_dialog
    path = dialog.built.path
    sign = _sign_with_demo(dialog)
    p12 = Pkcs12Source(Path(sign.view.p12_edit.text()), "1234")
    sign.view.external_radio.click()
    assert sign.view.pages.currentIndex() == SOURCE_EXTERNAL
    assert not sign.view.sign_button.isVisible()

    exported = tmp_path / "de-ky.pdf"
    monkeypatch.setattr(sign, "_ask_save_file", lambda *args: exported)
    sign.view.export_button.click()
    assert exported.read_bytes() == path.read_bytes()

    # the vendor's program signs the exported copy, keeping the original bytes
    signed = tmp_path / "da-ky.pdf"
    sign_pdf(exported, signed, signer=p12, role=SignerRole.COMMANDER, now=demo_workspace.clock())
    monkeypatch.setattr(sign, "_ask_open_file", lambda *args: signed)
    sign.view.import_button.click()

    assert not sign.isVisible()
    assert path.read_bytes() == signed.read_bytes()
    assert dialog.signed_roles == {SignerRole.COMMANDER}
    assert dialog.view.verification.report.ok
