"""Splitter sizes remembered per screen: a laptop screen and the office monitor each keep theirs.

A screen is named by its size in device-independent pixels and its scale ("1366x768.100",
"1920x1080.150"): the same physical monitor at another scale is another layout. A splitter is
remembered under its name, its orientation (a pane that moves from beside to below keeps both
arrangements) and the screen. The values are the splitter's own `saveState()` (sizes, collapsed
panes), kept in the preferences file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter, QWidget

from anninh_desktop.ui.preferences import Preferences

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400


def screen_key(screen: QScreen | None) -> str:
    """ "1366x768.125": the screen's size in device-independent pixels and its scale in percent."""
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    if screen is None:
        return "none"
    size = screen.size()
    return f"{size.width()}x{size.height()}.{round(screen.devicePixelRatio() * 100)}"


def _window_screen_key(widget: QWidget) -> str:
    return screen_key(widget.window().screen())


class LayoutMemory(QObject):
    """Saves the sizes of tracked splitters when the user moves them, per screen and orientation,
    and puts them back when asked (`restore`) or when the window moves to another screen."""

    def __init__(
        self,
        preferences: Preferences | None,
        parent: QObject | None = None,
        *,
        screen_of: Callable[[QWidget], str] | None = None,
    ) -> None:
        """`screen_of(widget)` names the screen a widget is on (default: `screen_key` of its
        window's screen)."""
        super().__init__(parent)
        self._preferences = preferences
        self._screen_of = screen_of or _window_screen_key
        self._splitters: dict[str, QSplitter] = {}
        self._defaults: dict[str, Callable[[QSplitter], None]] = {}
        self._restoring = False
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    # tracking ------------------------------------------------------------------------------
    def track(self, name: str, splitter: QSplitter, default: Callable[[QSplitter], None]) -> None:
        """Remember `splitter` as `name`; `default(splitter)` sets its sizes when none are saved."""
        self._splitters[name] = splitter
        self._defaults[name] = default
        splitter.splitterMoved.connect(lambda _pos, _index, n=name: self.changed(n))
        splitter.destroyed.connect(lambda _obj=None, n=name, s=splitter: self._forget(n, s))

    def _forget(self, name: str, splitter: QSplitter) -> None:
        # A part built again (another language) tracks its new splitter under the same name
        # before the old one is gone.
        if self._splitters.get(name) is not splitter:
            return
        self._splitters.pop(name, None)
        self._defaults.pop(name, None)
        self._dirty.discard(name)

    def _key(self, name: str, splitter: QSplitter) -> str:
        way = "h" if splitter.orientation() is Qt.Orientation.Horizontal else "v"
        return f"{name}.{way}.{self._screen_of(splitter)}"

    # saving and restoring ------------------------------------------------------------------
    def changed(self, name: str) -> None:
        """The user changed the sizes of `name` (dragged a handle, folded a pane): save soon."""
        if self._restoring:
            return
        self._dirty.add(name)
        self._timer.start()

    def save_now(self) -> None:
        """Write the sizes the user changed since the last save."""
        self._timer.stop()
        if self._preferences is None:
            self._dirty.clear()
            return
        for name in sorted(self._dirty):
            splitter = self._splitters.get(name)
            if splitter is not None:
                data = splitter.saveState()
                self._preferences.set_layout_state(self._key(name, splitter), data)
        self._dirty.clear()

    def restore(self, name: str) -> None:
        """Put back the saved sizes of `name` for this screen and orientation, else its defaults."""
        splitter = self._splitters.get(name)
        if splitter is None:
            return
        self._restoring = True
        try:
            saved = None
            if self._preferences is not None:
                saved = self._preferences.layout_state(self._key(name, splitter))
            if saved is None or not splitter.restoreState(QByteArray(saved)):
                self._defaults[name](splitter)
        finally:
            self._restoring = False

    def restore_all(self) -> None:
        for name in list(self._splitters):
            self.restore(name)

    def has_saved(self, name: str) -> bool:
        splitter = self._splitters.get(name)
        if splitter is None or self._preferences is None:
            return False
        return self._preferences.layout_state(self._key(name, splitter)) is not None
