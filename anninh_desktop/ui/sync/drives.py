"""Removable drives where a package can go: what Qt reports, filtered as USB sticks usually look.

Qt does not say whether a volume is removable. On Linux, sticks are mounted under /media or
/run/media; on macOS under /Volumes; on Windows every drive letter but the system drive is offered
(network drives included: the user sees the name and chooses).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo


@dataclass(frozen=True)
class Volume:
    root: str
    name: str
    free: int
    ready: bool
    read_only: bool


@dataclass(frozen=True)
class Drive:
    path: Path
    name: str
    free: int


def _looks_removable(root: str, platform: str, system_drive: str) -> bool:
    if platform == "win32":
        letter = root[:2].upper()
        return len(letter) == 2 and letter[1] == ":" and letter != system_drive.upper()
    if platform == "darwin":
        return root.startswith("/Volumes/")
    return root.startswith(("/media/", "/run/media/", "/mnt/"))


def pick_drives(
    volumes: list[Volume], platform: str = sys.platform, system_drive: str = "C:"
) -> list[Drive]:
    """The ready, writable volumes that look like USB sticks, by name."""
    drives = [
        Drive(Path(v.root), v.name or Path(v.root).name or v.root, v.free)
        for v in volumes
        if v.ready and not v.read_only and _looks_removable(v.root, platform, system_drive)
    ]
    return sorted(drives, key=lambda d: (d.name.lower(), str(d.path)))


def removable_drives() -> list[Drive]:
    """The removable drives mounted now (QStorageInfo.mountedVolumes)."""
    volumes = [
        Volume(
            root=info.rootPath(),
            name=info.displayName(),
            free=info.bytesAvailable(),
            ready=info.isValid() and info.isReady(),
            read_only=info.isReadOnly(),
        )
        for info in QStorageInfo.mountedVolumes()
    ]
    return pick_drives(volumes, system_drive=os.environ.get("SystemDrive", "C:"))
