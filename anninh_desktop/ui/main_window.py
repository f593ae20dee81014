"""The main window: navigator on the left, assessment / overview / criterion sets on the right.

Start-up shows the navigator first: the assessment page (checklist, evidence, header) is built and
the last unit reopened right after the window's first paint (`firstPainted`, then `startFinished`),
so the window appears and answers as soon as the unit tree is there.

The window owns what outlives its parts (the undo stack, the task runner, the preferences) and
builds the parts in `_build()`. A language switch saves everything pending, remembers where the user
was, builds the parts again in the new language and goes back there: nothing is lost.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _, current_language
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.appraisal.tab import AppraisalTab
from anninh_desktop.ui.help import HelpActions, sections
from anninh_desktop.ui.layout_memory import LayoutMemory
from anninh_desktop.ui.lazy_tab import LazyTab
from anninh_desktop.ui.maintenance import MaintenanceActions
from anninh_desktop.ui.movement import TAB_TITLE as MOVEMENT_TAB_TITLE
from anninh_desktop.ui.navigator import NavigatorWidget
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.qt_catalog import apply_language
from anninh_desktop.ui.sync import SyncActions
from anninh_desktop.ui.tasks import TaskRunner
from anninh_desktop.ui.unit_lists import UnitListActions

if TYPE_CHECKING:
    from anninh_desktop.ui.assessment_page import AssessmentPage
    from anninh_desktop.ui.criteria import CriteriaWidget
    from anninh_desktop.ui.dossier import DossierDialog, ReceivedDossier
    from anninh_desktop.ui.history.dialog import HistoryDialog
    from anninh_desktop.ui.movement.page import MovementWidget
    from anninh_desktop.ui.overview import OverviewWidget

log = logging.getLogger(__name__)

TAB_ASSESSMENT, TAB_OVERVIEW, TAB_CRITERIA = range(3)
DEFAULT_SIZE = QSize(1360, 820)
NAVIGATOR_SHARE = 0.24  # of the window's width, between these limits:
NAVIGATOR_WIDTHS = (220, 380)
# A window narrower than this starts with the unit list folded (once a unit is open): the
# assessment needs the width more.
FOLD_NAVIGATOR_BELOW = 1000
# An explicit minimum: without it the window's minimum is its layout's, which belongs to the
# arrangement of the size it had; a window sized down at once (maximised on a small screen)
# would then stop at that minimum instead of arranging itself for its new size.
MINIMUM_SIZE = QSize(640, 360)


class MainWindow(QMainWindow):
    firstPainted = Signal()  # the unit tree has been painted once
    startFinished = Signal()  # the assessment page is built and the last unit reopened

    def __init__(
        self,
        workspace: Workspace,
        *,
        tasks: TaskRunner | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__()
        self._ws = workspace
        self.tasks = tasks or TaskRunner()
        self.preferences = preferences or Preferences(workspace.root / "settings.ini")
        self.undo_stack = QUndoStack(self)
        self.layout_memory = LayoutMemory(self.preferences, self)
        self._start_unit = self.preferences.last_unit()
        self._shown_once = False
        self._first_painted = False
        self._navigator_width = 0
        self._started = False
        # Imported after the first paint, one per turn of the event loop (_continue_start).
        self._start_imports = [
            "anninh_desktop.ui.assessment",
            "anninh_desktop.ui.checklist",
            "anninh_desktop.ui.evidence",
        ]
        self.dossier_dialog: DossierDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.received: ReceivedDossier | None = None
        self.sync = SyncActions(workspace, self.tasks, self.preferences, self)
        self.sync.imported.connect(self._on_sync_imported)
        self.sync.conflictsResolved.connect(self._on_sync_imported)
        self.maintenance = MaintenanceActions(workspace, self.tasks, self.preferences, self)
        self.unit_lists = UnitListActions(
            workspace, self.tasks, self.preferences, self, lambda: self.navigator.current_unit_id()
        )
        self.unit_lists.imported.connect(lambda _id: self.navigator.reload())
        self.help = HelpActions(workspace.root, self, self._current_help_section)
        self._build()
        self.setMinimumSize(MINIMUM_SIZE)
        geometry = self.preferences.window_geometry()
        self._geometry_restored = bool(geometry and self.restoreGeometry(QByteArray(geometry)))
        if not self._geometry_restored:
            self.resize(self._first_size())
        self._start_unit = self.preferences.last_unit()
        last_year = self.preferences.last_year()
        if last_year:
            self.navigator.set_year(last_year)
        self.navigator.tree.firstPainted.connect(self._on_tree_firstPainted)

    def _on_tree_firstPainted(self) -> None:
        if self._first_painted:
            return
        self._first_painted = True
        self.firstPainted.emit()
        QTimer.singleShot(0, self._continue_start)

    def _continue_start(self) -> None:
        """One step of the start per turn of the event loop, so the window answers in between.

        The assessment page's modules are imported a package at a time (each ~30-50 ms), then the
        page is built and the last unit reopened; a click or a key press waits for one step at
        most, never for the whole ~0.3 s.
        """
        if self._started or not self.isVisible():  # closed meanwhile: nothing to finish
            return
        if self._start_imports:
            importlib.import_module(self._start_imports.pop(0))
            QTimer.singleShot(0, self._continue_start)
            return
        self.finish_start()

    def finish_start(self) -> None:
        """Build the assessment page and reopen the last unit (once; after the first paint).

        A unit the user chose meanwhile stays chosen.
        """
        if self._started:
            return
        self._started = True
        self.assessment  # noqa: B018 (builds the page)
        # The last unit, else (a new data folder) the office's own commune.
        start = self._start_unit or self._office
        if start and self.navigator.current_unit_id() is None:
            self.navigator.select_unit(start)
        from anninh_desktop.ui.people.window_actions import ask_who_is_working

        self.who_dialog = ask_who_is_working(self._ws, self)  # only when there are officers
        from anninh_desktop.ui.deadlines import StartReminders  # after the first paint

        self.reminders = StartReminders(
            self._ws,
            self,
            backup_text=self.maintenance.backup_reminder_text,
            open_backup=self.maintenance.open_backup,
        )
        if self.who_dialog is not None:  # who is working first, then the reminders
            self.who_dialog.finished.connect(lambda _result: self.reminders.start())
        else:
            QTimer.singleShot(0, self.reminders.start)  # deadlines and an old backup
        self.startFinished.emit()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        self.setWindowTitle(_("An Ninh Desktop"))
        self.navigator = NavigatorWidget(self._ws, self)
        # Built right after the first paint (finish_start), or when first asked for.
        self.assessment_tab = LazyTab(self._make_assessment, self, build_on_show=self._started)
        # Built when first shown: start-up only pays for what the first screen needs.
        self.overview_tab = LazyTab(self._make_overview, self)
        self.criteria_tab = LazyTab(self._make_criteria, self)
        self.movement_tab = LazyTab(self._make_movement, self)
        self._scope: tuple[str | None, int] = (None, self.navigator.year())
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.assessment_tab, _("&Assessment"))
        self.tabs.addTab(self.overview_tab, _("&Overview"))
        self.tabs.addTab(self.criteria_tab, _("Criterion &sets"))
        self.tabs.addTab(self.movement_tab, _(MOVEMENT_TAB_TITLE))
        self.appraisal_tab = AppraisalTab(self._ws, self.tasks, self)
        self.appraisal_tab.place_in(self.tabs, _("Appra&isal"))
        self.appraisal_tab.changed.connect(self._on_appraisal_changed)
        for widget, section in [
            (self.navigator, sections.UNITS),
            (self.assessment_tab, sections.ASSESSMENT),
            (self.overview_tab, sections.OVERVIEW),
            (self.criteria_tab, sections.CRITERIA),
            (self.movement_tab, sections.MOVEMENT),
            (self.appraisal_tab, sections.APPRAISAL),
        ]:
            sections.set_help_section(widget, section)  # F1 there opens the guide at its section
        self._office = office_unit_id(self._ws)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # The unit list can be folded away (button left of the tabs, Ctrl+B) to give a small
        # screen's width to the assessment; the assessment itself never folds.
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.navigator_button = QToolButton(self.tabs)
        self.navigator_button.setAutoRaise(True)
        self.navigator_button.clicked.connect(self.toggle_navigator)
        self.tabs.setCornerWidget(self.navigator_button, Qt.Corner.TopLeftCorner)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._update_navigator_button())
        self.navigator.installEventFilter(self)  # folded or unfolded: the button follows
        self.layout_memory.track("main", self.splitter, self._default_main_split)
        if self._shown_once:  # else when first shown, on its screen and at its size
            self.layout_memory.restore("main")
        self.setCentralWidget(self.splitter)
        self._build_menus()
        # No status bar: its line of height is worth more to the checklist on a laptop; the data
        # folder is named in Help ▸ About.

        self.navigator.unitSelected.connect(self._on_navigator_unit_selected)
        self.navigator.yearChanged.connect(self._on_navigator_year_changed)
        self.navigator.missingReportRequested.connect(self._on_missing_report_requested)
        self.navigator.unitListRequested.connect(self.unit_lists.open_for)

    def _make_assessment(self) -> QWidget:
        from anninh_desktop.ui.assessment_page import AssessmentPage

        page = AssessmentPage(self._ws, self.tasks, self.undo_stack, memory=self.layout_memory)
        page.unitChanged.connect(self._on_assessment_unit_changed)
        page.unitsAdded.connect(self._on_assessment_units_added)
        page.header.dossierRequested.connect(self._on_dossier_requested)
        page.header.missingReportRequested.connect(self._on_missing_report_requested)
        page.checklist.historyRequested.connect(self.show_history)
        page.header.transitioned.connect(lambda _id: self.appraisal_tab.reload())
        return page

    def _make_overview(self) -> QWidget:
        from anninh_desktop.ui.overview import OverviewWidget

        overview = OverviewWidget(self._ws, self.tasks)
        overview.show_scope(*self._scope)
        return overview

    def _make_criteria(self) -> QWidget:
        from anninh_desktop.ui.criteria import CriteriaWidget

        criteria = CriteriaWidget(self._ws)
        criteria.setsChanged.connect(self._on_criteria_sets_changed)
        return criteria

    def _make_movement(self) -> QWidget:
        from anninh_desktop.ui.movement import MovementWidget

        movement = MovementWidget(self._ws, self.tasks)
        movement.show_scope(*self._scope)
        return movement

    @property
    def movement(self) -> MovementWidget:
        return cast("MovementWidget", self.movement_tab.widget())

    @property
    def assessment(self) -> AssessmentPage:
        return cast("AssessmentPage", self.assessment_tab.widget())

    @property
    def overview(self) -> OverviewWidget:
        return cast("OverviewWidget", self.overview_tab.widget())

    @property
    def criteria(self) -> CriteriaWidget:
        return cast("CriteriaWidget", self.criteria_tab.widget())

    def _show_scope(self, unit_id: str | None, year: int) -> None:
        self._scope = (self._scope_for(unit_id), year)
        if self.overview_tab.created:
            self.overview.show_scope(*self._scope)
        if self.movement_tab.created:
            self.movement.show_scope(*self._scope)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        self.open_received_action = QAction(_("&Open a received dossier…"), self)
        self.open_received_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_received_action.triggered.connect(self._on_open_received_triggered)
        file_menu.addAction(self.open_received_action)
        self.print_action = QAction(_("&Print…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._on_print_triggered)
        file_menu.addAction(self.print_action)
        self.missing_action = QAction(_("What is still &missing…"), self)
        self.missing_action.triggered.connect(
            lambda: self._on_missing_report_requested(self.navigator.current_unit_id() or "")
        )
        file_menu.addAction(self.missing_action)
        sync_menu = QMenu(_("S&ync"), bar)  # added after View, filled now (Import is in both)
        self.sync.add_to(file_menu, sync_menu)
        # The office may be set up or changed there, and with it what this installation may do.
        self.sync.offices_action.triggered.connect(self._on_offices_action_triggered)
        file_menu.addSeparator()
        self.trust_action = QAction(_("&Trusted certificates…"), self)
        self.trust_action.triggered.connect(self._on_trust_action_triggered)
        file_menu.addAction(self.trust_action)
        from anninh_desktop.ui.people.window_actions import add_people_actions

        self.officers_action, self.who_action = add_people_actions(file_menu, self._ws, self)
        file_menu.addSeparator()
        self.maintenance.add_to(file_menu)  # Back up…, Restore…, Check data…
        self.unit_lists.add_to(file_menu)  # lists of units from and to Excel
        file_menu.addSeparator()
        self.settings_action = QAction(_("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self._on_settings_triggered)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(_("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        find_criterion = QAction(_("&Find a criterion"), self)
        find_criterion.setShortcut(QKeySequence("Ctrl+F"))
        find_criterion.triggered.connect(self._on_find_criterion_triggered)
        find_unit = QAction(_("Fi&nd a unit"), self)
        find_unit.setShortcut(QKeySequence("Ctrl+L"))
        find_unit.triggered.connect(self._on_find_unit_triggered)
        edit_menu.addAction(find_criterion)
        edit_menu.addAction(find_unit)

        view_menu = bar.addMenu(_("&View"))
        self.navigator_action = QAction(_("&Unit list"), self)
        self.navigator_action.setCheckable(True)
        self.navigator_action.setShortcut(QKeySequence("Ctrl+B"))
        self.navigator_action.triggered.connect(self._on_navigator_action_triggered)
        view_menu.addAction(self.navigator_action)
        view_menu.addSeparator()
        for tab, label, key in [
            (self.assessment_tab, _("Assessment"), "Ctrl+1"),
            (self.overview_tab, _("Overview"), "Ctrl+2"),
            (self.criteria_tab, _("Criterion sets"), "Ctrl+3"),
            (self.movement_tab, _("Movement"), "Ctrl+4"),
        ]:
            action = QAction(label, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, t=tab: self.tabs.setCurrentWidget(t))
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.history_action = QAction(_("&History…"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(lambda: self.show_history(""))
        view_menu.addAction(self.history_action)

        bar.addMenu(sync_menu)
        help_menu = bar.addMenu(_("&Help"))
        self.help.add_to(help_menu)  # User guide (F1), Keyboard shortcuts, About

    # ----------------------------------------------------------------- layout

    def _first_size(self) -> QSize:
        """The default size, within the screen's free area (a laptop is smaller than 1360×820)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        free = screen.availableGeometry().size()
        return DEFAULT_SIZE.boundedTo(free - QSize(16, 48))

    def show_on_screen(self) -> None:
        """Show the window: as it was left, or maximised on a screen smaller than its default
        size (a laptop), or at its default size."""
        screen = self.screen() or QApplication.primaryScreen()
        small = screen is not None and (
            screen.availableGeometry().width() < DEFAULT_SIZE.width() + 16
            or screen.availableGeometry().height() < DEFAULT_SIZE.height() + 48
        )
        if not self._geometry_restored and small:
            self.showMaximized()
        else:
            self.show()

    def _default_main_split(self, splitter: QSplitter) -> None:
        width = max(self.width(), 600)
        low, high = NAVIGATOR_WIDTHS
        navigator = max(low, min(high, int(width * NAVIGATOR_SHARE)))
        self._navigator_width = navigator
        if width < FOLD_NAVIGATOR_BELOW and (self._start_unit or self._office):
            navigator = 0
        splitter.setSizes([navigator, width - navigator])

    def navigator_shown(self) -> bool:
        return self.splitter.sizes()[0] > 0

    def toggle_navigator(self) -> None:
        """Fold the unit list away, or bring it back at its last width."""
        self.set_navigator_shown(not self.navigator_shown())

    def set_navigator_shown(self, shown: bool) -> None:
        if shown == self.navigator_shown():
            return
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if shown:
            low, high = NAVIGATOR_WIDTHS
            width = max(low, min(high, self._navigator_width or low))
            self.splitter.setSizes([width, max(total - width, 1)])
        else:
            self._navigator_width = sizes[0]
            self.splitter.setSizes([0, total])
        self.layout_memory.changed("main")  # remembered like a drag of the handle
        self._update_navigator_button()

    def _update_navigator_button(self) -> None:
        shown = self.navigator_shown()
        self.navigator_button.setText("◀" if shown else "▶")
        tip = _("Hide the unit list (Ctrl+B)") if shown else _("Show the unit list (Ctrl+B)")
        self.navigator_button.setToolTip(tip)
        self.navigator_button.setAccessibleName(tip)
        if hasattr(self, "navigator_action"):
            self.navigator_action.setChecked(shown)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            handle = self.windowHandle()
            if handle is not None:
                handle.screenChanged.connect(self._on_screen_changed)
            self.layout_memory.restore("main")
            if not self.navigator_shown():
                # A folded unit list is never painted: the start goes on after this paint.
                QTimer.singleShot(0, self._on_tree_firstPainted)
        self._update_navigator_button()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.navigator and event.type() == QEvent.Type.Resize:
            self._update_navigator_button()
        return super().eventFilter(watched, event)

    def _on_screen_changed(self, _screen: object) -> None:
        """Another screen (or the same at another scale): its own remembered sizes."""
        self.layout_memory.restore_all()
        self._update_navigator_button()

    # ----------------------------------------------------------------- state

    def _place(self) -> tuple[str | None, int, int, str | None]:
        return (
            self.navigator.current_unit_id(),
            self.navigator.year(),
            self.tabs.currentIndex(),
            self.assessment.checklist.current_ref() if self.assessment_tab.created else None,
        )

    def _restore_place(
        self, unit_id: str | None, year: int | None, tab: int, ref: str | None = None
    ) -> None:
        if year:
            self.navigator.set_year(year)
        if unit_id:
            self.navigator.select_unit(unit_id)
        self.tabs.setCurrentIndex(tab)
        if ref:
            self.assessment.checklist.select_ref(ref)

    def switch_language(self, lang: str) -> None:
        """Show the window in another language; pending edits are saved first, the place is kept."""
        if lang == current_language():
            return
        self._flush()
        place = self._place()
        apply_language(QApplication.instance(), lang)
        self.preferences.set_language(lang)
        # The undo history stays: its commands write through whichever checklist is shown.
        old = self.centralWidget()
        self._build()
        if old is not None:
            old.deleteLater()
        self._restore_place(*place)

    # ----------------------------------------------------------------- slots

    def _scope_for(self, unit_id: str | None) -> str | None:
        """The overview shows the commune of a residential area or establishment."""
        if unit_id is None:
            return None
        unit = self._ws.store.units.get(unit_id)
        if unit.kind not in (UnitKind.PROVINCE, UnitKind.COMMUNE) and unit.parent_id:
            return unit.parent_id
        return unit.id

    def _on_navigator_unit_selected(self, unit_id: str) -> None:
        year = self.navigator.year()
        self.assessment.show_unit(unit_id or None, year)
        self._show_scope(unit_id or None, year)
        self.preferences.set_last_unit(unit_id)

    def _on_navigator_year_changed(self, year: int) -> None:
        unit_id = self.navigator.current_unit_id()
        if self.assessment_tab.created:  # else finish_start shows the unit
            self.assessment.show_unit(unit_id, year)
        self._show_scope(unit_id, year)
        self.preferences.set_last_year(year)

    def _on_assessment_unit_changed(self, unit_id: str) -> None:
        self.navigator.refresh_units([unit_id])

    def _on_assessment_units_added(self, unit_id: str) -> None:
        self.navigator.reload()
        self.navigator.select_unit(unit_id)

    def _on_criteria_sets_changed(self) -> None:
        if self.assessment_tab.created:
            self.assessment.header.refresh()

    def _on_sync_imported(self) -> None:
        self.navigator.reload()
        self.appraisal_tab.reload()
        if self.movement_tab.created:
            self.movement.reload()
        self._on_navigator_year_changed(self.navigator.year())  # the unit shown, read again

    def _on_trust_action_triggered(self) -> None:
        from anninh_desktop.ui.dossier.trust_dialog import TrustDialog

        dialog = TrustDialog(self._ws, self.preferences, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.trust_dialog = dialog
        dialog.open()

    def _on_offices_action_triggered(self) -> None:
        dialog = getattr(self.sync, "office_dialog", None)  # opened by the Sync actions just now
        if dialog is not None:
            dialog.finished.connect(lambda _result: self.check_office())

    def check_office(self) -> None:
        """Follow a change of this office's identity: the Appraisal tab, the editable parts."""
        office = office_unit_id(self._ws)
        if office == self._office:
            return
        self._office = office
        self.appraisal_tab.place_in(self.tabs, _("Appra&isal"))
        self.appraisal_tab.reload()
        if self.criteria_tab.created:
            self.criteria.reload()
        self._on_navigator_year_changed(self.navigator.year())  # the unit shown, read again

    def _on_appraisal_changed(self, _assessment_id: str) -> None:
        self.navigator.reload()
        self._on_navigator_year_changed(self.navigator.year())

    def _on_find_unit_triggered(self) -> None:
        self.set_navigator_shown(True)
        self.navigator.focus_search()

    def _on_navigator_action_triggered(self, checked: bool) -> None:
        self.set_navigator_shown(checked)

    def _on_find_criterion_triggered(self) -> None:
        self.tabs.setCurrentIndex(TAB_ASSESSMENT)
        self.assessment.checklist.focus_find()

    def _on_dossier_requested(self, assessment_id: str) -> None:
        from anninh_desktop.ui.dossier import DossierDialog

        self._flush()  # the dossier reads the results as saved
        if self.dossier_dialog is not None:
            self.dossier_dialog.close()
            self.dossier_dialog.deleteLater()
        self.dossier_dialog = DossierDialog(
            self._ws, assessment_id, self.tasks, self.preferences, self
        )
        self.help.attach(self.dossier_dialog, sections.DOSSIER)
        self.dossier_dialog.open()

    def show_history(self, ref: str = "") -> None:
        """The history of a criterion (`ref`), else of the assessment shown, else of the unit."""
        from anninh_desktop.ui.history.dialog import open_history_of

        page = self.assessment if self.assessment_tab.created else None
        assessment = page.assessment_id if page is not None else None
        self.history_dialog = open_history_of(
            self._ws, self.navigator.current_unit_id(), assessment, ref, self
        )

    def _on_missing_report_requested(self, unit_id: str) -> None:
        from anninh_desktop.ui.missing_report import open_missing_report

        self._flush()  # the report reads the results as saved
        self.missing_dialog = open_missing_report(
            self, self._ws, self.tasks, unit_id or None, self.navigator.year()
        )

    def _on_print_triggered(self) -> None:
        from anninh_desktop.ui.printing import documents

        self._flush()
        assessment_id = (
            self.assessment.header.current_assessment_id() if self.assessment_tab.created else None
        )
        if self.tabs.currentWidget() is self.overview_tab:
            self.print_job = documents.print_overview(self, self._ws, self.tasks, *self._scope)
        elif self.tabs.currentWidget() is self.assessment_tab and assessment_id:
            self.print_job = documents.print_checklist(self, self._ws, self.tasks, assessment_id)
        else:
            QMessageBox.information(
                self,
                _("Print"),
                _(
                    "Open a unit's assessment or the overview to print it; the dossier and the "
                    "“còn thiếu gì” report print from their own windows."
                ),
            )

    def _on_open_received_triggered(self) -> None:
        from anninh_desktop.ui.dossier import ReceivedDossier

        if self.received is None:
            self.received = ReceivedDossier(self._ws, self.tasks, self.preferences, self)
        self.received.open()

    def _on_settings_triggered(self) -> None:
        from anninh_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.preferences, self._ws, self)
        if dialog.exec():
            self.switch_language(self.preferences.language() or current_language())

    def _current_help_section(self) -> str | None:
        """The guide's section of the view shown (F1 with the focus on no view, e.g. the tabs)."""
        return sections.help_section_of(self.tabs.currentWidget())

    # ----------------------------------------------------------------- closing

    def _flush(self) -> None:
        """Save the pending edits of the assessment page, if it was built."""
        if self.assessment_tab.created:
            self.assessment.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._flush()
        if self.tasks.busy:
            answer = QMessageBox.question(
                self,
                _("An Ninh Desktop"),
                _("Work is still running. Stop it and close the program?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.tasks.cancel_all()
            self.tasks.wait(30_000)
        self.preferences.set_window_geometry(bytes(self.saveGeometry().data()))
        self.layout_memory.save_now()
        super().closeEvent(event)
