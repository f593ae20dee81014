"""The pieces the window's layout is made of: splitter sizes remembered per screen, rows that
wrap instead of clipping, labels that shorten with their whole text in the tooltip, the unit list
that folds away."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QWidget

from anninh_desktop.ui.elided_label import ElidedLabel
from anninh_desktop.ui.flow_layout import FlowLayout
from anninh_desktop.ui.layout_memory import LayoutMemory
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.preferences import Preferences

COMMUNE_CODE = "32092"


def _splitter(qtbot) -> QSplitter:
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(QLabel("a"))
    splitter.addWidget(QLabel("b"))
    qtbot.addWidget(splitter)
    splitter.resize(1000, 200)
    splitter.show()
    return splitter


def test_splitter_sizes_are_remembered_per_screen_and_orientation(qtbot, tmp_path):
    preferences = Preferences(tmp_path / "settings.ini")
    screen = {"name": "1366x768.100"}
    memory = LayoutMemory(preferences, screen_of=lambda _widget: screen["name"])
    splitter = _splitter(qtbot)
    memory.track("page", splitter, lambda sp: sp.setSizes([500, 500]))
    memory.restore("page")
    assert splitter.sizes()[0] == splitter.sizes()[1]  # nothing saved: the default

    splitter.setSizes([700, 300])
    memory.changed("page")  # what dragging the handle reports
    memory.save_now()
    laptop = splitter.sizes()

    screen["name"] = "1920x1080.150"  # the window moved to the office monitor
    memory.restore("page")
    assert splitter.sizes() != laptop  # its own (the default) sizes
    splitter.setSizes([250, 750])
    memory.changed("page")
    memory.save_now()

    screen["name"] = "1366x768.100"
    memory.restore("page")
    assert splitter.sizes() == laptop

    # Read back by a new program run from the preferences file.
    again = LayoutMemory(
        Preferences(tmp_path / "settings.ini"), screen_of=lambda _w: "1920x1080.150"
    )
    other = _splitter(qtbot)
    again.track("page", other, lambda sp: sp.setSizes([500, 500]))
    again.restore("page")
    assert other.sizes()[0] < other.sizes()[1]

    splitter.setOrientation(Qt.Orientation.Vertical)  # another arrangement: its own sizes
    memory.restore("page")
    assert splitter.sizes()[0] == splitter.sizes()[1]


def _box_with(qtbot, width: int, *widgets_of) -> tuple[QWidget, list[QWidget]]:
    box = QWidget()
    flow = FlowLayout(box)
    widgets = [make(box) for make in widgets_of]
    for widget in widgets:
        flow.addWidget(widget)
    qtbot.addWidget(box)
    box.resize(width, flow.heightForWidth(width))
    box.show()
    qtbot.waitExposed(box)
    return box, widgets


def test_a_row_of_buttons_wraps_instead_of_clipping(qtbot):
    names = ["Bắt đầu đánh giá", "Hoàn thành tự đánh giá", "Mở lại để chỉnh sửa", "Hồ sơ…"]
    makers = [lambda parent, n=n: QPushButton(n, parent) for n in names]
    _wide, buttons = _box_with(qtbot, 900, *makers)
    assert len({b.y() for b in buttons}) == 1  # one line when it fits

    narrow, buttons = _box_with(qtbot, 260, *makers)
    area = QRect(QPoint(0, 0), narrow.size())
    assert len({b.y() for b in buttons}) > 1
    for button in buttons:
        assert area.contains(button.geometry()), button.text()
        assert button.width() >= button.sizeHint().width()
    for a in buttons:
        for b in buttons:
            assert a is b or not a.geometry().intersects(b.geometry())


def test_an_eliding_label_gives_way_to_the_buttons_after_it_and_keeps_its_text_in_a_tooltip(
    qtbot,
):
    text = "5 minh chứng chứng minh tiêu chí 5.2.4.3.a của Xã Hồ Thị Kỷ"
    _box, (label, unlink, link) = _box_with(
        qtbot,
        360,
        lambda parent: ElidedLabel(text, parent, min_chars=10),
        lambda parent: QPushButton("Gỡ khỏi tiêu chí", parent),
        lambda parent: QPushButton("Gắn với tiêu chí…", parent),
    )
    assert label.y() <= unlink.y() + unlink.height() and unlink.y() == link.y()
    assert label.geometry().right() < unlink.x()  # same line, before the buttons
    assert label.is_elided()
    assert text in label.toolTip()

    label.resize(label.sizeHint().width() + 10, label.height())
    assert not label.is_elided()
    assert label.toolTip() == ""


def test_the_unit_list_folds_away_and_comes_back(qtbot, demo_workspace, inline_tasks):
    window = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    window.resize(1366, 690)
    window.show()
    qtbot.waitExposed(window)
    assert window.navigator_shown()
    assert window.navigator_action.shortcut() == QKeySequence("Ctrl+B")
    window.navigator_action.trigger()  # View ▸ Unit list
    assert not window.navigator_shown()
    assert window.navigator_button.text() == "▶"
    assert window.tabs.width() > 1300
    actions = window.findChildren(QAction)
    find_unit = next(a for a in actions if a.shortcut() == QKeySequence("Ctrl+L"))
    find_unit.trigger()  # Edit ▸ Find a unit brings the list back
    assert window.navigator_shown()
    window.navigator_button.click()
    assert not window.navigator_shown()
    window.close()

    # The next start on the same screen opens folded, as it was left.
    again = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(again)
    again.resize(1366, 690)
    with qtbot.waitSignals([again.firstPainted, again.startFinished], timeout=5000):
        again.show()
    assert not again.navigator_shown()


def test_a_small_window_starts_with_the_unit_list_folded_once_a_unit_was_open(
    qtbot, demo_workspace, inline_tasks
):
    preferences = Preferences(demo_workspace.root / "settings.ini")
    commune = demo_workspace.store.units.by_code(COMMUNE_CODE)
    preferences.set_last_unit(commune.id)
    window = MainWindow(demo_workspace, tasks=inline_tasks, preferences=preferences)
    qtbot.addWidget(window)
    window.resize(911, 434)  # 1366×768 at 150 %
    with qtbot.waitSignals([window.firstPainted, window.startFinished], timeout=5000):
        window.show()
    assert not window.navigator_shown()
    assert window.navigator.current_unit_id() == commune.id  # the last unit is open anyway
