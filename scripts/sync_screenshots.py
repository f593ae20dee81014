#!/usr/bin/env python3
"""Screenshots of the sync window (Vietnamese): the office card trust question, the import preview,
the conflicts dialog and the province's appraisal page.

Run under a screen or Xvfb:  xvfb-run -a .venv/bin/python scripts/sync_screenshots.py
(scripts/screenshots.py calls `save_sync_views` with its demo data folder too.)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from anninh_desktop import i18n
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.workspace import Workspace, open_workspace
from anninh_desktop.ui.qt_catalog import install_qt_translator
from anninh_desktop.ui.sync.import_dialog import ImportDialog
from anninh_desktop.ui.sync.office_dialog import OfficeDialog
from anninh_desktop.ui.tasks import InlineTaskRunner

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ, the demo's commune


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, name: str) -> None:
    target = OUT / name
    widget.grab().save(str(target))
    print(target)


def save_sync_views(app: QApplication, commune_ws: Workspace, folder: Path) -> None:
    """A province office (new data folder under `folder`) adds the commune's card, is asked
    whether to trust it, trusts it, and previews the commune's first package."""
    province_ws = open_workspace(folder / "province", clock=fixed_clock(DEMO_NOW))
    try:
        commune = commune_ws.store.units.by_code(COMMUNE_CODE)
        assert commune is not None and commune.parent_id
        identity.set_office(commune_ws, "Công an xã Hồ Thị Kỷ", commune.id)
        identity.set_office(province_ws, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        cards = folder / "cards"
        cards.mkdir(parents=True, exist_ok=True)
        identity.export_card(province_ws, cards / "province.json")
        identity.import_card(commune_ws, cards / "province.json", trust=True)
        identity.export_card(commune_ws, cards / "commune.json")

        offices = OfficeDialog(province_ws)
        offices.show()
        question = offices.add_card(cards / "commune.json")
        assert question is not None
        _settle(app)
        _save(question, "sync-trust-vi.png")
        question.trust_button.click()
        offices.close()

        package = export_package(
            commune_ws, identity.ensure_identity(province_ws).installation_id, folder / "usb"
        )
        dialog = ImportDialog(province_ws, InlineTaskRunner(), package.path)
        dialog.resize(820, 560)
        dialog.show()
        dialog.start()
        _settle(app)
        _save(dialog, "sync-import-vi.png")
        dialog.close()  # discards the staged files
    finally:
        province_ws.close()


def save_return_preview(
    app: QApplication, commune_ws: Workspace, province_ws: Workspace, folder: Path
) -> None:
    """The commune previews the province's package that returns its submitted assessment: the
    changes that matter, field by field, the appraising office's in bold."""
    from anninh_desktop.domain.assessments import AssessmentState
    from anninh_desktop.domain.workflow import Actor
    from anninh_desktop.services import appraisal_service, assessment_service
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.reading import read_package

    commune = commune_ws.store.units.by_code(COMMUNE_CODE)
    assert commune is not None
    with commune_ws.store.change() as stamp:  # its council recognised its areas (criterion 5.4)
        for child_id, _kind, _state in commune_ws.store.assessments.states_of_children(
            commune.id, 2026
        ):
            for x in commune_ws.store.assessments.for_unit(child_id):
                if x.year == 2026:
                    commune_ws.store.assessments.update(
                        x.__class__(**{**x.__dict__, "state": AssessmentState.RECOGNISED}), stamp
                    )
    a = next(
        x
        for x in commune_ws.store.assessments.for_unit(commune.id)
        if x.state is AssessmentState.SELF_ASSESSED
    )
    assessment_service.transition(commune_ws, a.id, AssessmentState.SUBMITTED, Actor.UNIT)
    province_id = identity.ensure_identity(province_ws).installation_id
    out = export_package(commune_ws, province_id, folder / "usb3")
    apply_package(province_ws, read_package(province_ws, out.path))
    refs = [c.ref for c in province_ws.store.criteria.get(a.set_id).assessable_criteria()]
    appraisal_service.record_verdict(province_ws, a.id, refs[0], "agree", appraiser="Đại úy Thẩm")
    appraisal_service.record_verdict(
        province_ws,
        a.id,
        refs[1],
        "needs_more_evidence",
        comment="Thiếu biên bản họp dân quý I",
        appraiser="Đại úy Thẩm",
    )
    appraisal_service.return_for_correction(
        province_ws, a.id, reason="Bổ sung biên bản họp dân quý I của ấp Cái Rắn"
    )
    back = export_package(
        province_ws, identity.ensure_identity(commune_ws).installation_id, folder / "usb4"
    )
    dialog = ImportDialog(commune_ws, InlineTaskRunner(), back.path)
    dialog.resize(980, 640)
    dialog.show()
    dialog.start()
    _settle(app)
    _save(dialog, "sync-import-return-vi.png")
    dialog.close()


def _copy(ws: Workspace, folder: Path) -> Workspace:
    """A second data folder from `ws` (closed while copied), as a new installation."""
    root = ws.root
    ws.close()
    shutil.copytree(root, folder)
    copy = open_workspace(folder, clock=fixed_clock(DEMO_NOW))
    identity.new_installation_id_for_copy(copy)
    return copy


def _introduce(x: Workspace, y: Workspace, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a, b, name in ((x, y, "x"), (y, x, "y")):
        identity.export_card(a, folder / f"{name}.json")
        identity.import_card(b, folder / f"{name}.json", trust=True)


def save_conflict_and_appraisal_views(app: QApplication, root: Path, folder: Path) -> None:
    """Two PCs of the commune edit one result (the conflicts dialog), and a province office
    appraises a submitted assessment of another commune (the appraisal page)."""
    from anninh_desktop.domain.workflow import Actor
    from anninh_desktop.services import assessment_service
    from anninh_desktop.services.office_settings import set_office_role
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.reading import read_package
    from anninh_desktop.ui.appraisal.page import AppraisalPage
    from anninh_desktop.ui.sync.conflicts_dialog import ConflictsDialog

    pc1 = open_workspace(root, clock=fixed_clock(DEMO_NOW))
    pc2 = _copy(pc1, folder / "pc2")
    pc1 = open_workspace(root, clock=fixed_clock(DEMO_NOW))
    province = _copy(pc1, folder / "province2")
    pc1 = open_workspace(root, clock=fixed_clock(DEMO_NOW))
    try:
        _introduce(pc1, pc2, folder / "cards2")
        commune = pc1.store.units.by_code(COMMUNE_CODE)
        assert commune is not None and commune.parent_id
        a = next(x for x in pc1.store.assessments.for_unit(commune.id) if not x.locked)
        ref = pc1.store.criteria.get(a.set_id).assessable_criteria()[2].ref
        assessment_service.update_result(
            pc1, a.id, ref, note="Đã họp dân ở ấp Cái Rắn", responsible="Thượng úy Nguyễn Văn An"
        )
        assessment_service.update_result(
            pc2, a.id, ref, note="Đã họp dân ở ấp Tân Hưng", responsible="Đại úy Trần Thị Bình"
        )
        out = export_package(pc2, identity.ensure_identity(pc1).installation_id, folder / "usb2")
        apply_package(pc1, read_package(pc1, out.path))
        dialog = ConflictsDialog(pc1)
        dialog.show()
        for view in dialog.views:
            if view.fields:
                dialog.select(view.id)
        dialog.fields.choose("responsible", "edit", "Thiếu tá Lê Văn Cường")
        _settle(app)
        _save(dialog, "sync-conflict-vi.png")
        dialog.close()

        identity.set_office(province, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        set_office_role(province, Actor.APPRAISER)
        page = AppraisalPage(province, InlineTaskRunner())
        page.resize(1360, 760)
        page.show()
        aid = page.current_id()
        for i in page.queue.ids():
            if province.store.assessments.get(i).state.value == "submitted":
                aid = i
                break
        assert aid is not None
        page.queue.choose(aid)
        rows = page.sheet.rows
        for row, (verdict, comment) in zip(
            rows,
            [
                ("agree", ""),
                ("disagree", "Biên bản họp dân thiếu chữ ký của trưởng ấp"),
                ("needs_more_evidence", "Bổ sung danh sách tổ tự quản"),
            ],
            strict=False,
        ):
            page.sheet.select_ref(row.ref)
            page.sheet.choose(verdict, comment)
            page.sheet.record()
        page.sheet.select_ref(rows[1].ref)
        page.queue.header().resizeSection(0, 260)
        _settle(app)
        _save(page, "appraisal-vi.png")
        page.close()
    finally:
        for ws in (pc1, pc2, province):
            ws.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    i18n.set_language("vi")
    app = QApplication(sys.argv[:1])
    install_qt_translator(app)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "commune", clock=fixed_clock(DEMO_NOW))
        try:
            build_demo(ws, seed=2026)
            save_sync_views(app, ws, Path(tmp))
        finally:
            ws.close()
        save_conflict_and_appraisal_views(app, Path(tmp) / "commune", Path(tmp))
        commune = open_workspace(Path(tmp) / "commune", clock=fixed_clock(DEMO_NOW))
        province = open_workspace(Path(tmp) / "province", clock=fixed_clock(DEMO_NOW))
        try:
            save_return_preview(app, commune, province, Path(tmp))
        finally:
            commune.close()
            province.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
