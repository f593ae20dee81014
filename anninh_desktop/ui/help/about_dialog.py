"""Help ▸ About: the program's version and data folder, and the licences of what it ships.

The Licences tab lists every part of the program folder (bundled_licences) with its licence; the
texts of the part chosen are shown below the list. Qt and PySide6 are used under the LGPL: the tab
says where their source is and that the libraries may be replaced (docs/dependencies.md).
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop import __version__
from anninh_desktop.i18n import _
from anninh_desktop.locations import program_folder, program_root
from anninh_desktop.ui.help.bundled_licences import BundledPart, bundled_parts

log = logging.getLogger(__name__)

QT_SOURCE = "https://download.qt.io/official_releases/qt/"
PYSIDE_SOURCE = "https://code.qt.io/pyside/pyside-setup.git"


def lgpl_text() -> str:
    return _(
        "Qt and PySide6 (with shiboken6) are used under the GNU Lesser General Public License "
        "version 3. They are the unmodified shared libraries in the program folder "
        "(_internal/PySide6 and _internal/shiboken6); you may replace them with your own build of "
        "the same version, and the program loads yours. Their source code: Qt at {qt}, PySide6 and "
        "shiboken6 at {pyside} (and as source packages on PyPI). The licence texts are in the "
        "program folder's licenses folder and in the list below."
    ).format(qt=QT_SOURCE, pyside=PYSIDE_SOURCE)


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About An Ninh Desktop"))
        self.resize(760, 600)
        self.parts: list[BundledPart] = bundled_parts()

        folder = program_folder() or program_root()
        self.summary = QLabel(
            "<h2>{name} {version}</h2><p>{what}</p><p>{data}<br>{program}</p>".format(
                name=_("An Ninh Desktop"),
                version=__version__,
                what=_(
                    "Checklists, evidence and dossiers for the movement "
                    "“Toàn dân bảo vệ an ninh Tổ quốc”."
                ),
                # Folder names are text, not markup ("<" or "&" in a Windows user's name).
                data=html.escape(_("Data folder: {path}").format(path=data_folder)),
                program=html.escape(_("Program folder: {path}").format(path=folder)),
            ),
            self,
        )
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.lgpl = QLabel(lgpl_text(), self)
        self.lgpl.setWordWrap(True)
        self.lgpl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.parts_list = QTreeWidget(self)
        self.parts_list.setColumnCount(3)
        self.parts_list.setHeaderLabels([_("Part"), _("Version"), _("Licence")])
        self.parts_list.setRootIsDecorated(False)
        self.parts_list.setAccessibleName(_("Bundled parts and their licences"))
        for part in self.parts:
            item = QTreeWidgetItem([part.name, part.version, part.licence])
            if part.note:
                item.setToolTip(0, part.note)
                item.setToolTip(2, part.note)
            self.parts_list.addTopLevelItem(item)
        for column in range(3):
            self.parts_list.resizeColumnToContents(column)
        self.licence_text = QPlainTextEdit(self)
        self.licence_text.setReadOnly(True)
        self.licence_text.setAccessibleName(_("Licence text"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.parts_list)
        splitter.addWidget(self.licence_text)
        licences = QWidget(self)
        licences_layout = QVBoxLayout(licences)
        licences_layout.addWidget(self.lgpl)
        licences_layout.addWidget(splitter, 1)

        about = QWidget(self)
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(self.summary)
        about_layout.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(about, _("&Program"))
        self.tabs.addTab(licences, _("&Licences"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.parts_list.currentItemChanged.connect(self._on_part_chosen)
        if self.parts:
            self.parts_list.setCurrentItem(self.parts_list.topLevelItem(0))

    def part_names(self) -> list[str]:
        return [
            self.parts_list.topLevelItem(i).text(0)
            for i in range(self.parts_list.topLevelItemCount())
        ]

    def show_part(self, name: str) -> None:
        for i in range(self.parts_list.topLevelItemCount()):
            if self.parts_list.topLevelItem(i).text(0) == name:
                self.parts_list.setCurrentItem(self.parts_list.topLevelItem(i))
                return
        raise LookupError(name)

    def _on_part_chosen(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            self.licence_text.clear()
            return
        part = self.parts[self.parts_list.indexOfTopLevelItem(item)]
        chunks = [f"{part.name} {part.version}: {part.licence}"]
        if part.note:
            chunks.append(part.note)
        for path in part.texts:
            try:
                body = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                log.exception("cannot read the licence text %s", path)
                body = _("(cannot read {path})").format(path=path)
            chunks.append(f"──── {path.name} ────\n{body}")
        if not part.texts:
            chunks.append(_("(no licence text found in this installation)"))
        self.licence_text.setPlainText("\n\n".join(chunks))
