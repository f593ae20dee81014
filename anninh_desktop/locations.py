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


def resources_dir() -> Path:
    return program_root() / "resources"


def translations_dir() -> Path:
    return program_root() / "translations"
