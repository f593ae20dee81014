"""The first window on real services: units with their progress, in Vietnamese."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anninh_desktop import i18n
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.workspace import open_workspace


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    ws = open_workspace(folder, clock=fixed_clock(DEMO_NOW))
    build_demo(ws, seed=2026)
    ws.close()
    return folder


@pytest.fixture()
def workspace(demo_folder: Path, tmp_path: Path):
    copy = tmp_path / "data"
    shutil.copytree(demo_folder, copy)
    ws = open_workspace(copy, clock=fixed_clock(DEMO_NOW))
    yield ws
    ws.close()


def _texts(model, parent=None, column=0) -> list[str]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, column, parent)
        out.append(model.data(index) or "")
        out.extend(_texts(model, model.index(row, 0, parent), column))
    return out


def test_window_lists_units_with_progress_in_vietnamese(qtbot, workspace) -> None:
    from anninh_desktop.ui.main_window import MainWindow
    from anninh_desktop.ui.unit_progress_model import COL_PROGRESS, COL_STATE

    i18n.set_language("vi")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    model = window.tree.model()
    names = _texts(model)
    assert "Tỉnh Cà Mau" in names
    assert "Xã Hồ Thị Kỷ" in names
    assert "Ấp Tân Hưng" in names
    assert "32/34" in _texts(model, column=COL_PROGRESS)
    states = set(_texts(model, column=COL_STATE))
    assert "Đã công nhận" in states


def test_children_sorted_in_vietnamese_order(qtbot, workspace) -> None:
    from anninh_desktop.ui.main_window import MainWindow

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    model = window.tree.model()
    province = model.index(0, 0)
    communes = [model.data(model.index(r, 0, province)) for r in range(model.rowCount(province))]
    main = next(
        r
        for r in range(model.rowCount(province))
        if model.data(model.index(r, 0, province)) == "Xã Hồ Thị Kỷ"
    )
    parent = model.index(main, 0, province)
    units = [model.data(model.index(r, 0, parent)) for r in range(model.rowCount(parent))]
    areas = [u for u in units if u and u.startswith("Ấp ")]
    # Vietnamese order: "Đường Cuốc" after "Cây Khô" (đ sorts after d), not by code point
    assert areas.index("Ấp Cây Khô") < areas.index("Ấp Đường Cuốc") < areas.index("Ấp Hòa Thành")
    assert len(communes) >= 2


def test_the_program_opens_its_window_on_a_data_folder(qtbot, demo_folder: Path, tmp_path) -> None:
    """Smoke test of the composition root: anninh-desktop --data-dir D shows the window, then quits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from anninh_desktop import app as program

    copy = tmp_path / "data"
    shutil.copytree(demo_folder, copy)
    seen: list[str] = []

    def look_and_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()
        QApplication.quit()

    QTimer.singleShot(200, look_and_quit)
    assert program.main(["--data-dir", str(copy), "--lang", "vi"]) == 0
    assert "An Ninh Desktop" in seen


def test_an_empty_data_folder_gets_demo_data(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from anninh_desktop import app as program

    QTimer.singleShot(200, QApplication.quit)
    assert program.main(["--data-dir", str(tmp_path / "new")]) == 0
    ws = open_workspace(tmp_path / "new")
    try:
        assert len(ws.store.assessments.summaries()) > 30
    finally:
        ws.close()
