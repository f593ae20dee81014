"""The window's first paint imports only what it paints (issue 14 item 5, bench/window_start.py).

The real program (`anninh_desktop.app.main`) starts in a fresh process on the demo data: when the
unit tree has been painted once, neither cryptography, pyHanko, reportlab nor pypdf is loaded, nor
the sync identity, nor the modules of the tabs other than the first (overview, criterion sets,
movement, appraisal), nor the assessment page (built right after the first paint). The same
process then goes on, as a user would: the start finishes (the assessment page is there) and each
other tab is shown (its modules are there), so the probe is known to see them.

Both kinds of installation: one not set up as an office (the Appraisal tab is not among the tabs
and must stay hidden: shown with the window, it built its page before the first paint), and one set
up as the province's office (the Appraisal tab is there, not the current one).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder
from office_helpers import set_up_office

LAZY_MODULES = [
    "cryptography",
    "pyhanko",
    "reportlab",
    "pypdf",
    "anninh_desktop.services.sync.identity",
    "anninh_desktop.services.sync.keys",
    "anninh_desktop.ui.assessment_page",
    "anninh_desktop.ui.overview",
    "anninh_desktop.ui.criteria",
    "anninh_desktop.ui.movement.page",
    "anninh_desktop.ui.appraisal.page",
    "anninh_desktop.ui.dossier",
]

PROGRAM = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from anninh_desktop import app
from anninh_desktop.ui import main_window

WATCHED = sys.argv[2].split(",")
shown_with_window = main_window.MainWindow.show_on_screen


def loaded() -> str:
    return ",".join(name for name in WATCHED if name in sys.modules)


def show_on_screen(window) -> None:
    def painted() -> None:
        print("at-first-paint:" + loaded(), flush=True)

    def finished() -> None:
        print("at-start-finished:" + loaded(), flush=True)
        tabs = [window.overview_tab, window.criteria_tab, window.movement_tab]
        if window.tabs.indexOf(window.appraisal_tab) >= 0:
            tabs.append(window.appraisal_tab)
        for tab in tabs:
            window.tabs.setCurrentWidget(tab)
            QApplication.processEvents()
        print("after-every-tab:" + loaded(), flush=True)
        QTimer.singleShot(0, window.close)

    window.firstPainted.connect(painted)
    window.startFinished.connect(finished)
    shown_with_window(window)


main_window.MainWindow.show_on_screen = show_on_screen
sys.exit(app.main(["--data-dir", sys.argv[1], "--lang", "vi", "--no-demo"]))
"""


def start_window(folder: Path) -> dict[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(folder), ",".join(LAZY_MODULES)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stages = {}
    for line in done.stdout.splitlines():
        stage, _sep, names = line.partition(":")
        stages[stage] = set(filter(None, names.split(",")))
    return stages


@pytest.mark.parametrize("office", [None, "province"])
def test_first_paint_leaves_other_tabs_sync_identity_and_crypto_for_later(
    tmp_path: Path, office: str | None
) -> None:
    folder = copy_folder(demo_template(), tmp_path / "data")
    if office is not None:
        ws = open_folder(folder)
        try:
            set_up_office(ws, office)
        finally:
            ws.close()

    stages = start_window(folder)

    assert stages["at-first-paint"] == set()
    assert "anninh_desktop.ui.assessment_page" in stages["at-start-finished"]
    shown_later = {
        "anninh_desktop.ui.overview",
        "anninh_desktop.ui.criteria",
        "anninh_desktop.ui.movement.page",
    }
    if office is not None:  # the Appraisal tab is there: its page reads the sync identity
        shown_later |= {"anninh_desktop.ui.appraisal.page", "anninh_desktop.services.sync.identity"}
    assert shown_later <= stages["after-every-tab"]
