"""The dossier from the main window: the header's "Dossier…" button, File ▸ Open a received dossier."""

from __future__ import annotations

from pathlib import Path

import pytest
from dossier_ui_helpers import MAIN_COMMUNE_CODE, demo_assessment
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.signing.demo_cert import make_demo_certificate
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.verify_texts import overall_text
from anninh_desktop.ui.dossier import DossierDialog, ReceivedDossier
from anninh_desktop.ui.main_window import MainWindow


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_header_opens_the_dossier_of_the_current_assessment(qtbot, window, demo_workspace):
    ws = demo_workspace
    a = demo_assessment(ws)
    window.navigator.select_unit(ws.store.units.by_code(MAIN_COMMUNE_CODE).id)
    chooser = window.assessment.header.view.chooser
    chooser.setCurrentIndex(chooser.findData(a.id))
    button = window.assessment.header.view.dossier_button
    assert button.isVisible() and button.text() == "&Dossier…"

    button.click()

    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Dossier of Xã Hồ Thị Kỷ, 2026"
    assert dialog.texts.showing_form()
    assert dialog.texts.form.kind_edit.text() == "TỜ TRÌNH"
    dialog.reject()


def _signed_dossier(ws, folder: Path) -> Path:
    built = build_dossier(ws, demo_assessment(ws).id, folder / "ho-so.pdf")
    demo = make_demo_certificate(ws.root, trust_store_for(ws.root), ws.clock())
    sign_pdf(
        built.path,
        built.path,
        signer=Pkcs12Source(demo.p12_path, demo.password),
        role=SignerRole.COMMANDER,
        now=ws.clock(),
    )
    return built.path


@pytest.mark.slow
def test_open_a_received_dossier_shows_a_tampered_copy_in_red(
    qtbot, window, demo_workspace, tmp_path, monkeypatch, vietnamese
):
    ws = demo_workspace
    signed = _signed_dossier(ws, tmp_path)
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Producer (An Ninh") + len(b"/Producer (An ")
    data[at : at + 1] = b"M"  # "An Minh": one byte of the signed range changed
    tampered = tmp_path / "nhan-duoc.pdf"
    tampered.write_bytes(bytes(data))
    action = window.open_received_action
    assert action.shortcut() == QKeySequence("Ctrl+O")

    monkeypatch.setattr(ReceivedDossier, "ask_file", lambda self: tampered)
    action.trigger()

    dialog = window.received.dialog
    assert dialog is not None and dialog.isVisible()
    view = dialog.view
    report = view.report
    assert report is not None and not report.ok and report.path == tampered
    assert view.overall_label.property("verdict") == "bad"
    assert view.overall_label.text() == overall_text(report) == "Có 1/1 chữ ký KHÔNG hợp lệ."
    assert "#b91c1c" in view.overall_label.styleSheet()
    (card,) = view.cards
    assert "Kết luận: KHÔNG HỢP LỆ." in card.texts()
    assert not card.signature.intact
    stored = ws.store.verifications.find_by_sha256(report.sha256)
    assert stored is not None and stored.filename == "nhan-duoc.pdf"
    assert stored.verification == overall_text(report)

    # the untouched file is good, in the same window
    window.received.verify(signed)
    assert window.received.dialog.view.report.ok
    assert window.received.dialog.view.overall_label.property("verdict") == "good"


def test_a_file_that_is_not_a_pdf_gives_a_clear_message(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "ghi-chu.pdf"
    other.write_text("không phải PDF", encoding="utf-8")
    boxes = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box))
    monkeypatch.setattr(ReceivedDossier, "ask_file", lambda self: other)
    window.open_received_action.trigger()
    assert len(boxes) == 1 and "ghi-chu.pdf" in boxes[0].text()
    assert window.received.dialog is None
