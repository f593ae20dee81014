"""The evidence pane: items linked to the current criterion, the unit's other items, and the
preview and metadata of the selected one. Files are added by drop, "Add files…" or "Add folder…".

Imports and new revisions run on a worker (TaskRunner) with a progress bar and Cancel; the pane
stays usable meanwhile. After every change it refreshes and emits `evidenceChanged`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.evidence import EvidenceRevision
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services import evidence_import, evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.office_settings import results_refusal
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.evidence import work
from anninh_desktop.ui.evidence.import_flow import ImportFlow
from anninh_desktop.ui.evidence.item_model import (
    EVIDENCE_MIME,
    ID_ROLE,
    SEARCH_ROLE,
    EvidenceListModel,
    dragged_evidence_ids,
)
from anninh_desktop.ui.evidence.link_dialog import LinkCriteriaDialog
from anninh_desktop.ui.evidence.pane_view import EvidencePaneView
from anninh_desktop.ui.evidence.thumbnails import ThumbnailLoader
from anninh_desktop.ui.layout_memory import LayoutMemory
from anninh_desktop.ui.tasks import TaskHandle, TaskRunner, describe_error

log = logging.getLogger(__name__)


def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class EvidencePane(QWidget):
    """Evidence of one unit, seen from one criterion of one assessment (see set_context)."""

    evidenceChanged = Signal()

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        memory: LayoutMemory | None = None,
    ):
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._memory = memory or LayoutMemory(None, self)
        self._arrange_pending = False
        self._arranged = False  # the splitters' sizes are set at the first arrangement
        self._unit_id: str | None = None
        self._assessment_id: str | None = None
        self._ref: str | None = None
        self._locked = False
        self._lock_text = ""
        self._current_id: str | None = None
        self._handle: TaskHandle | None = None
        self._preview_revision: EvidenceRevision | None = None
        self._reloading = False  # selection changes made by _reload itself
        self.setAcceptDrops(True)
        self._build()
        self._connect()
        self.set_context(None, None, None)

    # ------------------------------------------------------------------------------- layout
    def _build(self) -> None:
        self.thumbnails = ThumbnailLoader(self)
        self.imports = ImportFlow(self._ws, self, self._start, self._on_import_done)
        blob_path = self._ws.store.blobs.path_for
        self.linked_model = EvidenceListModel(self.thumbnails, blob_path, self)
        self.unit_model = EvidenceListModel(self.thumbnails, blob_path, self)
        self.unit_proxy = QSortFilterProxyModel(self)
        self.unit_proxy.setSourceModel(self.unit_model)
        self.unit_proxy.setFilterRole(SEARCH_ROLE)

        self.view = v = EvidencePaneView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(v)
        self.add_files_button, self.add_folder_button = v.add_files_button, v.add_folder_button
        self.state_label, self.status_label = v.state_label, v.status_label
        self.progress_row, self.progress_bar = v.progress_row, v.progress_bar
        self.progress_label, self.cancel_button = v.progress_label, v.cancel_button
        self.linked_heading, self.linked_view = v.linked_heading, v.linked_view
        self.unlink_button, self.link_many_button = v.unlink_button, v.link_many_button
        self.unit_heading, self.unit_filter = v.unit_heading, v.unit_filter
        self.unit_view, self.link_button = v.unit_view, v.link_button
        self.preview, self.form, self.details = v.preview, v.form, v.details
        self.linked_view.setModel(self.linked_model)
        self.unit_view.setModel(self.unit_proxy)
        self._memory.track("evidence", v.splitter, v.default_split)
        self._memory.track("evidence-lists", v.lists, v.default_split)

    def _connect(self) -> None:
        self.add_files_button.clicked.connect(self._on_add_files_button_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.unlink_button.clicked.connect(self._on_unlink_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.link_many_button.clicked.connect(self._on_link_many_button_clicked)
        self.unit_filter.textChanged.connect(self._on_unit_filter_text_changed)
        self.linked_view.selectionModel().currentChanged.connect(self._on_linked_view_current)
        self.unit_view.selectionModel().currentChanged.connect(self._on_unit_view_current)
        self.unit_view.doubleClicked.connect(self._on_unit_view_double_clicked)
        self.form.edited.connect(self._on_form_edited)
        self.form.newRevisionRequested.connect(self._on_form_new_revision_requested)
        self.form.revisionChosen.connect(self._on_form_revision_chosen)
        self.preview.openRequested.connect(self._on_preview_open_requested)

    # ----------------------------------------------------------------------- public interface
    def set_context(self, unit_id: str | None, assessment_id: str | None, ref: str | None) -> None:
        """Show the evidence of a unit; the top list is what is linked to `ref` of the assessment."""
        if unit_id != self._unit_id:
            self._current_id = None
            self.unit_filter.clear()
        self._unit_id = unit_id
        self._assessment_id = assessment_id or None
        self._ref = ref or None
        self._locked = False
        self._lock_text = ""
        if self._assessment_id:
            assessment = self._ws.store.assessments.get(self._assessment_id)
            self._lock_text = results_refusal(self._ws, assessment)
            self._locked = bool(self._lock_text)
        self._set_status("")
        self._reload()

    def linked_count(self) -> int | None:
        """How many items prove the current criterion (None when no criterion is chosen)."""
        if not (self._assessment_id and self._ref):
            return None
        return self.linked_model.rowCount()

    def current_evidence_id(self) -> str | None:
        return self._current_id

    def select_evidence(self, evidence_id: str) -> bool:
        """Make an item current (in the top list when linked there); False when not shown."""
        for view, model in ((self.linked_view, self.linked_model), (self.unit_view, None)):
            row = model.row_of(evidence_id) if model else self._unit_proxy_row(evidence_id)
            if row >= 0:
                index = view.model().index(row, 0)
                view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                return True
        return False

    @property
    def busy(self) -> bool:
        """True while an import or a new revision is running."""
        return self._handle is not None

    def import_paths(self, paths: list[Path]) -> None:
        """Add files and folders as new items of the unit, linked to the current criterion."""
        if not self._can_add() or not paths:
            return
        link_to = [(self._assessment_id, self._ref)] if self._assessment_id and self._ref else []
        self._start(
            work.import_files(self._ws, self._unit_id, paths, link_to),
            name="evidence-import",
            on_success=self._on_import_prepared,
        )

    # ------------------------------------------------------------------------------- drops
    # Files from the file manager are added anywhere on the pane; an item dragged from the unit's
    # list is linked to the current criterion when dropped on the list of linked items.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        event.acceptProposedAction()
        if event.mimeData().hasFormat(EVIDENCE_MIME):
            self.link_items(dragged_evidence_ids(event.mimeData()))
        else:
            self.import_paths(_local_paths(event))

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        if event.mimeData().hasFormat(EVIDENCE_MIME):
            if not self._can_link():
                return False
            if isinstance(event, QDragEnterEvent):
                return True  # where it may be dropped is decided while it moves
            spot = self.linked_view.mapFrom(self, event.position().toPoint())
            return self.linked_view.rect().contains(spot)
        return self._can_add() and bool(_local_paths(event))

    def link_items(self, evidence_ids: list[str]) -> None:
        """Link items of the unit to the current criterion (a drop on the linked list)."""
        if not (self._can_link() and evidence_ids):
            return
        assessment_id, ref = self._assessment_id, self._ref

        def link_all() -> None:
            for evidence_id in evidence_ids:
                evidence_service.link(self._ws, evidence_id, assessment_id, ref)

        self._run_quick(link_all)

    # ------------------------------------------------------------------------------ layout
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._arrange_pending:
            # After the resize has been laid out: arranging changes minimum sizes.
            self._arrange_pending = True
            QTimer.singleShot(0, self, self._arrange)

    def _arrange(self) -> None:
        self._arrange_pending = False
        if self.isVisible():
            self.arrange_for(self.width(), self.height())

    def arrange_for(self, width: int, height: int) -> None:
        """Arrange the lists and the preview for a pane of this size (see EvidencePaneView)."""
        icon = self.view.linked_view.iconSize().height()
        changed = self.view.arrange(width, height)
        first = not self._arranged
        self._arranged = True
        if first or changed or icon != self.view.linked_view.iconSize().height():
            # The default sizes are computed from the splitters' sizes: lay the view out at
            # its new size first (a hidden tab is not laid out by itself).
            self.view.resize(width, height)
            self.view.layout().activate()
            self.view.lists_area.layout().activate()
            self._memory.restore("evidence")
            self._memory.restore("evidence-lists")

    def fits_stacked(self, height: int) -> bool:
        """Whether both lists (three rows each) and a preview fit one above the other."""
        return height >= self.view.stacked_height()

    def narrowest(self) -> int:
        return self.view.narrowest()

    # ------------------------------------------------------------------------------ helpers
    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _can_add(self) -> bool:
        return self._unit_id is not None and not self._locked and self._handle is None

    def _can_link(self) -> bool:
        return bool(self._assessment_id and self._ref) and not self._locked

    def _unit_proxy_row(self, evidence_id: str) -> int:
        source_row = self.unit_model.row_of(evidence_id)
        if source_row < 0:
            return -1
        return self.unit_proxy.mapFromSource(self.unit_model.index(source_row)).row()

    def _reload(self, *, details: bool = True) -> None:
        """Read the lists again and keep the current item when it is still there.

        `details` False leaves the preview and the form as they are (after a metadata edit, so
        that the field the user moved to is not refilled).
        """
        store = self._ws.store
        if self._unit_id is None:
            self.unit_model.set_items([], {})
            self.linked_model.set_items([], {})
        else:
            revisions = store.evidence.latest_revisions_for_unit(self._unit_id)
            self.unit_model.set_items(store.evidence.for_unit(self._unit_id), revisions)
            linked = (
                evidence_service.linked_items(self._ws, self._assessment_id, self._ref)
                if self._assessment_id and self._ref
                else []
            )
            self.linked_model.set_items(linked, revisions)
        self._reloading = True
        try:
            found = self._current_id is not None and self.select_evidence(self._current_id)
        finally:
            self._reloading = False
        if not found:
            self._current_id = None
        if details or not found:
            self._show_current()
        self._update_headings()
        self._update_buttons()

    def _update_headings(self) -> None:
        if self._unit_id is None:
            self.state_label.setText(_("Choose a unit to see its evidence."))
        elif self._locked:
            self.state_label.setText(
                _("Evidence cannot be added, linked or unlinked here. {why}").format(
                    why=self._lock_text
                )
            )
        elif self._ref:
            self.state_label.setText(
                _("Drop files or folders here to add them to criterion {ref}.").format(
                    ref=self._ref
                )
            )
        else:
            self.state_label.setText(_("Drop files or folders here to add them to this unit."))
        if self._ref and self._assessment_id:
            count = self.linked_model.rowCount()
            self.linked_heading.setText(
                ngettext(
                    "{count} item proves criterion {ref}",
                    "{count} items prove criterion {ref}",
                    count,
                ).format(count=count, ref=self._ref)
            )
        else:
            self.linked_heading.setText(_("Choose a criterion to see the evidence linked to it."))

    def _update_buttons(self) -> None:
        can_add = self._can_add()
        self.add_files_button.setEnabled(can_add)
        self.add_folder_button.setEnabled(can_add)
        can_link = self._assessment_id is not None and not self._locked and self._handle is None
        current = self._current_id
        linked_here = current is not None and self.linked_model.row_of(current) >= 0
        self.link_button.setEnabled(
            can_link and current is not None and self._ref is not None and not linked_here
        )
        self.unlink_button.setEnabled(can_link and linked_here)
        self.link_many_button.setEnabled(can_link and current is not None)
        self.linked_view.setEnabled(self._unit_id is not None)
        self.unit_view.setEnabled(self._unit_id is not None)
        self.unit_filter.setEnabled(self._unit_id is not None)
        self.form.new_revision_button.setEnabled(
            self.form.item() is not None and not self._locked and self._handle is None
        )

    def _show_current(self) -> None:
        """Fill the preview and the form for the current item."""
        current = self._current_id
        if current is None:
            self._preview_revision = None
            self.preview.clear()
            self.form.show_item(None, [], editable=False)
            return
        item = self._ws.store.evidence.get(current)
        revisions = self._ws.store.evidence.revisions(current)
        self.form.show_item(item, revisions, editable=not self._locked)
        self._show_revision(revisions[-1] if revisions else None)
        self._update_buttons()

    def _show_revision(self, revision: EvidenceRevision | None) -> None:
        self._preview_revision = revision
        if revision is None:
            self.preview.clear()
            return
        self.preview.show_file(
            self._ws.store.blobs.path_for(revision.sha256),
            revision.filename,
            revision.media_type,
            revision.size,
            check=revision.check,
        )

    def _show_error(self, message: str) -> None:
        """A message box that does not block (the window keeps running, tests can read it)."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Evidence"), message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _changed(self, *, details: bool = True) -> None:
        self._reload(details=details)
        self.evidenceChanged.emit()

    # --------------------------------------------------------------------------- long work
    def _start(self, func, *, name: str, on_success) -> None:
        self._set_status("")
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.progress_label.setText(_("Starting…"))
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self._handle = self._tasks.run(
            func,
            name=name,
            on_success=on_success,
            on_error=self._on_task_failed,
            on_progress=self._on_task_progress,
            on_cancelled=self._on_task_cancelled,
        )
        if not self._handle.running:
            self._handle = None  # an inline runner has finished already
        self._update_buttons()

    def _finish_task(self) -> None:
        self._handle = None
        self.progress_row.hide()
        self._update_buttons()

    def _on_task_progress(self, done: int, total: int, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._finish_task()
        self._show_current()
        self._show_error(describe_error(exc))

    def _on_task_cancelled(self) -> None:
        self._finish_task()
        self._show_current()
        self._set_status(_("Cancelled: nothing was added."))

    def _on_import_prepared(self, prepared: evidence_import.PreparedImport) -> None:
        self._finish_task()
        self.imports.prepared(prepared)  # asks about duplicates, commits, then _on_import_done

    def _on_import_done(self, outcome: evidence_import.ImportOutcome | None, text: str) -> None:
        self._finish_task()
        self._set_status(text)
        if outcome is None or not (outcome.added or outcome.linked):
            return
        ids = [e.id for e in outcome.added] or [holder.id for _i, holder, _f in outcome.linked]
        self._current_id = ids[0]
        self._changed()

    def _on_revision_added(self, revision: EvidenceRevision) -> None:
        self._finish_task()
        self._set_status(_("Revision {number} added.").format(number=revision.revision))
        self._changed()

    def _on_cancel_button_clicked(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Cancelling…"))

    # ------------------------------------------------------------------------------ slots
    def _ask_files(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Add files"))
        return [Path(n) for n in names]

    def _ask_folder(self) -> Path | None:
        name = QFileDialog.getExistingDirectory(self, _("Add a folder"))
        return Path(name) if name else None

    def _ask_revision_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(self, _("New revision"))
        return Path(name) if name else None

    def _open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)

    def _on_add_files_button_clicked(self) -> None:
        paths = self._ask_files()
        if paths:
            self.import_paths(paths)

    def _on_add_folder_button_clicked(self) -> None:
        folder = self._ask_folder()
        if folder is not None:
            self.import_paths([folder])

    def _on_linked_view_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.unit_view.selectionModel().clearSelection()
            self._set_current(current.data(ID_ROLE))

    def _on_unit_view_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.linked_view.selectionModel().clearSelection()
            self._set_current(current.data(ID_ROLE))

    def _set_current(self, evidence_id: str) -> None:
        if self._reloading:
            return
        self._current_id = evidence_id
        self._show_current()

    def _on_unit_view_double_clicked(self, index: QModelIndex) -> None:
        if self.link_button.isEnabled():
            self._on_link_button_clicked()

    def _on_unit_filter_text_changed(self, text: str) -> None:
        self.unit_proxy.setFilterFixedString(fold(text.strip()))

    def _on_link_button_clicked(self) -> None:
        if self._current_id and self._assessment_id and self._ref:
            self._run_quick(
                lambda: evidence_service.link(
                    self._ws, self._current_id, self._assessment_id, self._ref
                )
            )

    def _on_unlink_button_clicked(self) -> None:
        if self._current_id and self._assessment_id and self._ref:
            self._run_quick(
                lambda: evidence_service.unlink(
                    self._ws, self._current_id, self._assessment_id, self._ref
                )
            )

    def _on_link_many_button_clicked(self) -> None:
        if not (self._current_id and self._assessment_id):
            return
        evidence_id, assessment_id = self._current_id, self._assessment_id
        item = self._ws.store.evidence.get(evidence_id)
        dialog = LinkCriteriaDialog(
            item.title,
            evidence_service.criteria_choices(self._ws, assessment_id),
            evidence_service.linked_refs(self._ws, evidence_id, assessment_id),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._run_quick(
                lambda: evidence_service.set_links(
                    self._ws, evidence_id, assessment_id, dialog.chosen_refs()
                )
            )
        )
        dialog.open()

    def _run_quick(self, action) -> None:
        """A short edit on the GUI thread: refresh and tell the window, or show the refusal."""
        try:
            action()
        except UserError as exc:
            self._show_error(exc.message)
            return
        self._changed()

    def _on_form_edited(self) -> None:
        item = self.form.item()
        if item is None or self._locked:
            return
        try:
            updated = evidence_service.update_metadata(self._ws, item.id, self.form.metadata())
        except UserError as exc:
            self._show_current()  # back to what is stored
            self._show_error(exc.message)
            return
        self.form.remember(updated)
        if updated != item:
            self._changed(details=False)

    def _on_form_new_revision_requested(self) -> None:
        item = self.form.item()
        if item is None or self._locked or self._handle is not None:
            return
        path = self._ask_revision_file()
        if path is not None:
            self._start(
                work.add_revision(self._ws, item.id, path),
                name="evidence-revision",
                on_success=self._on_revision_added,
            )

    def _on_form_revision_chosen(self, revision: EvidenceRevision) -> None:
        self._show_revision(revision)

    def _on_preview_open_requested(self) -> None:
        revision = self._preview_revision
        if revision is None:
            return
        self._tasks.run(
            work.copy_for_viewer(self._ws, revision),
            name="evidence-open",
            on_success=self._on_viewer_copy_ready,
            on_error=lambda exc: self._show_error(describe_error(exc)),
        )

    def _on_viewer_copy_ready(self, path: Path) -> None:
        if not self._open_url(QUrl.fromLocalFile(str(path))):
            self._show_error(
                _("No program on this computer opens “{name}”.").format(name=path.name)
            )
