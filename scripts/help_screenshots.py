#!/usr/bin/env python3
"""Pictures of the real window for the user guide (resources/help/img/), made on the demo data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/help_screenshots.py   (or under xvfb-run -a)

The window has the size of a maximised window on a 1366×768 laptop, as in scripts/screenshots.py
(whose helpers it uses). Every picture the guide shows (resources/help/*/guide.html) is made here;
tests/ui/help checks that each one the guide names exists.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import screenshots  # scripts/ is on the path when run as a script
import sync_screenshots
from PySide6.QtWidgets import QApplication, QWidget

from anninh_desktop import i18n
from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services import assessment_service
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.movement.demo import add_movement_demo
from anninh_desktop.services.workspace import open_workspace
from anninh_desktop.ui.main_window import TAB_CRITERIA, TAB_OVERVIEW, MainWindow
from anninh_desktop.ui.qt_catalog import apply_language, install_qt_translator
from anninh_desktop.ui.tasks import InlineTaskRunner

OUT = Path(__file__).resolve().parent.parent / "resources" / "help" / "img"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
settle = screenshots.settle
choose = screenshots.choose
assessment_of = screenshots.assessment_of


def save(widget: QWidget, name: str) -> None:
    target = OUT / name
    widget.grab().save(str(target), "PNG")
    print(target)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    i18n.set_language("vi")
    app = QApplication(sys.argv[:1])
    install_qt_translator(app)
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder) / "data", clock=fixed_clock(DEMO_NOW))
        build_demo(ws, seed=2026)
        add_movement_demo(ws)
        ws.clock = fixed_clock(DEMO_NOW)
        window = MainWindow(ws, tasks=InlineTaskRunner())
        window.resize(*screenshots.LAPTOP)
        window.show()
        window.finish_start()
        settle(app)
        if window.reminders.dialog is not None:  # the deadlines at start
            window.reminders.dialog.resize(820, 420)
            settle(app)
            save(window.reminders.dialog, "deadlines-vi.png")
            window.reminders.dialog.close()
        commune = ws.store.units.by_code(screenshots.COMMUNE_CODE)
        assert commune is not None
        open_id = assessment_of(ws, commune.id, "tt124-xa-phuong")
        assessment_service.transition(ws, open_id, AssessmentState.IN_PROGRESS)
        window.navigator.select_unit(commune.id)
        choose(window, open_id)
        window.assessment.checklist.select_ref("5.2.4.3.a")
        photos = [
            e.id
            for e in ws.store.evidence.for_unit(commune.id)
            if (r := ws.store.evidence.latest_revision(e.id)) and r.media_type == "image/jpeg"
        ]
        if photos:
            window.assessment.evidence.select_evidence(photos[0])
        settle(app)
        save(window, "assessment-vi.png")
        save(window.navigator, "navigator-vi.png")
        save(window.assessment.header, "header-vi.png")
        save(window.assessment.evidence, "evidence-vi.png")

        window.tabs.setCurrentIndex(TAB_OVERVIEW)
        settle(app, 1.0)
        save(window, "overview-vi.png")
        window.tabs.setCurrentIndex(TAB_CRITERIA)
        settle(app)
        save(window, "criterion-sets-vi.png")
        window.tabs.setCurrentWidget(window.movement_tab)
        settle(app, 1.0)
        save(window, "movement-vi.png")
        window.tabs.setCurrentIndex(0)

        window._on_missing_report_requested(commune.id)
        settle(app, 1.0)
        dialog = window.missing_dialog
        if dialog is not None:
            save(dialog, "missing-vi.png")
            dialog.close()

        window.maintenance.open_backup()
        settle(app)
        if window.maintenance.backup_dialog is not None:
            save(window.maintenance.backup_dialog, "backup-vi.png")
            window.maintenance.backup_dialog.close()

        window.unit_lists.open_for(commune.id)
        lists = window.unit_lists.dialog
        if lists is not None:
            sample = Path(folder) / "danh-sach.csv"
            sample.write_text(
                "Loại,Tên,Phân loại\n"
                "Khu dân cư,Ấp Mới,\n"
                "Cơ sở giáo dục,Trường Tiểu học Hồ Thị Kỷ 2,\n"
                "Doanh nghiep,Công ty TNHH Thủy sản Tân Hưng,\n"
                "Trạm,Trạm bơm số 3,\n",
                encoding="utf-8",
            )
            lists.open()
            lists.read(sample)
            settle(app, 0.5)
            lists.resize(900, 520)
            settle(app)
            save(lists, "unit-lists-vi.png")
            lists.close()

        # The dossier after a build, then signed twice and verified (dossier-vi, verify-vi).
        screenshots.OUT = OUT
        screenshots.save_dossier_views(app, window, ws, commune.id)

        sync_screenshots.OUT = OUT  # the sync views beside the other pictures
        sync_screenshots.save_sync_views(app, ws, Path(folder) / "sync-screens")

        window.help.open_guide("dossier")
        guide = window.help.guide
        guide.resize(1000, 690)
        settle(app, 0.5)
        guide.grab().save(str(DOCS / "guide-vi.png"))  # the guide itself, for docs/
        guide.close()

        apply_language(app, "en")
        window.switch_language("en")
        settle(app)
        save(window, "assessment-en.png")
        window.close()
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
