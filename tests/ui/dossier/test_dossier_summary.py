"""A dossier built and signed earlier reads in the dialog with its real numbers and dates, and who
signed it when, never an internal field name."""

from __future__ import annotations

import pytest
from dossier_ui_helpers import demo_assessment, open_dialog

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole
from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.signing.demo_cert import make_demo_certificate
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.records import record_verification
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.verify import verify_pdf


@pytest.mark.slow
def test_a_dossier_signed_earlier_shows_numbers_dates_and_signers(
    qtbot, demo_workspace, inline_tasks, vietnamese
):
    ws = demo_workspace
    a = demo_assessment(ws)
    target = dossier_service.default_output_path(ws, a.id)
    built = build_dossier(ws, a.id, target)
    demo = make_demo_certificate(ws.root, trust_store_for(ws.root), ws.clock())
    sign_pdf(
        built.path,
        built.path,
        signer=Pkcs12Source(demo.p12_path, demo.password),
        role=SignerRole.COMMANDER,
        now=ws.clock(),
    )
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    v = dialog.view
    for number in built.numbers.values():
        assert number in v.numbers_label.text()
    assert "ngày 02/03/2026" in v.numbers_label.text()
    assert "Tờ trình" in v.numbers_label.text()
    assert not v.warnings_title.isVisible()  # unknown for a file built earlier: not shown
    assert v.signed_label.text() == "Chỉ huy"
    assert "Kiểm tra chữ ký" in v.signers_label.text()  # not checked here yet: says how

    report = verify_pdf(built.path, trust_store_for(ws.root))
    record_verification(ws, built.path, report, kind="dossier")
    dialog.close()
    again = open_dialog(qtbot, ws, a.id, inline_tasks)
    signers = again.view.signers_label.text()
    assert report.signatures[0].signer in signers and "Chỉ huy" in signers
    assert "02/03/2026" in signers
    shown = " ".join(
        w.text() for w in again.view.result_box.findChildren(type(again.view.signers_label))
    )
    assert not any(name in shown for name in SIGNATURE_FIELD_NAMES.values())
