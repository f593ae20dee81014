"""The dossier dialog of one assessment: completeness, the documents' texts, build, sign, verify.

Opened from the assessment header's "Dossier…" button. The build, the signing and the checks run
on the TaskRunner; the dialog stays responsive and shows progress with a Stop button.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.services.dossier import DossierBuild
from anninh_desktop.services.dossier.summary import dossier_summary
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier.build_view import BuildView
from anninh_desktop.ui.dossier.completeness_view import CompletenessView
from anninh_desktop.ui.dossier.sign_notes import signed_notes
from anninh_desktop.ui.dossier.texts_editor import DocumentTextsEditor
from anninh_desktop.ui.dossier.work import SignOutcome, build_task, verify_task
from anninh_desktop.ui.evidence.file_warnings_view import EvidenceFileWarningsView
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskHandle, TaskRunner, describe_error

log = logging.getLogger(__name__)


SIDE_BY_SIDE, IN_TABS = "side", "tabs"
SIDE_BY_SIDE_WIDTH, SIDE_BY_SIDE_HEIGHT = 1000, 560


class DossierDialog(QDialog):
    """Everything about one assessment's dossier, in one window."""

    def __init__(
        self,
        workspace: Workspace,
        assessment_id: str,
        tasks: TaskRunner,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self._assessment_id = assessment_id
        self._tasks = tasks
        self._prefs = preferences
        self._handle: TaskHandle | None = None
        self._chosen_path: Path | None = None  # None: the default file in the data folder
        self._sign_dialog: QDialog | None = None
        self.signed_roles: set[SignerRole] = set()  # of the file shown
        self.built: DossierBuild | None = None  # the last build of this dialog

        assessment = workspace.store.assessments.get(assessment_id)
        unit = workspace.store.units.get(assessment.unit_id)
        self.setWindowTitle(
            _("Dossier of {unit}, {year}").format(unit=unit.display_name, year=assessment.year)
        )
        self.completeness = CompletenessView(self)
        self.texts = DocumentTextsEditor(workspace, self)
        self.view = BuildView(self)
        completeness_box = QGroupBox(_("Evidence check"), self)
        QVBoxLayout(completeness_box).addWidget(self.completeness)
        texts_box = QGroupBox(_("Texts of the documents"), self)
        QVBoxLayout(texts_box).addWidget(self.texts)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(completeness_box)
        left.addWidget(texts_box)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        self.left = left
        self.splitter = QSplitter(self)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # On a small screen the texts and the build are one tab each (see `_arrange`).
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setDocumentMode(True)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.side_tabs)
        self.arrangement = ""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.buttons)
        self._arrange(SIDE_BY_SIDE)
        self.resize(1320, 860)
        self.splitter.setSizes([560, 760])

        v = self.view
        v.build_button.clicked.connect(self._on_build_button_clicked)
        v.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        v.save_as_button.clicked.connect(self._on_save_as_button_clicked)
        v.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        v.print_button.clicked.connect(self._on_print_button_clicked)
        v.signers_button.clicked.connect(self._on_signers_button_clicked)
        v.sign_button.clicked.connect(self._on_sign_button_clicked)
        v.verify_button.clicked.connect(self._on_verify_button_clicked)
        v.preview.openRequested.connect(self._on_preview_openRequested)

        problems = dossier_service.completeness_problems(workspace, assessment_id)
        self.completeness.show_problems(problems)
        # Evidence whose file the check on arrival found wanting (ui/evidence owns this view).
        self.file_warnings = EvidenceFileWarningsView(self)
        completeness_box.layout().addWidget(self.file_warnings)
        self.file_warnings.show_warnings(
            dossier_service.evidence_file_warnings(workspace, assessment_id)
        )
        problems_or_warnings = bool(problems or self.file_warnings.warnings)
        if not problems_or_warnings:  # one line of good news needs no room
            completeness_box.setMaximumHeight(completeness_box.sizeHint().height())
        left.setSizes([260, 600] if problems_or_warnings else [70, 790])
        self.texts.set_assessment(assessment_id, locked=assessment.locked)
        self._show_file(self.target_path())

    # ------------------------------------------------------------------------ arrangement
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        wide = size.width() >= SIDE_BY_SIDE_WIDTH and size.height() >= SIDE_BY_SIDE_HEIGHT
        self._arrange(SIDE_BY_SIDE if wide else IN_TABS)

    def _arrange(self, wanted: str) -> None:
        """The texts beside the build on a large screen; one tab each on a small one."""
        if wanted == self.arrangement:
            return
        current = self.side_tabs.currentIndex() if self.arrangement == IN_TABS else 0
        self.arrangement = wanted
        if wanted == SIDE_BY_SIDE:
            self.side_tabs.clear()
            self.splitter.addWidget(self.left)
            self.splitter.addWidget(self.view)
            self.left.show()
            self.view.show()
            self.body.setCurrentWidget(self.splitter)
        else:
            self.side_tabs.addTab(self.left, _("Texts and evidence check"))
            self.side_tabs.addTab(self.view, _("Build, preview and sign"))
            self.side_tabs.setCurrentIndex(current)
            self.body.setCurrentWidget(self.side_tabs)

    def show_build_side(self) -> None:
        """Bring the build, the preview and the signatures into view (their tab, if any)."""
        if self.arrangement == IN_TABS:
            self.side_tabs.setCurrentWidget(self.view)

    # ------------------------------------------------------------------------ public interface
    def target_path(self) -> Path:
        """The file the next build writes (and the file signed and verified)."""
        if self._chosen_path is not None:
            return self._chosen_path
        return dossier_service.default_output_path(self._ws, self._assessment_id)

    def busy(self) -> bool:
        return self._handle is not None and self._handle.running

    def build(self) -> None:
        """Save the texts, then build on the task runner (what the Build button does)."""
        if self.busy():
            return
        if not self.texts.flush():
            self._show_error(
                _(
                    "The text of “{document}” cannot be used, so the dossier was not built: "
                    "{reason}"
                ).format(
                    document=self.texts.chooser.currentText(),
                    reason=self.texts.status_label.text(),
                )
            )
            return
        self.view.status_label.clear()
        self.view.preview.clear()  # the file is about to be replaced; let go of it
        self._start(
            build_task(self._ws, self._assessment_id, self._chosen_path),
            name="dossier.build",
            on_success=self._on_build_succeeded,
            on_cancelled=self._on_build_cancelled,
            cancellable=True,
        )

    def verify(self) -> None:
        path = self.target_path()
        if self.busy() or not path.is_file():
            return
        self.view.preview.clear()
        self._start(
            verify_task(self._ws, path),
            name="dossier.verify",
            on_success=self._on_verify_succeeded,
            on_cancelled=self._on_task_done_quietly,
            cancellable=False,
        )

    # ------------------------------------------------------------------------------ showing
    def _show_file(self, path: Path) -> None:
        """Show the dossier file that exists now (built now or earlier), or say there is none:
        its documents' numbers and dates and who signed it, from the records; the warnings of
        this session's build, if the file is still that build's or was signed from it."""
        self.signed_roles = self.view.show_file(path)
        if path.is_file():
            summary = dossier_summary(self._ws, self._assessment_id, self.view.current_sha)
            self.view.show_summary(summary, self.signed_roles)
            if self.built is not None and self.built.path == path:
                self.view.show_warnings(self.built.warnings)
        self._update_buttons()

    def _show_build(self, built: DossierBuild) -> None:
        self._show_file(built.path)
        self.view.show_build(built)

    def _update_buttons(self) -> None:
        v = self.view
        busy = self.busy()
        exists = self.target_path().is_file()
        v.build_button.setEnabled(not busy)
        v.save_as_button.setEnabled(not busy)
        for button in (v.sign_button, v.verify_button, v.open_folder_button, v.print_button):
            button.setEnabled(exists and not busy)
        why = "" if exists else _("Build the dossier first.")
        v.sign_button.setToolTip(why or _("Sign the dossier with a certificate or a token"))
        v.verify_button.setToolTip(why or _("Check every signature of the dossier"))
        v.open_folder_button.setToolTip(why or _("Show the dossier's folder"))

    def _show_error(self, message: str) -> None:
        """A message box that does not block (tests and the window keep running)."""
        self.view.status_label.setText(message)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Dossier"), message, parent=self)
        box.setObjectName("dossier_error")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _show_report(self, report: VerificationReport) -> None:
        self.view.verification.show_report(report)
        self.view.tabs.setCurrentIndex(BuildView.TAB_SIGNATURES)

    # ---------------------------------------------------------------------------- long work
    def _start(self, func, *, name: str, on_success, on_cancelled, cancellable: bool) -> None:
        v = self.view
        v.progress_bar.setRange(0, 0)
        v.progress_label.setText(_("Starting…"))
        v.progress_row.show()
        v.cancel_button.setVisible(cancellable)
        v.cancel_button.setEnabled(cancellable)
        self._handle = self._tasks.run(
            func,
            name=name,
            on_success=on_success,
            on_error=self._on_task_failed,
            on_progress=self._on_task_progress,
            on_cancelled=on_cancelled,
        )
        if not self._handle.running:
            self._handle = None  # an inline runner has finished already
        self._update_buttons()

    def _finish_task(self) -> None:
        self._handle = None
        self.view.progress_row.hide()
        self._update_buttons()

    def _on_task_progress(self, done: int, total: int, text: str) -> None:
        self.view.progress_label.setText(text)
        self.view.progress_bar.setRange(0, max(total, 0))
        self.view.progress_bar.setValue(done)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._finish_task()
        self._show_file(self.target_path())
        self._show_error(describe_error(exc))

    def _on_task_done_quietly(self) -> None:
        self._finish_task()
        self._show_file(self.target_path())

    def _on_build_succeeded(self, built: DossierBuild) -> None:
        self._finish_task()
        self.built = built
        self._show_build(built)
        self.view.tabs.setCurrentIndex(BuildView.TAB_PREVIEW)
        self.view.status_label.setText(_("The dossier was built: {path}").format(path=built.path))

    def _on_build_cancelled(self) -> None:
        self._finish_task()
        self._show_file(self.target_path())
        self.view.status_label.setText(_("Stopped: no file was written."))

    def _on_verify_succeeded(self, report: VerificationReport) -> None:
        self._finish_task()
        self._show_file(self.target_path())
        self._show_report(report)

    def _on_signed(self, outcome: SignOutcome) -> None:
        self._show_file(outcome.result.path)
        self.view.status_label.setText(" ".join(signed_notes(outcome)))
        self._show_report(outcome.report)

    def _on_imported(self, report: VerificationReport) -> None:
        self._show_file(report.path)
        self.view.status_label.setText(_("The signed file was taken back."))
        self._show_report(report)

    # -------------------------------------------------------------------------------- slots
    def _on_build_button_clicked(self) -> None:
        self.build()

    def _on_cancel_button_clicked(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.view.cancel_button.setEnabled(False)
            self.view.progress_label.setText(_("Stopping…"))

    def _ask_save_path(self) -> Path | None:
        start = self.target_path()
        if self._prefs is not None and (folder := self._prefs.last_folder("dossier")):
            start = folder / start.name
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Build the dossier into"), str(start), _("PDF files (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def _on_save_as_button_clicked(self) -> None:
        path = self._ask_save_path()
        if path is None:
            return
        if self._prefs is not None:
            self._prefs.set_last_folder("dossier", path.parent)
        self._chosen_path = path
        self._show_file(path)

    def _open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)

    def _on_signers_button_clicked(self) -> None:
        from anninh_desktop.ui.dossier.signers_dialog import SignersDialog

        dialog = SignersDialog(self._ws, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_open_folder_button_clicked(self) -> None:
        self._open_url(QUrl.fromLocalFile(str(self.target_path().parent)))

    def _on_print_button_clicked(self) -> None:
        from anninh_desktop.ui.printing.documents import print_pdf_file

        self.print_preview = print_pdf_file(self, self.target_path(), self.target_path().name)

    def _on_preview_openRequested(self) -> None:
        self._open_url(QUrl.fromLocalFile(str(self.target_path())))

    def open_sign_dialog(self) -> QDialog:
        from anninh_desktop.ui.dossier.sign_dialog import SignDialog

        dialog = SignDialog(self._ws, self.target_path(), self._tasks, self._prefs, self)
        dialog.signed.connect(self._on_signed)
        dialog.imported.connect(self._on_imported)
        dialog.releaseFile.connect(self.view.preview.clear)
        dialog.finished.connect(self._on_sign_dialog_finished)
        self._sign_dialog = dialog
        dialog.open()
        return dialog

    def _on_sign_button_clicked(self) -> None:
        self.open_sign_dialog()

    def _on_sign_dialog_finished(self, _result: int) -> None:
        dialog, self._sign_dialog = self._sign_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._show_file(self.target_path())

    def _on_verify_button_clicked(self) -> None:
        self.verify()

    # ------------------------------------------------------------------------------ closing
    def done(self, result: int) -> None:
        if self.busy():
            answer = QMessageBox.question(
                self,
                _("Dossier"),
                _("The dossier is still being built. Stop and close?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            if self._handle is not None:
                self._handle.cancel()
        if not self.texts.flush() and not self._ask_discard_text():
            return
        self.view.preview.clear()
        super().done(result)

    def _ask_discard_text(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Dossier"),
            _("The text of “{document}” was not saved: {reason}\n\nClose and lose it?").format(
                document=self.texts.chooser.currentText(), reason=self.texts.status_label.text()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
