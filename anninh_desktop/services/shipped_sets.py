"""Which criterion set files ship with the program, and a fingerprint of them.

Kept apart from the criteria library (which imports the YAML parser) so an ordinary start can see
that nothing changed without importing or parsing anything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from anninh_desktop.locations import resources_dir

SET_FILE_SUFFIX = ".yaml"
SHIPPED_KEY = "shipped_sets_sha256"  # meta key: fingerprint of the files last imported


def shipped_set_files() -> list[Path]:
    """The set files shipped with the program (resources/criteria/*.yaml), sorted by name."""
    folder = resources_dir() / "criteria"
    return sorted(folder.glob(f"*{SET_FILE_SUFFIX}"))


def shipped_fingerprint(files: list[Path] | None = None) -> str:
    """SHA-256 over the names and bytes of the shipped files."""
    digest = hashlib.sha256()
    for path in shipped_set_files() if files is None else files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()
