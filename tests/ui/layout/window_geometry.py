"""The real window on office screens: sizes, and the geometry checks the layout must pass.

A screen of W×H at scale s gives a maximised window W/s × H/s device-independent pixels, less the
Windows taskbar and the window's title bar (Windows 11: 48 and 30 px at any scale). Qt 6 lays out
in device-independent pixels, so scale changes only rounding and pixel snapping; the checks run at
100 % in the test process and at 125 % and 150 % in a child process started with QT_SCALE_FACTOR
(see docs/window-architecture.md, "Office screens").

Used by tests/ui/layout/test_window_sizes.py, its child process (size_check_child.py) and
scripts/screenshots.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QListView, QWidget

SCREENS = ((1280, 720), (1366, 768), (1600, 900), (1920, 1080))
SCALES = (1.0, 1.25, 1.5)
TASKBAR, TITLE_BAR = 48, 30
MIN_CRITERION_CHARS = 40
MIN_EVIDENCE_ROWS = 3
COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ


@dataclass(frozen=True)
class WindowSize:
    screen: tuple[int, int]
    scale: float

    @property
    def client(self) -> tuple[int, int]:
        """The maximised window's inside, in device-independent pixels."""
        w, h = self.screen
        return round(w / self.scale), round(h / self.scale) - TASKBAR - TITLE_BAR

    @property
    def name(self) -> str:
        w, h = self.screen
        return f"{w}x{h}@{round(self.scale * 100)}"


def all_sizes(scale: float | None = None) -> list[WindowSize]:
    return [WindowSize(screen, s) for s in SCALES for screen in SCREENS if scale in (None, s)]


def settle(rounds: int = 4) -> None:
    """Let deferred layout work (arrangements run from zero-time timers, flow layouts) finish."""
    app = QApplication.instance()
    for _round in range(rounds):
        app.processEvents()


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


# ----------------------------------------------------------------------------- checks


def check_window_size(window, size: WindowSize) -> list[str]:
    """The window has the size asked for, and its content is not squeezed below its minimum
    (which would clip it)."""
    w, h = size.client
    got = window.size()
    problems = []
    if (got.width(), got.height()) != (w, h):
        problems.append(f"window is {got.width()}×{got.height()}, not {w}×{h}")
    # Each side of the main splitter (a folded unit list has no room and needs none).
    parts = [("tabs", window.tabs)]
    if window.navigator_shown():
        parts.append(("unit list", window.navigator))
    for name, part in parts:
        need, have = part.minimumSizeHint(), part.size()
        if need.width() > have.width() or need.height() > have.height():
            problems.append(
                f"{size.name}: the {name} need {need.width()}×{need.height()}, "
                f"have {have.width()}×{have.height()} (clipped)"
            )
    return problems


def check_header(window, label: str) -> list[str]:
    """Every shown button of the header lies whole inside the header and the window, is not
    narrower than its text, and overlaps no other; wrapped labels get the lines they need."""
    header = window.assessment.header
    problems = []
    header_rect = QRect(QPoint(0, 0), header.size())
    window_rect = QRect(QPoint(0, 0), window.size())
    buttons = [b for b in header.findChildren(QAbstractButton) if b.isVisibleTo(header)]
    if not buttons:
        problems.append(f"{label}: the header shows no button")
    placed = []
    for button in buttons:
        text = button.text().replace("&", "") or button.objectName()
        r = rect_in(button, header)
        if not header_rect.contains(r):
            problems.append(f"{label}: header button “{text}” is clipped by the header {r}")
        if not window_rect.contains(rect_in(button, window)):
            problems.append(f"{label}: header button “{text}” lies outside the window")
        if button.width() < button.sizeHint().width():
            problems.append(
                f"{label}: header button “{text}” is {button.width()} px wide, "
                f"its text needs {button.sizeHint().width()}"
            )
        for other_text, other in placed:
            if r.intersects(other):
                problems.append(f"{label}: header buttons “{text}” and “{other_text}” overlap")
        placed.append((text, r))
    for widget in header.findChildren(QLabel):
        if not widget.isVisibleTo(header) or not widget.wordWrap() or not widget.text():
            continue
        need = widget.heightForWidth(widget.width())
        if need > widget.height() + 1:
            problems.append(
                f"{label}: header text “{widget.text()[:30]}…” is cut ({widget.height()} px "
                f"of {need})"
            )
        if not header_rect.contains(rect_in(widget, header)):
            problems.append(f"{label}: header text “{widget.text()[:30]}…” is outside the header")
    return problems


