"""The user guide's window: contents on the left, the page on the right, search above.

The page is the language's resources/help/<lang>/guide.html in a QTextBrowser (offline, no Qt Help
module). The contents are read from the page itself (its headings), so they cannot disagree with it;
search ignores case and diacritics ("ho so" finds "hồ sơ"), highlights every match and steps
through them (Enter, F3; Shift+Enter, Shift+F3 back).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _, current_language
from anninh_desktop.ui.help.guide_files import find_all, guide_path

STYLE = """
h1 { color: #7a1010; }
h2 { color: #7a1010; margin-top: 18px; }
h3 { color: #333333; margin-top: 12px; }
kbd { font-family: monospace; background-color: #eeeeee; }
.note { background-color: #fff6d6; }
td, th { padding: 3px; }
"""
HIGHLIGHT = QColor("#ffe36e")
SETTLE_SECONDS = 2.0


class GuideWindow(QWidget):
    """The guide in the program's current language; `open_section(anchor)` shows one section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("User guide — An Ninh Desktop"))
        self.resize(1000, 720)
        self.language = current_language()
        self.path = guide_path(self.language)
        self.current_anchor: str | None = None
        # The section asked for is scrolled to again while the page's layout settles (the window's
        # first size, the pictures): until then a heading's place still moves.
        self._settling_until = 0.0
        self._hits: list[int] = []
        self._hit = -1

        self.back_button = QToolButton(self)
        self.back_button.setText("◀")
        self.back_button.setToolTip(_("Back (Alt+Left)"))
        self.back_button.setAccessibleName(_("Back"))
        self.forward_button = QToolButton(self)
        self.forward_button.setText("▶")
        self.forward_button.setToolTip(_("Forward (Alt+Right)"))
        self.forward_button.setAccessibleName(_("Forward"))
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search the guide (Ctrl+F); diacritics optional"))
        self.search.setAccessibleName(_("Search the guide"))
        self.hits_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addWidget(self.search, 1)
        top.addWidget(self.hits_label)

        self.contents = QTreeWidget(self)
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName(_("Contents"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.contents)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 740])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self._fill_contents()
        self.browser.document().documentLayout().documentSizeChanged.connect(
            self._on_layout_changed
        )
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.contents.itemActivated.connect(self._on_contents_item)
        self.contents.itemClicked.connect(self._on_contents_item)
        self.search.textChanged.connect(self._on_search_changed)
        self.search.returnPressed.connect(self.next_hit)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.next_hit)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, self.previous_hit)
        QShortcut(QKeySequence("Shift+Return"), self.search, self.previous_hit)
        QShortcut(QKeySequence.StandardKey.Back, self, self.browser.backward)
        QShortcut(QKeySequence.StandardKey.Forward, self, self.browser.forward)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    # ----------------------------------------------------------------- contents

    def headings(self) -> list[tuple[int, str, str, int]]:
        """(level, anchor, title, position) of every heading of the page, from the document."""
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in (2, 3):
                anchor = ""
                it = block.begin()
                while not it.atEnd() and not anchor:
                    names = it.fragment().charFormat().anchorNames()
                    anchor = names[0] if names else ""
                    it += 1
                if anchor:
                    found.append((level, anchor, block.text().strip(), block.position()))
            block = block.next()
        return found

    def _fill_contents(self) -> None:
        self.contents.clear()
        self._items: dict[str, QTreeWidgetItem] = {}
        parent: QTreeWidgetItem | None = None
        for level, anchor, title, _position in self.headings():
            if level == 2 or parent is None:
                item = QTreeWidgetItem(self.contents, [title])
                parent = item
            else:
                item = QTreeWidgetItem(parent, [title])
            item.setData(0, Qt.ItemDataRole.UserRole, anchor)
            self._items[anchor] = item

    def anchors(self) -> list[str]:
        return list(self._items)

    def _on_contents_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        anchor = item.data(0, Qt.ItemDataRole.UserRole)
        if anchor:
            self.open_section(str(anchor))

    # ----------------------------------------------------------------- sections

    def open_section(self, anchor: str | None) -> None:
        """Show the window with the section `anchor` at the top (the start for None or unknown)."""
        if anchor not in self._items:
            anchor = next(iter(self._items), None)
        self.current_anchor = anchor
        if self.browser.source().toLocalFile() != str(self.path):
            self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if anchor:
            item = self._items[anchor]
            self.contents.setCurrentItem(item)
            self.contents.scrollToItem(item)
            self._settling_until = time.monotonic() + SETTLE_SECONDS
            self.browser.scrollToAnchor(anchor)
            QTimer.singleShot(0, self._on_layout_changed)  # after the window's first layout

    def _on_layout_changed(self, *_args: object) -> None:
        if self.current_anchor and time.monotonic() < self._settling_until:
            self.browser.scrollToAnchor(self.current_anchor)

    def top_text(self) -> str:
        """The text of the line at the top of the page as shown (what the reader sees first)."""
        return self.browser.cursorForPosition(QPoint(4, 4)).block().text()

    # ----------------------------------------------------------------- search

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_changed(self, text: str) -> None:
        document = self.browser.document()
        raw = document.toRawText()
        self._hits = find_all(raw, text)
        self._hit = -1
        length = len(" ".join(text.split()))
        highlight = QTextCharFormat()
        highlight.setBackground(HIGHLIGHT)
        selections = []
        for start in self._hits:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = highlight
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        self._show_sections_with_hits()
        if not text.strip():
            self.hits_label.clear()
        elif not self._hits:
            self.hits_label.setText(_("Not found"))
        else:
            self.next_hit()

    def _show_sections_with_hits(self) -> None:
        """While searching, the contents show only the sections with a match."""
        positions = self.headings()
        hit_sections: set[str] = set()
        for start in self._hits:
            owner = [anchor for _l, anchor, _t, position in positions if position <= start]
            if owner:
                hit_sections.add(owner[-1])
        searching = bool(self.search.text().strip())
        for anchor, item in self._items.items():
            children = [item.child(i) for i in range(item.childCount())]
            visible = (
                not searching
                or anchor in hit_sections
                or any(c.data(0, Qt.ItemDataRole.UserRole) in hit_sections for c in children)
            )
            item.setHidden(not visible)
            if searching and visible:
                item.setExpanded(True)

    def next_hit(self) -> None:
        self._step(1)

    def previous_hit(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._hits:
            return
        self._hit = (self._hit + direction) % len(self._hits)
        start = self._hits[self._hit]
        length = len(" ".join(self.search.text().split()))
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        self.hits_label.setText(_("{n} of {total}").format(n=self._hit + 1, total=len(self._hits)))
