"""Where the program's shipped files live (resources, translations), whatever way it was started."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def program_root() -> Path:
    """The folder that holds `resources/` and `translations/`.

    A PyInstaller bundle unpacks them beside the executable (`sys._MEIPASS`); a source checkout or an
    editable install has them at the top of the repository. `ANNINH_PROGRAM_ROOT` overrides both.
    """
    override = os.environ.get("ANNINH_PROGRAM_ROOT")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


# A file of this name beside the program's executable makes the program portable: its data folder
# is then `<program folder>/data` (the portable zip ships with it; the installer never does).
PORTABLE_MARKER = "anninh-portable.txt"
PORTABLE_DATA = "data"


def program_folder() -> Path | None:
    """The folder of the bundle's executables, or None when not running from a bundle."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def portable_data_dir() -> Path | None:
    """`<program folder>/data` when the portable marker sits beside the executable, else None."""
    folder = program_folder()
    if folder is None or not (folder / PORTABLE_MARKER).is_file():
        return None
    return folder / PORTABLE_DATA


def resources_dir() -> Path:
    return program_root() / "resources"


def translations_dir() -> Path:
    return program_root() / "translations"
