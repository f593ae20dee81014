#!/usr/bin/env python3
"""Open the real window on demo data and save PNGs of its main views to docs/screenshots/.

Run under a screen or Xvfb:  xvfb-run -a .venv/bin/python scripts/screenshots.py
(or QT_QPA_PLATFORM=offscreen). The window has the size of a maximised window on a 1366×768 laptop
(1366×690 inside, see tests/ui/layout/window_geometry.py), the README's set.
Views: the assessment of Xã Hồ Thị Kỷ (reopened for editing) with a photo in the evidence
preview, a refused transition, a returned assessment with the appraiser's reason, the overview,
the criterion sets, the register dialog, the dossier dialog after a build (its texts as a form)
and the verification of the signed dossier, the same window on 1280×720 at 150 % (853×402,
checklist and evidence in tabs), the sync views, and the assessment again in English.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from sync_screenshots import save_sync_views  # scripts/ is on the path when run as a script

from anninh_desktop import i18n
from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services import assessment_service
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.workspace import Workspace, open_workspace
from anninh_desktop.ui.main_window import TAB_CRITERIA, TAB_OVERVIEW, MainWindow
from anninh_desktop.ui.qt_catalog import apply_language, install_qt_translator
from anninh_desktop.ui.tasks import InlineTaskRunner

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ, the demo's commune
RETURNED_CODE = "32191"  # Xã Năm Căn, returned for correction in the demo
LAPTOP = (1366, 768 - 48 - 30)  # a maximised window on a 1366×768 screen (taskbar, title bar)
SMALL = (853, 480 - 48 - 30)  # the same on 1280×720 at 150 %, in device-independent pixels


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, name: str) -> None:
    target = OUT / name
    widget.grab().save(str(target))
    print(target)


def choose(window: MainWindow, assessment_id: str) -> None:
    chooser = window.assessment.header.view.chooser
    for row in range(chooser.count()):
        if chooser.itemData(row) == assessment_id:
            chooser.setCurrentIndex(row)


def assessment_of(ws: Workspace, unit_id: str, code: str) -> str:
    for s in ws.store.assessments.summaries(unit_ids=[unit_id], year=2026):
        if ws.store.criteria.get(s.assessment.set_id).code == code:
            return s.assessment.id
    raise LookupError(code)


def save_dossier_views(app: QApplication, window: MainWindow, ws: Workspace, unit_id: str) -> None:
    """The dossier dialog of the exemplary assessment after a build, and its verification after
    the commander and the organisation signed with the demo certificate."""
    window.tabs.setCurrentIndex(0)
    window.navigator.select_unit(unit_id)
    choose(window, assessment_of(ws, unit_id, "qd9745-xa-dien-hinh"))
    window.assessment.header.view.dossier_button.click()
    dialog = window.dossier_dialog
    assert dialog is not None
    dialog.resize(*LAPTOP)
    dialog.texts.select_kind("BC")
    dialog.build()
    settle(app, 0.5)
    save(dialog, "dossier-vi.png")
    for _role in range(2):
        sign = dialog.open_sign_dialog()
        sign.view.demo_button.click()
        sign.sign()
        settle(app)
    from anninh_desktop.ui.dossier import ReceivedDossier

    received = ReceivedDossier(ws, window.tasks, None, window)
    received.verify(dialog.target_path())
    settle(app)
    if received.dialog is not None:
        received.dialog.resize(720, 600)
        settle(app)
        save(received.dialog, "verify-vi.png")
        received.dialog.close()
    dialog.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    i18n.set_language("vi")
    app = QApplication(sys.argv[:1])
    install_qt_translator(app)
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder), clock=fixed_clock(DEMO_NOW))
        build_demo(ws, seed=2026)
        window = MainWindow(ws, tasks=InlineTaskRunner())
        window.resize(*LAPTOP)
        window.show()
        window.finish_start()
        settle(app)
        commune = ws.store.units.by_code(COMMUNE_CODE)
        assert commune is not None
        # The demo's self-assessment is finished (locked): reopened, as "Reopen for editing" does.
        open_id = assessment_of(ws, commune.id, "tt124-xa-phuong")
        assessment_service.transition(ws, open_id, AssessmentState.IN_PROGRESS)
        window.navigator.select_unit(commune.id)
        choose(window, open_id)
        checklist = window.assessment.checklist
        checklist.select_ref("5.2.4.3.a")
        evidence = window.assessment.evidence
        photos = [
            e.id
            for e in ws.store.evidence.for_unit(commune.id)
            if (r := ws.store.evidence.latest_revision(e.id)) and r.media_type == "image/jpeg"
        ]
        if photos:
            evidence.select_evidence(photos[0])
        settle(app)
        save(window, "assessment-vi.png")

        busy = next(
            s
            for s in ws.store.assessments.summaries(year=2026)
            if s.assessment.state is AssessmentState.IN_PROGRESS and s.done < s.total
        )
        window.navigator.select_unit(busy.assessment.unit_id)
        choose(window, busy.assessment.id)
        settle(app)
        save(window, "refused-transition-vi.png")

        returned = ws.store.units.by_code(RETURNED_CODE)
        assert returned is not None
        window.navigator.select_unit(returned.id)
        settle(app)
        save(window, "returned-vi.png")

        window.resize(*SMALL)
        window.layout_memory.restore("main")  # as a window opening on that screen
        window.navigator.select_unit(commune.id)
        choose(window, open_id)
        settle(app)
        save(window, "assessment-small-vi.png")
        window.assessment.show_evidence()
        settle(app)
        save(window, "evidence-small-vi.png")
        window.assessment.show_checklist()
        window.resize(*LAPTOP)
        window.set_navigator_shown(True)
        settle(app)

        window.navigator.select_unit(commune.id)
        window.tabs.setCurrentIndex(TAB_OVERVIEW)
        settle(app, 1.0)
        save(window, "overview-vi.png")
        window.tabs.setCurrentIndex(TAB_CRITERIA)
        settle(app)
        save(window, "criterion-sets-vi.png")

        window.tabs.setCurrentIndex(0)
        window.assessment.header.view.register_button.click()
        settle(app)
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            save(dialog, "register-dialog-vi.png")
            dialog.close()

        save_dossier_views(app, window, ws, commune.id)
        save_sync_views(app, ws, Path(folder) / "sync-screens")

        apply_language(app, "en")
        window.switch_language("en")
        settle(app)
        save(window, "assessment-en.png")
        window.close()
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
