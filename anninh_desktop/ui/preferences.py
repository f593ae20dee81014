"""The window's preferences: language, window layout, last choices, in an INI file in the data folder.

Kept beside the data (not in the registry) so that a portable installation carries them along and
tests stay isolated. Every getter returns a safe default when the value is missing or damaged (a
hand-edited file must never stop the program from starting).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from anninh_desktop.i18n import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

PREFERENCES_FILE = "settings.ini"
MIN_YEAR, MAX_YEAR = 2000, 2100

_LANGUAGE = "general/language"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_LAYOUT = "layout/{name}"
_UNIT = "selection/unit"
_YEAR = "selection/year"
_FOLDER = "folders/{purpose}"
_FILE = "files/{purpose}"
_FIRST_RUN_DONE = "general/first_run_done"
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")  # keys stay plain words: no "/" groups, no INI escapes


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"bad preference name {name!r}")
    return name


class Preferences:
    """Typed access to the preferences file; setters write through at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Preferences:
        """The preferences of a data folder (`<data_dir>/settings.ini`)."""
        return cls(Path(data_dir) / PREFERENCES_FILE)

    # -- raw access --------------------------------------------------------------------------
    def _text(self, key: str) -> str | None:
        value = self._settings.value(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        return None

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def _set(self, key: str, value: object, *, sync: bool = True) -> None:
        if value is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, value)
        if not sync:  # QSettings writes it from the event loop soon, and when it is destroyed
            return
        self._settings.sync()
        if self._settings.status() != QSettings.Status.NoError:
            # Preferences are a convenience: a read-only folder must not stop the work.
            log.warning("cannot write preferences to %s", self.path)

    # -- language ----------------------------------------------------------------------------
    def language(self) -> str | None:
        """'vi' or 'en' as chosen in the settings; None when never chosen (or not understood)."""
        value = self._text(_LANGUAGE)
        return value if value in SUPPORTED_LANGUAGES else None

    def set_language(self, lang: str) -> None:
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        self._set(_LANGUAGE, lang)

    # -- first run ---------------------------------------------------------------------------
    def first_run_done(self) -> bool:
        """True once the user answered the first-run question (then it is not asked again)."""
        return str(self._settings.value(_FIRST_RUN_DONE, "")).strip().lower() in ("true", "1")

    def set_first_run_done(self, done: bool = True) -> None:
        self._set(_FIRST_RUN_DONE, "true" if done else None)

    # -- window layout -----------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        """What `QMainWindow.saveGeometry()` gave last time, for `restoreGeometry`."""
        return self._bytes(_GEOMETRY)

    def set_window_geometry(self, data: QByteArray | bytes) -> None:
        self._set(_GEOMETRY, QByteArray(data))

    def window_state(self) -> QByteArray | None:
        """What `QMainWindow.saveState()` gave last time (toolbars, docks), for `restoreState`."""
        return self._bytes(_STATE)

    def set_window_state(self, data: QByteArray | bytes) -> None:
        self._set(_STATE, QByteArray(data))

    def layout_state(self, name: str) -> QByteArray | None:
        """A named splitter's or header's saved state (`saveState()`), e.g. "main_splitter"."""
        return self._bytes(_LAYOUT.format(name=_check_name(name)))

    def set_layout_state(self, name: str, data: QByteArray | bytes) -> None:
        self._set(_LAYOUT.format(name=_check_name(name)), QByteArray(data))

    # -- last selection ----------------------------------------------------------------------
    def last_unit(self) -> str | None:
        """The id of the unit selected last time (it may have been deleted since)."""
        return self._text(_UNIT)

    def set_last_unit(self, unit_id: str | None) -> None:
        # Every selection in the navigator: writing the file each time cost ~17 ms of it.
        self._set(_UNIT, unit_id or None, sync=False)

    def last_year(self) -> int | None:
        """The year chosen last time; None when missing or not a plausible year."""
        value = self._settings.value(_YEAR)
        try:
            year = int(str(value).strip())
        except (TypeError, ValueError):
            return None
        return year if MIN_YEAR <= year <= MAX_YEAR else None

    def set_last_year(self, year: int) -> None:
        self._set(_YEAR, int(year))

    # -- file dialogs ------------------------------------------------------------------------
    def last_folder(self, purpose: str) -> Path | None:
        """The folder last used in a file dialog for `purpose` ("evidence", "export"…) if it
        still exists; None otherwise (the dialog then opens at its own default)."""
        value = self._text(_FOLDER.format(purpose=_check_name(purpose)))
        if value is None:
            return None
        path = Path(value)
        return path if path.is_dir() else None

    def set_last_folder(self, purpose: str, folder: Path) -> None:
        """Remember the folder of a file chosen in a dialog (give the file or its folder)."""
        folder = Path(folder)
        if not folder.is_dir():
            folder = folder.parent
        self._set(_FOLDER.format(purpose=_check_name(purpose)), str(folder))

    def last_file(self, purpose: str) -> Path | None:
        """A file chosen last time for `purpose` ("pkcs11_module", "signature_image"…) if it
        still exists; None otherwise."""
        value = self._text(_FILE.format(purpose=_check_name(purpose)))
        if value is None:
            return None
        path = Path(value)
        return path if path.is_file() else None

    def set_last_file(self, purpose: str, path: Path | None) -> None:
        """Remember a chosen file (None forgets it). Never a secret: paths only."""
        self._set(_FILE.format(purpose=_check_name(purpose)), str(path) if path else None)

    def sync(self) -> None:
        self._settings.sync()
