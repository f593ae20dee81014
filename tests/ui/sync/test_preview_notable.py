"""The import window names the changes that matter and marks those of the appraising office."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from sync_ui_helpers import introduce

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.ui.sync.import_dialog import PAGE_PREVIEW, ImportDialog

pytestmark = pytest.mark.slow
S = AssessmentState


def test_the_return_is_named_field_by_field_and_marked(qtbot, offices, inline_tasks):
    introduce(offices)
    a, p = offices.a, offices.p
    commune = a.store.units.by_code("32092")
    (first,) = [x for x in a.store.assessments.for_unit(commune.id) if x.state is S.SELF_ASSESSED][
        :1
    ]
    assessment_service.transition(a, first.id, S.SUBMITTED, Actor.UNIT)
    p_id = p.store.installation
    apply_package(p, read_package(p, export_package(a, p_id, offices.folder / "u1").path))
    appraisal_service.return_for_correction(p, first.id, reason="Bổ sung biên bản họp dân")
    package = export_package(p, a.store.installation, offices.folder / "u2").path

    dialog = ImportDialog(a, inline_tasks, package)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert dialog.page() == PAGE_PREVIEW
    view = dialog.preview_view
    assert view.notable_table.isVisible() and view.appraiser_note.isVisible()
    rows = view.notable_texts()
    state = next(r for r in rows if r[2] == "State")
    assert state[0] == "Xã Hồ Thị Kỷ" and state[3:] == [
        "Submitted",
        "Returned for correction",
        "Phòng PV05 Công an tỉnh Cà Mau",
        "appraising office",
    ]
    assert any(r[2] == "Reason of the return" and r[4] == "Bổ sung biên bản họp dân" for r in rows)
    row = rows.index(state)
    item = view.notable_model.item(row, 0)
    assert QFont(item.font()).bold()


def test_a_rewritten_history_is_shown_in_red(qtbot, offices, inline_tasks):
    from anninh_desktop.services.sync.audit_heads import HistoryAlarm

    introduce(offices)
    package = export_package(offices.a, offices.p.store.installation, offices.folder / "u").path
    dialog = ImportDialog(offices.p, inline_tasks, package)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    view = dialog.preview_view
    assert "changed after it sent it here" not in view.note_label.text()
    assert dialog.preview is not None
    dialog.preview.history = [HistoryAlarm("rewritten", 12)]
    view.show_preview(dialog.preview)
    text = view.note_label.text()
    assert "The history (audit log) of Công an xã Hồ Thị Kỷ was changed" in text
    assert "#b00020" in view.note_label.styleSheet()