def check_criterion_column(window, label: str) -> list[str]:
    """Every row shown in the checklist holds 40 characters of its own text."""
    checklist = window.assessment.checklist
    tree = checklist.tree
    if not tree.isVisible():
        return [f"{label}: the checklist is not visible"]
    viewport = tree.viewport().rect()
    fm = tree.fontMetrics()
    problems = []
    index = tree.indexAt(QPoint(4, 4))
    rows = 0
    while index.isValid():
        rect = tree.visualRect(index)
        if not viewport.intersects(rect):
            break
        shown = rect.intersected(viewport)
        text = str(index.data() or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = fm if font is None else QFontMetrics(font)
        need = metrics.horizontalAdvance(text[:MIN_CRITERION_CHARS]) + 8
        if shown.width() < need:
            problems.append(
                f"{label}: criterion “{text[:20]}…” has {shown.width()} px, "
                f"{MIN_CRITERION_CHARS} characters need {need}"
            )
        rows += 1
        index = tree.indexBelow(index)
    if rows < 3:
        problems.append(f"{label}: the checklist shows {rows} rows")
    return problems


def check_evidence_lists(window, label: str) -> list[str]:
    """Both evidence lists show at least three rows (their evidence tab shown on small screens)."""
    page = window.assessment
    page.show_evidence()
    settle()
    problems = []
    lists = {"linked": page.evidence.linked_view, "unit": page.evidence.unit_view}
    row = page.evidence.unit_view.sizeHintForRow(0)
    if row <= 0:
        return [f"{label}: the unit's evidence list is empty"]
    for name, view in lists.items():
        view: QListView
        if not view.isVisible():
            problems.append(f"{label}: the {name} evidence list is not visible")
            continue
        height = view.viewport().height()
        if height < MIN_EVIDENCE_ROWS * row:
            problems.append(
                f"{label}: the {name} evidence list shows {height / row:.1f} rows "
                f"({height} px, rows of {row} px)"
            )
        if not QRect(QPoint(0, 0), window.size()).contains(rect_in(view, window)):
            problems.append(f"{label}: the {name} evidence list lies outside the window")
    page.show_checklist()
    settle()
    return problems


def _column_chars(view, column: int) -> float:
    """How many average characters a column shows (a hidden one: none)."""
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else view.header()
    if header.isSectionHidden(column):
        return 0.0
    width = header.sectionSize(column)
    if column == 0 and hasattr(view, "indentation"):
        width -= 2 * view.indentation()
    return width / view.fontMetrics().averageCharWidth()


def _cut_columns(label: str, views: dict) -> list[str]:
    """Columns running past the right edge of their view (shown views only)."""
    problems = []
    for view_name, view in views.items():
        header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else view.header()
        if view.isVisible() and header.length() > view.viewport().width() + 1:
            problems.append(f"{label}: the {view_name}'s last column is cut")
    return problems


def check_other_tabs(window, label: str, shots: Path | None = None, name: str = "") -> list[str]:
    """The navigator's names, the overview's deadline table and the criterion-set list keep their
    texts readable: names and titles get their room first."""
    from anninh_desktop.ui.criteria.set_list_model import COL_TITLE
    from anninh_desktop.ui.overview.deadline_model import COL_SET, COL_UNIT

    problems = []
    if window.navigator_shown():
        chars = _column_chars(window.navigator.tree, 0)
        if chars < 14:
            problems.append(f"{label}: the unit list's names have {chars:.0f} characters")
    window.tabs.setCurrentIndex(1)  # overview
    settle(8)
    table = window.overview.deadline_table
    for column, least in ((COL_UNIT, 14), (COL_SET, 16)):
        chars = _column_chars(table, column)
        if chars < least:
            problems.append(f"{label}: the deadline table's column {column} has {chars:.0f} chars")
    fm = table.fontMetrics()
    for row in range(table.model().rowCount()):
        unit = str(table.model().index(row, COL_UNIT).data() or "")
        wanted = min(fm.horizontalAdvance(unit), fm.averageCharWidth() * 28)
        if table.columnWidth(COL_UNIT) < wanted:
            problems.append(f"{label}: the deadline table cuts the unit name “{unit}”")
    problems += _cut_columns(label, {"deadline table": table})
    save_shot(window, shots, f"{name}-overview")
    window.tabs.setCurrentIndex(2)  # criterion sets
    settle(8)
    sets = window.criteria.list_view
    chars = _column_chars(sets, COL_TITLE)
    if chars < 24:
        problems.append(f"{label}: the criterion-set titles have {chars:.0f} characters")
    problems += _cut_columns(
        label, {"set list": sets, "set's criteria": window.criteria.detail.tree}
    )
    save_shot(window, shots, f"{name}-criterion-sets")
    window.tabs.setCurrentIndex(0)
    settle()
    problems += check_movement_tab(window, label, shots, name)
    return problems


def _scrolled(widget: QWidget, part: QWidget) -> bool:
    """Whether `widget` lies in a scroll area inside `part` (its place moves with the scroll)."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not part:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _buttons_whole(part: QWidget, window, label: str, what: str) -> list[str]:
    """Every shown button of `part` lies whole inside it and the window, is not narrower than
    its text, and overlaps no other."""
    problems = []
    part_rect = QRect(QPoint(0, 0), part.size())
    window_rect = QRect(QPoint(0, 0), window.size())
    placed = []
    for button in [b for b in part.findChildren(QAbstractButton) if b.isVisibleTo(part)]:
        if button.parent() is not part and not button.parent().isVisibleTo(part):
            continue
        if _scrolled(button, part):  # reached by scrolling its area: whole inside that area
            continue
        text = button.text().replace("&", "") or button.objectName() or type(button).__name__
        r = rect_in(button, part)
        if not part_rect.contains(r) or not window_rect.contains(rect_in(button, window)):
            problems.append(f"{label}: {what} button “{text}” is clipped {r}")
        if button.width() < button.sizeHint().width() and button.text():
            problems.append(
                f"{label}: {what} button “{text}” is {button.width()} px wide, "
                f"its text needs {button.sizeHint().width()}"
            )
        for other_text, other in placed:
            if r.intersects(other):
                problems.append(f"{label}: {what} buttons “{text}” and “{other_text}” overlap")
        placed.append((text, r))
    return problems


def check_movement_tab(window, label: str, shots: Path | None = None, name: str = "") -> list[str]:
    """The movement tab ("Phong trào") of the commune shown: its top row (title, period, report
    buttons) and every page's buttons are whole, the tab is not squeezed below its minimum, and
    each page's tables keep their first column readable; for a commune and for its province."""
    problems = []
    window.tabs.setCurrentWidget(window.movement_tab)
    settle(8)
    movement = window.movement
    problems += _check_movement_scope(
        window, movement, f"{label} commune", shots, f"{name}-movement"
    )
    # The province: its roll-up, its communes and the exemplary outlook have rows.
    ws = movement._ws
    commune = ws.store.units.by_code(COMMUNE_CODE)
    window.navigator.select_unit(commune.parent_id)
    settle(8)
    problems += _check_movement_scope(
        window, movement, f"{label} province", shots, f"{name}-movement-province"
    )
    window.navigator.select_unit(commune.id)
    movement.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(0)
    settle()
    return problems


def _check_movement_scope(window, movement, label: str, shots, name: str) -> list[str]:
    from PySide6.QtWidgets import QAbstractItemView

    problems = []
    need, have = movement.minimumSizeHint(), movement.size()
    if need.width() > have.width() or need.height() > have.height():
        problems.append(
            f"{label}: the movement tab needs {need.width()}×{need.height()}, "
            f"has {have.width()}×{have.height()} (clipped)"
        )
    for title_label in (movement.title,):
        if (
            title_label.isVisible()
            and title_label.width() < 10 * title_label.fontMetrics().averageCharWidth()
        ):
            problems.append(f"{label}: the movement title is crushed ({title_label.width()} px)")
    for button in (movement.pdf_button, movement.xlsx_button):
        text = button.text().replace("&", "")
        if not button.isVisible():
            problems.append(f"{label}: the movement button “{text}” is hidden")
        elif button.width() < button.sizeHint().width():
            problems.append(f"{label}: the movement button “{text}” is cut")
        elif not QRect(QPoint(0, 0), window.size()).contains(rect_in(button, window)):
            problems.append(f"{label}: the movement button “{text}” lies outside the window")
    for index in range(movement.tabs.count()):
        movement.tabs.setCurrentIndex(index)
        settle(4)
        page = movement.tabs.widget(index)
        page_label = f"{label} movement page {index}"
        problems += _buttons_whole(page, window, page_label, "movement page")
        for view in page.findChildren(QAbstractItemView):
            if not view.isVisible() or not hasattr(view, "horizontalHeader"):
                continue
            if view.model() is None or view.model().columnCount() == 0:
                continue
            if _scrolled(view, page):
                continue
            if view.viewport().height() < 3 * view.fontMetrics().height():
                problems.append(f"{page_label}: a table shows less than three rows")
            if view.model().rowCount() and _column_chars(view, 0) < 14:
                problems.append(f"{page_label}: a table's first column is crushed")
        save_shot(window, shots, f"{name}-{index}")
    return problems


def check_appraisal_tab(window, size: WindowSize, shots: Path | None = None) -> list[str]:
    """A province's office at this size: the queue's unit names and the sheet's criterion texts
    keep their room, and no column runs past the edge."""
    from anninh_desktop.ui.appraisal.queue_view import COL_UNIT
    from anninh_desktop.ui.appraisal.sheet_view import COL_TEXT

    window.resize(*size.client)
    window.layout_memory.restore("main")
    index = window.tabs.indexOf(window.appraisal_tab)
    if index < 0:
        return [f"{size.name}: no Appraisal tab for a province's office"]
    window.tabs.setCurrentIndex(index)
    settle(8)
    page = window.appraisal_tab.widget()
    problems = []
    if _column_chars(page.queue, COL_UNIT) < 14:
        problems.append(f"{size.name}: the appraisal queue's unit names are crushed")
    if _column_chars(page.sheet.table, COL_TEXT) < 24:
        problems.append(f"{size.name}: the appraisal sheet's criterion texts are crushed")
    problems += _cut_columns(size.name, {"queue": page.queue, "sheet": page.sheet.table})
    save_shot(window, shots, f"{size.name}-appraisal")
    window.tabs.setCurrentIndex(0)
    settle()
    return problems


def save_shot(window, folder: Path | None, name: str) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    window.setUpdatesEnabled(True)  # views paint nothing into a grab without it
    settle()
    window.grab().save(str(folder / f"{name}.png"))
    window.setUpdatesEnabled(False)


# ----------------------------------------------------------------------------- the scenario

# (unit, criterion set code, criterion to show): the deepest rows of the commune set, the longest
# set title, a long unit name, a returned and a submitted (read-only) assessment.
SCENES = (
    ("Xã Hồ Thị Kỷ", "tt124-xa-phuong", "5.2.4.3.a"),
    ("Xã Hồ Thị Kỷ", "qd9745-xa-dien-hinh", None),
    ("Công ty TNHH Chế biến Thủy sản Tân Hưng", "tt124-co-quan-doanh-nghiep", None),
    ("32191", "tt124-xa-phuong", None),  # Xã Năm Căn, returned
    ("Phường Bạc Liêu", "tt124-xa-phuong", None),
)


_unit_ids: dict[tuple[str, str], str] = {}


def _unit_id(ws, name: str) -> str:
    from anninh_desktop.services.units_service import find_unit

    key = (str(ws.root), name)
    if key not in _unit_ids:
        _unit_ids[key] = find_unit(ws, name).id
    return _unit_ids[key]


def open_scene(window, ws, unit_name: str, set_code: str, ref: str | None) -> None:
    unit_id = _unit_id(ws, unit_name)
    window.navigator.select_unit(unit_id)
    chooser = window.assessment.header.view.chooser
    for a in ws.store.assessments.for_unit(unit_id):
        if a.year == 2026 and ws.store.criteria.get(a.set_id).code == set_code:
            row = chooser.findData(a.id)
            if row >= 0:
                chooser.setCurrentIndex(row)
    if ref:
        window.assessment.checklist.select_ref(ref)
    settle()


def check_size(window, ws, size: WindowSize, shots: Path | None = None) -> list[str]:
    """Resize the window to `size` and run every check on every scene; the problems found."""
    window.resize(*size.client)
    # As when the window opens on this screen for the first time: its default layout.
    window.layout_memory.restore("main")
    settle(8)
    problems: list[str] = []
    for number, (unit_name, set_code, ref) in enumerate(SCENES):
        open_scene(window, ws, unit_name, set_code, ref)
        label = f"{size.name} {unit_name} ({set_code})"
        problems += check_window_size(window, size)
        problems += check_header(window, label)
        if number < 2:
            problems += check_criterion_column(window, label)
            save_shot(window, shots, f"{size.name}-{number}-checklist")
            problems += check_evidence_lists(window, label)
            if window.assessment.arrangement == "tabs":
                window.assessment.show_evidence()
                settle()
                save_shot(window, shots, f"{size.name}-{number}-evidence")
                window.assessment.show_checklist()
                settle()
        else:
            save_shot(window, shots, f"{size.name}-{number}-header")
    problems += check_other_tabs(window, size.name, shots, size.name)
    return problems


def run_all(folder: Path, scale: float, shots: Path | None = None) -> tuple[list[str], list[str]]:
    """Open the real window on the demo data folder `folder` (copied, writable) and check every
    screen size at `scale`, in Vietnamese and then in English (switched in the open window).
    Returns (problems, what was checked)."""
    from fixtures.workspaces import open_folder

    from anninh_desktop import i18n
    from anninh_desktop.services.movement.demo import add_movement_demo
    from anninh_desktop.ui.main_window import MainWindow
    from anninh_desktop.ui.preferences import Preferences
    from anninh_desktop.ui.qt_catalog import apply_language
    from anninh_desktop.ui.tasks import InlineTaskRunner

    app = QApplication.instance()
    ws = open_folder(folder)
    clock = ws.clock
    add_movement_demo(ws)  # the "Phong trào" tab with its demo: sites, figures, a roll-up
    ws.clock = clock
    problems: list[str] = []
    checked: list[str] = []
    try:
        preferences = Preferences(folder / "settings.ini")
        # Someone who has worked here: the commune was open last time.
        preferences.set_last_unit(ws.store.units.by_code(COMMUNE_CODE).id)
        apply_language(app, "vi")
        window = MainWindow(ws, tasks=InlineTaskRunner(), preferences=preferences)
        window.resize(1000, 700)
        window.show()
        # Layouts run as usual, only painting the screen is skipped (grab() still renders).
        window.setUpdatesEnabled(False)
        window.finish_start()
        settle(8)
        for lang in ("vi", "en"):
            if lang != i18n.current_language():
                window.switch_language(lang)  # the parts are built again in that language
                window.finish_start()
                settle(8)
            for size in all_sizes(scale):
                folder_shots = shots / lang if shots else None
                problems += [f"[{lang}] {p}" for p in check_size(window, ws, size, folder_shots)]
                checked.append(f"{lang} {size.name} {size.client[0]}x{size.client[1]}")
        # The same window as a province's office (its identity set up in Sync ▸ This office).
        from fixtures.workspaces import MAIN_COMMUNE_CODE

        from anninh_desktop.services.sync import identity

        province = ws.store.units.by_code(MAIN_COMMUNE_CODE).parent_id
        identity.set_office(ws, "Phòng PV05 Công an tỉnh Cà Mau", province)
        window.check_office()
        for size in all_sizes(scale):
            problems += [
                f"[en] {p}" for p in check_appraisal_tab(window, size, shots and shots / "en")
            ]
            checked.append(f"appraisal {size.name}")
        window.close()
        window.deleteLater()
        settle()
    finally:
        ws.close()
        apply_language(app, "en")
    return problems, checked
